#include <amperity/version.hpp>

#include <amperity/client_options.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

BOOST_AUTO_TEST_SUITE(version)

BOOST_AUTO_TEST_CASE(string_matches_the_numbers_and_the_user_agent) {
    std::string const numbers = std::to_string(AMPERITY_VERSION_MAJOR) + "." +
                                std::to_string(AMPERITY_VERSION_MINOR) + "." +
                                std::to_string(AMPERITY_VERSION_PATCH);
    BOOST_TEST(numbers == AMPERITY_VERSION_STRING);
    BOOST_TEST(AMPERITY_VERSION ==
               AMPERITY_VERSION_MAJOR * 10000 + AMPERITY_VERSION_MINOR * 100 + AMPERITY_VERSION_PATCH);
    BOOST_TEST(amperity::client_options{}.user_agent == "amperity-cpp/" + numbers);
}

BOOST_AUTO_TEST_SUITE_END()
