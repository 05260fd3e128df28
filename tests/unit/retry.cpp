// Included first: proves the header is self-contained.
#include <amperity/retry.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>

namespace amperity_unit {

namespace {

using amperity::attempt_failure;
using amperity::decide;
using amperity::next_step;
using std::chrono::milliseconds;

char const* step_name(next_step s) {
    switch (s) {
    case next_step::succeed:
        return "succeed";
    case next_step::retry:
        return "retry";
    case next_step::fail:
        return "fail";
    case next_step::outcome_unknown:
        return "outcome_unknown";
    }
    return "?";
}

char const* failure_name(attempt_failure f) {
    switch (f) {
    case attempt_failure::none:
        return "none";
    case attempt_failure::not_sent:
        return "not_sent";
    case attempt_failure::tls_rejected:
        return "tls_rejected";
    case attempt_failure::lost_after_write:
        return "lost_after_write";
    case attempt_failure::unreadable_body:
        return "unreadable_body";
    case attempt_failure::too_large:
        return "too_large";
    case attempt_failure::insecure:
        return "insecure";
    case attempt_failure::proxy_auth_required:
        return "proxy_auth_required";
    case attempt_failure::proxy_refused:
        return "proxy_refused";
    }
    return "?";
}

constexpr attempt_failure all_failures[] = {
    attempt_failure::none,
    attempt_failure::not_sent,
    attempt_failure::tls_rejected,
    attempt_failure::lost_after_write,
    attempt_failure::unreadable_body,
    attempt_failure::too_large,
    attempt_failure::insecure,
    attempt_failure::proxy_auth_required,
    attempt_failure::proxy_refused,
};

// One row of the matrix: what happened, and the step for an idempotent and for a
// non-idempotent operation.
struct row {
    attempt_failure failure;
    unsigned status;
    next_step idempotent;
    next_step not_idempotent;
};

constexpr auto S = next_step::succeed;
constexpr auto R = next_step::retry;
constexpr auto F = next_step::fail;
constexpr auto U = next_step::outcome_unknown;

constexpr row matrix[] = {
    // failures with no usable status: the status does not matter
    {attempt_failure::not_sent, 0, R, R},
    {attempt_failure::tls_rejected, 0, F, F},
    {attempt_failure::lost_after_write, 0, R, U},
    {attempt_failure::unreadable_body, 200, F, U},
    {attempt_failure::too_large, 200, F, U},
    {attempt_failure::insecure, 0, F, F},
    {attempt_failure::proxy_auth_required, 0, F, F},
    {attempt_failure::proxy_refused, 0, F, F},
    // a response was read
    {attempt_failure::none, 200, S, S},
    {attempt_failure::none, 201, S, S},
    {attempt_failure::none, 204, S, S},
    {attempt_failure::none, 400, F, F},
    {attempt_failure::none, 401, F, F},
    {attempt_failure::none, 403, F, F},
    {attempt_failure::none, 404, F, F},
    {attempt_failure::none, 405, F, F},
    {attempt_failure::none, 409, F, F},
    {attempt_failure::none, 429, R, R},
    {attempt_failure::none, 500, F, U},
    {attempt_failure::none, 502, R, U},
    {attempt_failure::none, 503, R, U},
    {attempt_failure::none, 504, R, U},
    {attempt_failure::none, 599, F, U},
};

// The ceiling of retry n under the default policy: min(8000, 250 * 2^(n-1)).
constexpr std::int64_t default_ceiling(unsigned n) {
    std::int64_t c = 250;
    for (unsigned i = 1; i < n && c < 8000; ++i)
        c *= 2;
    return std::min<std::int64_t>(c, 8000);
}

struct draws {
    std::int64_t min = std::numeric_limits<std::int64_t>::max();
    std::int64_t max = std::numeric_limits<std::int64_t>::min();
};

draws draw(amperity::retry_policy const& p, unsigned n, std::optional<milliseconds> ra, int count,
           unsigned seed = 42) {
    std::mt19937 rng(seed);
    draws d;
    for (int i = 0; i < count; ++i) {
        auto const w = amperity::backoff(p, n, ra, rng).count();
        d.min = std::min(d.min, w);
        d.max = std::max(d.max, w);
    }
    return d;
}

} // namespace

BOOST_AUTO_TEST_SUITE(retry)

BOOST_AUTO_TEST_CASE(decision_matrix) {
    for (auto const& r : matrix) {
        BOOST_TEST_CONTEXT(failure_name(r.failure) << " status " << r.status) {
            BOOST_TEST(step_name(decide(true, r.failure, r.status)) == step_name(r.idempotent));
            BOOST_TEST(step_name(decide(false, r.failure, r.status)) ==
                       step_name(r.not_idempotent));
        }
    }
    // The same rules are usable at compile time.
    static_assert(decide(false, attempt_failure::not_sent, 0) == next_step::retry);
    static_assert(decide(false, attempt_failure::none, 503) == next_step::outcome_unknown);
    static_assert(decide(true, attempt_failure::none, 503) == next_step::retry);
}

BOOST_AUTO_TEST_CASE(transport_failures_ignore_the_status) {
    // For every failure other than none, the status (if any arrived) changes nothing.
    for (auto const& r : matrix) {
        if (r.failure == attempt_failure::none)
            continue;
        for (unsigned status : {0u, 200u, 204u, 400u, 429u, 500u, 503u, 599u}) {
            BOOST_TEST_CONTEXT(failure_name(r.failure) << " status " << status) {
                BOOST_TEST(step_name(decide(true, r.failure, status)) == step_name(r.idempotent));
                BOOST_TEST(step_name(decide(false, r.failure, status)) ==
                           step_name(r.not_idempotent));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(other_statuses) {
    // Statuses outside the table: other 2xx succeed, other 4xx fail, and anything else after
    // the write (no status line, 1xx, 3xx, other 5xx) is unknown for a non-idempotent request
    // and a plain failure for an idempotent one.
    struct other {
        unsigned status;
        next_step idempotent;
        next_step not_idempotent;
    };
    other const table[] = {
        {202, S, S}, {299, S, S}, {402, F, F}, {408, F, F}, {422, F, F}, {499, F, F},
        {0, F, U},   {100, F, U}, {199, F, U}, {300, F, U}, {304, F, U}, {399, F, U},
        {501, F, U}, {505, F, U}, {600, F, U}, {999, F, U},
    };
    for (auto const& o : table) {
        BOOST_TEST_CONTEXT("status " << o.status) {
            BOOST_TEST(step_name(decide(true, attempt_failure::none, o.status)) ==
                       step_name(o.idempotent));
            BOOST_TEST(step_name(decide(false, attempt_failure::none, o.status)) ==
                       step_name(o.not_idempotent));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_workflow_is_never_started_twice) {
    // Exhaustively: a non-idempotent request is retried only when it provably was not
    // processed (never written, or 429), whatever the status.
    int retries = 0;
    for (auto failure : all_failures) {
        for (unsigned status = 0; status < 1000; ++status) {
            bool const allowed = failure == attempt_failure::not_sent ||
                                 (failure == attempt_failure::none && status == 429);
            bool const retried = decide(false, failure, status) == next_step::retry;
            if (retried)
                ++retries;
            if (retried != allowed)
                BOOST_TEST(retried == allowed, failure_name(failure)
                                                   << " status " << status << " -> "
                                                   << step_name(decide(false, failure, status)));
        }
    }
    // not_sent for each of the 1000 statuses, plus 429.
    BOOST_TEST(retries == 1001);
    // ...and it never fails silently after the write: a written request whose answer was
    // lost or unusable is outcome_unknown, not fail.
    BOOST_TEST(step_name(decide(false, attempt_failure::lost_after_write, 0)) == "outcome_unknown");
    BOOST_TEST(step_name(decide(false, attempt_failure::unreadable_body, 200)) ==
               "outcome_unknown");
}

BOOST_AUTO_TEST_CASE(tls_rejection_is_never_retried) {
    for (bool idempotent : {true, false})
        for (unsigned status = 0; status < 1000; ++status)
            if (decide(idempotent, attempt_failure::tls_rejected, status) != next_step::fail)
                BOOST_TEST(step_name(decide(idempotent, attempt_failure::tls_rejected, status)) ==
                               "fail",
                           "idempotent " << idempotent << " status " << status);
    BOOST_TEST(step_name(decide(true, attempt_failure::tls_rejected, 0)) == "fail");
}

BOOST_AUTO_TEST_CASE(backoff_is_full_jitter_within_the_ceiling) {
    amperity::retry_policy const p; // 250 ms initial, 8000 ms max
    std::int64_t const expected_ceilings[] = {250, 500, 1000, 2000, 4000, 8000, 8000, 8000};
    for (unsigned n = 1; n <= 8; ++n) {
        std::int64_t const ceiling = default_ceiling(n);
        BOOST_TEST(ceiling == expected_ceilings[n - 1]);
        BOOST_TEST_CONTEXT("retry " << n << ", ceiling " << ceiling) {
            auto const d = draw(p, n, std::nullopt, 10000, n);
            BOOST_TEST(d.min >= 0);
            BOOST_TEST(d.max <= ceiling);
            // Not degenerate: spread over the whole range.
            BOOST_TEST(d.max * 10 > ceiling * 8);
            BOOST_TEST(d.min * 10 < ceiling * 2);
        }
    }
    // The ceiling really grows: retry 2 goes beyond retry 1's ceiling.
    BOOST_TEST(draw(p, 2, std::nullopt, 10000).max > 250);
    // Retry 0 (not used by the client) behaves like retry 1.
    BOOST_TEST(draw(p, 0, std::nullopt, 10000).max <= 250);
}

BOOST_AUTO_TEST_CASE(backoff_is_reproducible_with_a_seed) {
    amperity::retry_policy const p;
    std::mt19937 a(7), b(7);
    for (unsigned n = 1; n <= 20; ++n)
        BOOST_TEST(amperity::backoff(p, n, std::nullopt, a).count() ==
                   amperity::backoff(p, n, std::nullopt, b).count());
}

BOOST_AUTO_TEST_CASE(backoff_large_retry_numbers_do_not_overflow) {
    amperity::retry_policy const p;
    for (unsigned n : {30u, 63u, 64u, 65u, 1000u, std::numeric_limits<unsigned>::max()}) {
        BOOST_TEST_CONTEXT("retry " << n) {
            auto const d = draw(p, n, std::nullopt, 10000);
            BOOST_TEST(d.min >= 0);
            BOOST_TEST(d.max <= 8000);
            BOOST_TEST(d.max > 6400);
        }
    }
    // A large max_backoff with a large retry number: the ceiling stops at max_backoff.
    amperity::retry_policy big;
    big.initial_backoff = milliseconds(1000);
    big.max_backoff = milliseconds(1LL << 40);
    auto const d = draw(big, 1000, std::nullopt, 1000);
    BOOST_TEST(d.min >= 0);
    BOOST_TEST(d.max <= (1LL << 40));
    BOOST_TEST(d.max > (1LL << 40) / 10 * 8);
}

BOOST_AUTO_TEST_CASE(backoff_custom_policies) {
    // max below initial: max wins from the first retry.
    amperity::retry_policy low;
    low.initial_backoff = milliseconds(1000);
    low.max_backoff = milliseconds(300);
    auto const d = draw(low, 1, std::nullopt, 10000);
    BOOST_TEST(d.max <= 300);
    BOOST_TEST(d.max > 240);
    // No backoff at all.
    amperity::retry_policy none;
    none.initial_backoff = milliseconds(0);
    auto const z = draw(none, 5, std::nullopt, 1000);
    BOOST_TEST(z.min == 0);
    BOOST_TEST(z.max == 0);
}

BOOST_AUTO_TEST_CASE(retry_after_is_honoured_and_capped) {
    amperity::retry_policy const p; // max_retry_after 30 s
    // Longer than any jitter: exactly the server's wait.
    auto const longer = draw(p, 1, milliseconds(20000), 1000);
    BOOST_TEST(longer.min == 20000);
    BOOST_TEST(longer.max == 20000);
    // Longer than max_retry_after: capped.
    auto const capped = draw(p, 1, milliseconds(3600000), 1000);
    BOOST_TEST(capped.min == 30000);
    BOOST_TEST(capped.max == 30000);
    auto const at_cap = draw(p, 8, milliseconds(30000), 1000);
    BOOST_TEST(at_cap.min == 30000);
    BOOST_TEST(at_cap.max == 30000);
    // Shorter than the jitter: a floor, the jitter above it stays.
    auto const shorter = draw(p, 6, milliseconds(100), 10000); // ceiling 8000
    BOOST_TEST(shorter.min == 100);
    BOOST_TEST(shorter.max <= 8000);
    BOOST_TEST(shorter.max > 6400);
    // Zero: just the jitter.
    auto const zero = draw(p, 3, milliseconds(0), 10000); // ceiling 1000
    BOOST_TEST(zero.min < 200);
    BOOST_TEST(zero.max <= 1000);
    BOOST_TEST(zero.max > 800);
    // A cap below the jitter: the jitter still applies.
    amperity::retry_policy small_cap;
    small_cap.max_retry_after = milliseconds(50);
    auto const sc = draw(small_cap, 6, milliseconds(60000), 10000);
    BOOST_TEST(sc.min == 50);
    BOOST_TEST(sc.max <= 8000);
    BOOST_TEST(sc.max > 6400);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
