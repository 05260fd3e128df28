// The one Boost.Test module of the unit tests; each test file is a suite of its own.
#define BOOST_TEST_MODULE amperity unit tests
#include <boost/test/unit_test.hpp>
