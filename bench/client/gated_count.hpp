// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_BENCH_CLIENT_GATED_COUNT_HPP
#define AMPERITY_BENCH_CLIENT_GATED_COUNT_HPP

// A count that moves only between start() and stop(): what the malloc and OpenSSL allocation
// counters share. Atomic (Asio resolves names on a thread of its own), and constant-initialised,
// so it works in allocations made before any static constructor has run.

#include <atomic>
#include <cstdint>

namespace amperity_bench {

class gated_count {
public:
    constexpr gated_count() noexcept = default;

    /// One event, counted only while started.
    void note() noexcept {
        if (counting_.load(std::memory_order_relaxed)) count_.fetch_add(1, std::memory_order_relaxed);
    }
    /// Resets the count and starts counting.
    void start() noexcept {
        count_.store(0, std::memory_order_relaxed);
        counting_.store(true, std::memory_order_relaxed);
    }
    /// Stops counting; returns the count since start().
    std::uint64_t stop() noexcept {
        counting_.store(false, std::memory_order_relaxed);
        return count_.load(std::memory_order_relaxed);
    }

private:
    std::atomic<bool> counting_{false};
    std::atomic<std::uint64_t> count_{0};
};

} // namespace amperity_bench

#endif // AMPERITY_BENCH_CLIENT_GATED_COUNT_HPP
