// The one Boost.Test module of the emulator's own tests (its logic, without networking).
#define BOOST_TEST_MODULE amperity emulator tests
#include <boost/test/unit_test.hpp>
