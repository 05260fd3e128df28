// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_BENCH_ALLOC_COUNTER_HPP
#define AMPERITY_BENCH_ALLOC_COUNTER_HPP

// Counts calls to the global operator new (every form: plain, array, aligned, nothrow), which
// alloc_counter.cpp replaces for the whole benchmark executable, shared libraries included.
// Libraries that call malloc directly are not seen, except through record(): RapidJSON's
// allocator does that in this benchmark. Counting is off unless start() was called, and the
// benchmark is single threaded.

#include <cstdint>

namespace amperity_bench::allocations {

/// Resets the count and starts counting.
void start() noexcept;

/// Counts one allocation made without operator new (while counting).
void record() noexcept;

/// Stops counting; returns the number of allocations since start().
std::uint64_t stop() noexcept;

} // namespace amperity_bench::allocations

#endif // AMPERITY_BENCH_ALLOC_COUNTER_HPP
