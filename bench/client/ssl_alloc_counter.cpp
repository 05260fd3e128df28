// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

#include "ssl_alloc_counter.hpp"

#include <openssl/crypto.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>

namespace amperity_bench::ssl_allocations {
namespace {

// Atomic: Asio resolves names on a thread of its own (OpenSSL is not used there, but nothing
// here should depend on that).
std::atomic<bool> counting{false};
std::atomic<std::uint64_t> count{0};
bool taken = false;

void* counted_malloc(std::size_t size, char const*, int) {
    if (counting.load(std::memory_order_relaxed)) count.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(size);
}

void* counted_realloc(void* p, std::size_t size, char const*, int) {
    if (p == nullptr && counting.load(std::memory_order_relaxed))
        count.fetch_add(1, std::memory_order_relaxed);
    return std::realloc(p, size);
}

void counted_free(void* p, char const*, int) { std::free(p); }

// Before the C++ static constructors (101 is the first priority left to programs): Asio's
// OpenSSL initialisation must not allocate through OpenSSL's default functions first.
__attribute__((constructor(101))) void install() {
    taken = CRYPTO_set_mem_functions(counted_malloc, counted_realloc, counted_free) == 1;
}

} // namespace

bool installed() noexcept { return taken; }

void start() noexcept {
    count.store(0, std::memory_order_relaxed);
    counting.store(true, std::memory_order_relaxed);
}

std::uint64_t stop() noexcept {
    counting.store(false, std::memory_order_relaxed);
    return count.load(std::memory_order_relaxed);
}

} // namespace amperity_bench::ssl_allocations
