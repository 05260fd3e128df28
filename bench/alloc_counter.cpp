// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// Replacements of every global operator new and delete, so that allocations can be counted.
// Memory comes from malloc / posix_memalign; the cost outside counting is one predictable branch
// per allocation, the same for every decoder.

#include "alloc_counter.hpp"

#include <cstddef>
#include <cstdlib>
#include <new>

namespace amperity_bench::allocations {
namespace {

bool counting = false;
std::uint64_t count = 0;

void* allocate(std::size_t size) noexcept {
    if (counting) ++count;
    return std::malloc(size == 0 ? 1 : size);
}

void* allocate(std::size_t size, std::align_val_t align) noexcept {
    if (counting) ++count;
    auto alignment = static_cast<std::size_t>(align);
    if (alignment < sizeof(void*)) alignment = sizeof(void*);
    void* p = nullptr;
    if (posix_memalign(&p, alignment, size == 0 ? 1 : size) != 0) return nullptr;
    return p;
}

void* allocate_or_throw(std::size_t size) {
    for (;;) {
        if (void* p = allocate(size)) return p;
        std::new_handler handler = std::get_new_handler();
        if (!handler) throw std::bad_alloc();
        handler();
    }
}

void* allocate_or_throw(std::size_t size, std::align_val_t align) {
    for (;;) {
        if (void* p = allocate(size, align)) return p;
        std::new_handler handler = std::get_new_handler();
        if (!handler) throw std::bad_alloc();
        handler();
    }
}

} // namespace

void start() noexcept {
    count = 0;
    counting = true;
}

void record() noexcept {
    if (counting) ++count;
}

std::uint64_t stop() noexcept {
    counting = false;
    return count;
}

} // namespace amperity_bench::allocations

using amperity_bench::allocations::allocate;
using amperity_bench::allocations::allocate_or_throw;

void* operator new(std::size_t size) { return allocate_or_throw(size); }
void* operator new[](std::size_t size) { return allocate_or_throw(size); }
void* operator new(std::size_t size, std::nothrow_t const&) noexcept { return allocate(size); }
void* operator new[](std::size_t size, std::nothrow_t const&) noexcept { return allocate(size); }
void* operator new(std::size_t size, std::align_val_t align) {
    return allocate_or_throw(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align) {
    return allocate_or_throw(size, align);
}
void* operator new(std::size_t size, std::align_val_t align, std::nothrow_t const&) noexcept {
    return allocate(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align, std::nothrow_t const&) noexcept {
    return allocate(size, align);
}

void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete[](void* p, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, std::nothrow_t const&) noexcept { std::free(p); }
