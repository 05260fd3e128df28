// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_RETRY_HPP
#define AMPERITY_RETRY_HPP

// When to retry, as a pure function of what happened to one attempt and whether the operation
// is idempotent (the spec's x-amperity-idempotent, through the generated descriptors). The
// client's loop applies it; the unit tests check the whole matrix.
//
// The rule that matters: a non-idempotent request (run-workflow) is retried only when it
// provably was not processed: the connection failed before the request was written, or the
// server answered 429. Anything else that goes wrong after the request was written (a reset, a
// timeout, a 5xx, a body we cannot read) is reported as errc::outcome_unknown and never
// retried, so a workflow is never started twice; the caller can look with list-workflows.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

namespace amperity {

/// Retry settings; every wait is also bounded by the call's overall deadline.
struct retry_policy {
    /// Attempts in all, the first included; 1 disables retries.
    unsigned max_attempts = 4;
    /// Backoff before retry n is uniform in [0, min(max_backoff, initial_backoff * 2^(n-1))]
    /// ("full jitter").
    std::chrono::milliseconds initial_backoff{250};
    /// The longest backoff.
    std::chrono::milliseconds max_backoff{8000};
    /// A server's Retry-After is honoured up to this long.
    std::chrono::milliseconds max_retry_after{30000};
};

/// What went wrong in one attempt (none: a response with a status arrived and was read).
enum class attempt_failure : unsigned char {
    none,             ///< a response arrived and was read
    not_sent,         ///< resolve/connect/TLS handshake failed; nothing was written
    tls_rejected,     ///< certificate verification failed (a configuration error)
    lost_after_write, ///< reset, EOF, timeout or truncated body after the request was written
    unreadable_body,  ///< a 2xx whose body does not decode
    too_large,        ///< the response (body, header, chunk line or trailer) exceeded a limit
    insecure,         ///< plain http to a name that resolved to a non-loopback address
    proxy_auth_required, ///< the proxy answered CONNECT with 407 (or 401); the server saw nothing
    proxy_refused,       ///< the proxy answered CONNECT with another non-2xx status
};

/// What the retry loop does after an attempt (see decide()).
enum class next_step : unsigned char {
    succeed,         ///< a 2xx: the call completes with the response
    retry,           ///< wait (backoff, Retry-After) and try again, if attempts and time remain
    fail,            ///< complete with the attempt's error
    outcome_unknown, ///< complete with errc::outcome_unknown: never resent
};

/// The decision for one attempt; `status` is the HTTP status when failure == none or the
/// body was the problem (0 when no status line arrived).
constexpr next_step decide(bool idempotent, attempt_failure failure, unsigned status) noexcept {
    switch (failure) {
    case attempt_failure::not_sent: return next_step::retry;
    case attempt_failure::tls_rejected:
    case attempt_failure::insecure:
    // The proxy's answer to CONNECT is its policy (credentials, allowed ports) or its view of
    // the target: not retried, as the same answer would come back (nothing reached the API).
    case attempt_failure::proxy_auth_required:
    case attempt_failure::proxy_refused: return next_step::fail;
    case attempt_failure::lost_after_write:
        return idempotent ? next_step::retry : next_step::outcome_unknown;
    case attempt_failure::unreadable_body:
    case attempt_failure::too_large:
        return idempotent ? next_step::fail : next_step::outcome_unknown;
    case attempt_failure::none: break;
    }
    if (status >= 200 && status < 300) return next_step::succeed;
    if (status == 429) return next_step::retry; // rate limited: not processed
    if (status >= 400 && status < 500) return next_step::fail;
    if (!idempotent) return next_step::outcome_unknown; // 5xx (or 1xx/3xx) after the write
    if (status == 502 || status == 503 || status == 504) return next_step::retry;
    return next_step::fail;
}

/// The wait before retry number `retry` (1 for the first retry): full jitter, or the server's
/// Retry-After when that is longer, capped by max_retry_after.
template <class Rng>
std::chrono::milliseconds backoff(retry_policy const& p, unsigned retry,
                                  std::optional<std::chrono::milliseconds> retry_after,
                                  Rng& rng) {
    using std::chrono::milliseconds;
    auto const max = std::max<std::int64_t>(p.max_backoff.count(), 0);
    std::int64_t ceiling = std::clamp<std::int64_t>(p.initial_backoff.count(), 0, max);
    for (unsigned i = 1; i < retry && ceiling > 0 && ceiling < max; ++i)
        ceiling = ceiling > max / 2 ? max : ceiling * 2;
    std::uniform_int_distribution<std::int64_t> dist(0, std::max<std::int64_t>(ceiling, 0));
    milliseconds wait(dist(rng));
    if (retry_after) wait = std::max(wait, std::min(*retry_after, p.max_retry_after));
    return wait;
}

} // namespace amperity

#endif // AMPERITY_RETRY_HPP
