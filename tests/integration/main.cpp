// The one Boost.Test module of the integration tests (loopback only: an in-process emulator).
#define BOOST_TEST_MODULE amperity integration tests
#include <boost/test/unit_test.hpp>
