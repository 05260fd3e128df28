// Included first: proves the header is self-contained.
#include <amperity/rate_limit.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>

namespace amperity_unit {

namespace {

using amperity::rate_limiter;
using clock_type = rate_limiter::clock;
using namespace std::chrono_literals;

// A fixed "now" well away from the clock's epoch.
clock_type::time_point const t0 = clock_type::time_point{} + std::chrono::hours(1);
clock_type::time_point const never = clock_type::time_point::max();

// The reserved slot as nanoseconds after t0; -1 for nullopt.
std::int64_t slot(rate_limiter& rl, clock_type::time_point now,
                  clock_type::time_point deadline = never) {
    auto const r = rl.reserve(now, deadline);
    return r ? std::chrono::duration_cast<std::chrono::nanoseconds>(*r - t0).count() : -1;
}

constexpr std::int64_t ms(std::int64_t n) {
    return n * 1000000;
}

} // namespace

BOOST_AUTO_TEST_SUITE(rate_limit)

BOOST_AUTO_TEST_CASE(defaults_are_amperitys_documented_limit) {
    amperity::rate_limit const l;
    BOOST_TEST(l.requests_per_second == 10.0);
    BOOST_TEST(l.burst == 10u);
    BOOST_TEST(rate_limiter{}.enabled());
}

BOOST_AUTO_TEST_CASE(disabled_when_rate_is_not_positive) {
    for (double rps : {0.0, -1.0, -0.001, std::numeric_limits<double>::quiet_NaN()}) {
        BOOST_TEST_CONTEXT("rps " << rps) {
            rate_limiter rl({rps, 10});
            BOOST_TEST(!rl.enabled());
            for (int i = 0; i < 1000; ++i) {
                if (slot(rl, t0) != 0)
                    BOOST_TEST(slot(rl, t0) == 0, "request " << i);
            }
            BOOST_TEST(slot(rl, t0) == 0);
            BOOST_TEST(slot(rl, t0 + 5s) == ms(5000));
            // Even with a deadline already passed: nothing to wait for.
            BOOST_TEST(slot(rl, t0, t0 - 1s) == 0);
        }
    }
}

BOOST_AUTO_TEST_CASE(burst_then_interval) {
    rate_limiter rl({10.0, 10});
    BOOST_TEST(rl.enabled());
    for (int i = 0; i < 10; ++i)
        BOOST_TEST(slot(rl, t0) == 0, "request " << i);
    BOOST_TEST(slot(rl, t0) == ms(100)); // 11th
    BOOST_TEST(slot(rl, t0) == ms(200)); // 12th
    BOOST_TEST(slot(rl, t0) == ms(300)); // 13th
}

BOOST_AUTO_TEST_CASE(bucket_refills_after_a_second) {
    rate_limiter rl({10.0, 10});
    for (int i = 0; i < 10; ++i)
        BOOST_TEST(slot(rl, t0) == 0);
    BOOST_TEST(slot(rl, t0, t0) == -1); // empty now
    for (int i = 0; i < 10; ++i)
        BOOST_TEST(slot(rl, t0 + 1s) == ms(1000), "request " << i);
    BOOST_TEST(slot(rl, t0 + 1s) == ms(1100));
}

BOOST_AUTO_TEST_CASE(bucket_refills_gradually) {
    rate_limiter rl({10.0, 10});
    for (int i = 0; i < 10; ++i)
        BOOST_TEST(slot(rl, t0) == 0);
    // 300 ms later three tokens are back.
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(slot(rl, t0 + 300ms) == ms(300), "request " << i);
    BOOST_TEST(slot(rl, t0 + 300ms) == ms(400));
}

BOOST_AUTO_TEST_CASE(a_long_pause_does_not_grow_the_burst) {
    rate_limiter rl({10.0, 10});
    for (int i = 0; i < 10; ++i)
        BOOST_TEST(slot(rl, t0) == 0);
    auto const later = t0 + 60s;
    for (int i = 0; i < 10; ++i)
        BOOST_TEST(slot(rl, later) == ms(60000), "request " << i);
    BOOST_TEST(slot(rl, later) == ms(60100));
}

BOOST_AUTO_TEST_CASE(a_slot_past_the_deadline_is_not_reserved) {
    rate_limiter rl({10.0, 10});
    for (int i = 0; i < 10; ++i)
        BOOST_TEST(slot(rl, t0) == 0);
    // The next slot is t0 + 100 ms: refused with earlier deadlines, without consuming it.
    BOOST_TEST(slot(rl, t0, t0 + 50ms) == -1);
    BOOST_TEST(slot(rl, t0, t0 + 99ms) == -1);
    BOOST_TEST(slot(rl, t0, t0 + 100ms - 1ns) == -1);
    BOOST_TEST(slot(rl, t0, t0) == -1);
    // A deadline exactly at the slot is good enough; it gets the very same slot.
    BOOST_TEST(slot(rl, t0, t0 + 100ms) == ms(100));
    BOOST_TEST(slot(rl, t0, t0 + 150ms) == -1);
    BOOST_TEST(slot(rl, t0, t0 + 1s) == ms(200));
}

BOOST_AUTO_TEST_CASE(a_passed_deadline_refuses_even_a_free_slot) {
    rate_limiter rl({10.0, 10});
    BOOST_TEST(slot(rl, t0, t0 - 1ns) == -1);
    // ...and consumed nothing: the whole burst is still there.
    for (int i = 0; i < 10; ++i)
        BOOST_TEST(slot(rl, t0) == 0, "request " << i);
    BOOST_TEST(slot(rl, t0) == ms(100));
}

BOOST_AUTO_TEST_CASE(burst_one_spaces_every_request) {
    for (unsigned burst : {0u, 1u}) { // 0 is treated as 1
        BOOST_TEST_CONTEXT("burst " << burst) {
            rate_limiter rl({10.0, burst});
            for (std::int64_t i = 0; i < 20; ++i)
                BOOST_TEST(slot(rl, t0) == ms(100 * i));
        }
    }
    // Requests that arrive spaced by the interval never wait.
    rate_limiter rl({10.0, 1});
    for (std::int64_t i = 0; i < 20; ++i) {
        auto const now = t0 + i * 100ms;
        BOOST_TEST(slot(rl, now) == ms(100 * i));
    }
    // One arriving early waits for its slot.
    BOOST_TEST(slot(rl, t0 + 2000ms - 30ms) == ms(2000));
}

BOOST_AUTO_TEST_CASE(fractional_rates) {
    rate_limiter half({0.5, 1});
    BOOST_TEST(slot(half, t0) == 0);
    BOOST_TEST(slot(half, t0) == ms(2000));
    BOOST_TEST(slot(half, t0) == ms(4000));

    rate_limiter half_burst({0.5, 3});
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(slot(half_burst, t0) == 0);
    BOOST_TEST(slot(half_burst, t0) == ms(2000));
    // 2 s later one token came back (the slot above already used it).
    BOOST_TEST(slot(half_burst, t0 + 2s) == ms(4000));

    // 3/s: the interval is 1/3 s, truncated to whole nanoseconds.
    rate_limiter third({3.0, 1});
    BOOST_TEST(slot(third, t0) == 0);
    BOOST_TEST(slot(third, t0) == 333333333);
    BOOST_TEST(slot(third, t0) == 666666666);

    // Fast rates: 1000/s.
    rate_limiter fast({1000.0, 1});
    BOOST_TEST(slot(fast, t0) == 0);
    BOOST_TEST(slot(fast, t0) == ms(1));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
