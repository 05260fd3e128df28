// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_BENCH_CLIENT_HEAP_COUNTER_HPP
#define AMPERITY_BENCH_CLIENT_HEAP_COUNTER_HPP

// Counts every heap allocation of the process at the C level: malloc, calloc, realloc of a
// null pointer, aligned_alloc, posix_memalign, memalign, valloc, pvalloc, which
// heap_counter.cpp defines for the whole program (glibc allows replacing them) and forwards to
// glibc's own (__libc_malloc and friends). operator new (bench/alloc_counter.cpp) is one of
// the callers; the others matter here: Asio allocates coroutine frames with aligned_alloc
// through its recycling allocator (no operator new), OpenSSL calls malloc, and name resolution
// allocates on Asio's resolver thread. Thread-safe (relaxed atomics).

#include <cstdint>

namespace amperity_bench::heap_allocations {

/// Resets the count and starts counting.
void start() noexcept;

/// Stops counting; returns the number of allocations since start().
std::uint64_t stop() noexcept;

} // namespace amperity_bench::heap_allocations

#endif // AMPERITY_BENCH_CLIENT_HEAP_COUNTER_HPP
