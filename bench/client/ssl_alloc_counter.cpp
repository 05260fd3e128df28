// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

#include "ssl_alloc_counter.hpp"

#include "gated_count.hpp"

#include <openssl/crypto.h>

#include <cstddef>
#include <cstdlib>

namespace amperity_bench::ssl_allocations {
namespace {

constinit gated_count ssl;
bool taken = false;

void* counted_malloc(std::size_t size, char const*, int) {
    ssl.note();
    return std::malloc(size);
}

void* counted_realloc(void* p, std::size_t size, char const*, int) {
    if (p == nullptr) ssl.note();
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

void start() noexcept { ssl.start(); }

std::uint64_t stop() noexcept { return ssl.stop(); }

} // namespace amperity_bench::ssl_allocations
