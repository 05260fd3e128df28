// Included first: proves the header is self-contained.
#include <amperity/detail/deadline.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>

namespace amperity_unit {

using amperity::detail::after;
using amperity::detail::saturate_cast;
using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

BOOST_AUTO_TEST_SUITE(deadline)

// These would overflow (undefined behaviour, caught by UBSan in the asan build) with `t + d`.
BOOST_AUTO_TEST_CASE(huge_durations_saturate) {
    auto const now = clock::now();
    BOOST_TEST((after(now, milliseconds::max()) == clock::time_point::max()));
    BOOST_TEST((after(now, std::chrono::hours::max()) == clock::time_point::max()));
    BOOST_TEST((after(clock::time_point::max(), milliseconds(1)) == clock::time_point::max()));
    BOOST_TEST((after(now, nanoseconds::max()) == clock::time_point::max()));
}

BOOST_AUTO_TEST_CASE(ordinary_and_negative_durations) {
    auto const now = clock::now();
    BOOST_TEST((after(now, milliseconds(250)) == now + milliseconds(250)));
    BOOST_TEST((after(now, milliseconds(0)) == now));
    BOOST_TEST((after(now, milliseconds(-5)) == now));
    BOOST_TEST((after(now, milliseconds::min()) == now));
    auto const near_end = clock::time_point::max() - milliseconds(10);
    BOOST_TEST((after(near_end, milliseconds(5)) == near_end + milliseconds(5)));
    BOOST_TEST((after(near_end, milliseconds(10)) == clock::time_point::max()));
}

BOOST_AUTO_TEST_CASE(saturate_cast_to_nanoseconds) {
    BOOST_TEST((saturate_cast<nanoseconds>(milliseconds::max()) == nanoseconds::max()));
    BOOST_TEST((saturate_cast<nanoseconds>(milliseconds::min()) == nanoseconds::min()));
    BOOST_TEST((saturate_cast<nanoseconds>(milliseconds(3)) == nanoseconds(3'000'000)));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
