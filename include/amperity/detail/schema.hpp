// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_SCHEMA_HPP
#define AMPERITY_DETAIL_SCHEMA_HPP

// The shape of the field tables the generator emits for every struct. The codecs walk these
// tables; nothing here knows any particular schema.

#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>

namespace amperity::detail {

/// One member of a generated struct: its wire name, whether the spec requires it, and a
/// pointer to the member.
template <auto Member>
struct field {
    std::string_view wire;
    bool required;
    static constexpr auto member = Member;
};

/// Specialised by the generator:
///     template <> struct object_schema<workflow> {
///         static constexpr std::string_view name = "Workflow";
///         static constexpr auto fields = std::tuple{field<&workflow::id>{"id", true}, ...};
///         static int find(std::string_view key) noexcept; // field index or -1
///     };
template <class T>
struct object_schema;

template <class T>
concept described_object = requires {
    object_schema<T>::name;
    object_schema<T>::fields;
};

/// True if the N - 1 bytes at `key` spell `literal`. The caller has already checked the length.
/// A constant-length __builtin_memcmp compared with zero compiles to a few word compares (GCC,
/// Clang) and stays usable in constant expressions, so the generated dispatch can be
/// static_asserted.
template <std::size_t N>
constexpr bool key_is(char const* key, char const (&literal)[N]) noexcept {
    if constexpr (N == 1)
        return true;
    else
#if defined(__GNUC__) || defined(__clang__)
        return __builtin_memcmp(key, literal, N - 1) == 0;
#else
        return std::char_traits<char>::compare(key, literal, N - 1) == 0;
#endif
}

/// Calls f(field) for every field of T, in spec order.
template <described_object T, class F>
constexpr void for_each_field(F&& f) {
    std::apply([&](auto const&... fs) { (f(fs), ...); }, object_schema<T>::fields);
}

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_SCHEMA_HPP
