// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_ASSIGN_CHARS_HPP
#define AMPERITY_DETAIL_ASSIGN_CHARS_HPP

// Copies a decoded string into a std::string member, reusing its storage. The decoder does this
// for every string value; clear() + append() goes through the general append (length checks, a
// call to memcpy for every size). Here a value no longer than the string already is (the steady
// state of a reused output: ids, labels and states keep their length from one response to the
// next) is copied with at most two overlapping fixed-size moves, which compile to register
// loads and stores, and the length is then set by a shrinking resize.

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace amperity::detail {

/// Copies n bytes, [from, from + n) not overlapping [to, to + n). Sizes up to 32 are moved with
/// two overlapping fixed-size copies (the middle bytes are written twice); longer ones by memcpy.
#if defined(__GNUC__) || defined(__clang__)
[[gnu::always_inline]]
#endif
inline void copy_chars(char* to, char const* from, std::size_t n) noexcept {
    if (n >= 8) {
        if (n <= 16) {
            std::memcpy(to, from, 8);
            std::memcpy(to + n - 8, from + n - 8, 8);
        } else if (n <= 32) {
            std::memcpy(to, from, 16);
            std::memcpy(to + n - 16, from + n - 16, 16);
        } else {
            std::memcpy(to, from, n);
        }
    } else if (n >= 4) {
        std::memcpy(to, from, 4);
        std::memcpy(to + n - 4, from + n - 4, 4);
    } else if (n != 0) {
        to[0] = from[0];
        to[n / 2] = from[n / 2];
        to[n - 1] = from[n - 1];
    }
}

/// `out = value`, reusing out's storage; `value` must not point into `out`.
#if defined(__GNUC__) || defined(__clang__)
[[gnu::always_inline]]
#endif
inline void assign_chars(std::string& out, std::string_view value) {
    std::size_t const n = value.size();
    if (n <= out.size()) {
        copy_chars(out.data(), value.data(), n);
        if (n != out.size()) out.resize(n); // shrinks: only sets the length and the null
        return;
    }
    // Longer than before (or a fresh string): the general path, which may allocate.
    out.clear();
    out.append(value.data(), n);
}

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_ASSIGN_CHARS_HPP
