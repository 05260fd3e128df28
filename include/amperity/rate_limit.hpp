// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_RATE_LIMIT_HPP
#define AMPERITY_RATE_LIMIT_HPP

// Client-side rate limiting: a token bucket (in its GCRA form) with Amperity's documented limit,
// 10 requests per second, as the default. Each request reserves the next free slot and its
// caller waits for it on an Asio timer, so waiting never blocks a thread and needs no queue.

#include <algorithm>
#include <chrono>
#include <optional>

namespace amperity {

/// The client-side rate limit: Amperity documents 10 requests per second.
struct rate_limit {
    /// Sustained rate; 0 or less turns the limiter off.
    double requests_per_second = 10.0;
    /// Requests that may go at once after a quiet period.
    unsigned burst = 10;
};

/// Not thread-safe: a client uses it from its own executor (see client.hpp).
class rate_limiter {
public:
    /// The clock slots are measured on.
    using clock = std::chrono::steady_clock;

    /// A limiter for `limit`.
    explicit rate_limiter(rate_limit limit = {}) noexcept : limit_(limit) {}

    /// False when requests_per_second <= 0.
    bool enabled() const noexcept { return limit_.requests_per_second > 0; }

    /// Reserves the next slot and returns when it may be used (<= now means at once), or
    /// nullopt, reserving nothing, when that would be after `deadline`.
    std::optional<clock::time_point> reserve(clock::time_point now,
                                             clock::time_point deadline) noexcept {
        if (!enabled()) return now;
        // Clamped so that absurd settings (1e-10 per second, a burst of 4e9) cannot overflow.
        constexpr double max_interval_s = 86400.0 * 365;
        auto const interval = std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(
            std::min(1.0 / limit_.requests_per_second, max_interval_s)));
        auto const burst = std::min<unsigned>(std::max(limit_.burst, 1u), 1u << 20);
        auto const tolerance = std::chrono::duration_cast<clock::duration>(
            std::min(std::chrono::duration<double>(interval) * (burst - 1),
                     std::chrono::duration<double>(max_interval_s)));
        if (!started_) {
            tat_ = now;
            started_ = true;
        }
        auto const allowed = std::max(now, tat_ - tolerance);
        if (allowed > deadline) return std::nullopt;
        tat_ = std::max(tat_, now) + interval;
        return allowed;
    }

private:
    rate_limit limit_;
    clock::time_point tat_{}; // theoretical arrival time of the next request
    bool started_ = false;
};

} // namespace amperity

#endif // AMPERITY_RATE_LIMIT_HPP
