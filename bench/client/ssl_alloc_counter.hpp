// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_BENCH_CLIENT_SSL_ALLOC_COUNTER_HPP
#define AMPERITY_BENCH_CLIENT_SSL_ALLOC_COUNTER_HPP

// Counts OpenSSL's own heap allocations (CRYPTO_malloc, and CRYPTO_realloc of a null pointer),
// which go to malloc and so are not seen by bench/alloc_counter.cpp's operator new. The
// counting functions are installed with CRYPTO_set_mem_functions before anything else runs
// (an ELF constructor); OpenSSL refuses them once it has allocated, and then installed() is
// false and the count is not reported.

#include <cstdint>

namespace amperity_bench::ssl_allocations {

/// Whether OpenSSL took the counting functions.
bool installed() noexcept;

/// Resets the count and starts counting.
void start() noexcept;

/// Stops counting; returns the number of allocations since start().
std::uint64_t stop() noexcept;

} // namespace amperity_bench::ssl_allocations

#endif // AMPERITY_BENCH_CLIENT_SSL_ALLOC_COUNTER_HPP
