// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_SCHEMA_HPP
#define AMPERITY_DETAIL_SCHEMA_HPP

// The shape of the field tables the generator emits for every struct. The codecs walk these
// tables; nothing here knows any particular schema.

#include <concepts>
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

/// Encodable, walkable: a name and a field table.
template <class T>
concept described_object = requires {
    object_schema<T>::name;
    object_schema<T>::fields;
};

/// Decodable: also a key lookup, `find(key)` -> field index or -1. The generator emits a
/// dispatch on length and one byte; a hand-written schema (the OAuth token body) can use
/// find_field, a linear search of the same table.
template <class T>
concept decodable_object = described_object<T> && requires(std::string_view key) {
    { object_schema<T>::find(key) } -> std::same_as<int>;
};

/// The index of the field named `key` in `fields`, or -1.
template <class Fields>
constexpr int find_field(Fields const& fields, std::string_view key) noexcept {
    int found = -1;
    int i = 0;
    std::apply([&](auto const&... fs) { ((found = found < 0 && fs.wire == key ? i : found, ++i), ...); },
               fields);
    return found;
}

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
