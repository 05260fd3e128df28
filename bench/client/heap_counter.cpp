// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

#include "heap_counter.hpp"

#include "gated_count.hpp"

#include <cerrno>
#include <cstddef>
#include <cstdlib>

// glibc's allocator under its own names (exported for exactly this use: a replacement malloc
// that forwards).
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* p, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
void* __libc_valloc(std::size_t size);
void* __libc_pvalloc(std::size_t size);
void __libc_free(void* p);
}

namespace amperity_bench::heap_allocations {
namespace {

constinit gated_count heap;

} // namespace

inline void note() noexcept { heap.note(); }

void start() noexcept { heap.start(); }

std::uint64_t stop() noexcept { return heap.stop(); }

} // namespace amperity_bench::heap_allocations

using amperity_bench::heap_allocations::note;

extern "C" {

void* malloc(std::size_t size) noexcept {
    note();
    return __libc_malloc(size);
}

void* calloc(std::size_t count, std::size_t size) noexcept {
    note();
    return __libc_calloc(count, size);
}

void* realloc(void* p, std::size_t size) noexcept {
    if (p == nullptr) note();
    return __libc_realloc(p, size);
}

void free(void* p) noexcept { __libc_free(p); }

void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
    note();
    return __libc_memalign(alignment, size);
}

void* memalign(std::size_t alignment, std::size_t size) noexcept {
    note();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
    if (alignment < sizeof(void*) || (alignment & (alignment - 1)) != 0) return EINVAL;
    note();
    void* p = __libc_memalign(alignment, size);
    if (p == nullptr) return ENOMEM;
    *out = p;
    return 0;
}

void* valloc(std::size_t size) noexcept {
    note();
    return __libc_valloc(size);
}

void* pvalloc(std::size_t size) noexcept {
    note();
    return __libc_pvalloc(size);
}

} // extern "C"
