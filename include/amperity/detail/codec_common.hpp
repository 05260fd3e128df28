// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_CODEC_COMMON_HPP
#define AMPERITY_DETAIL_CODEC_COMMON_HPP

// What every decoder of the field tables shares, so that they agree by construction: the
// failure record, JSON path steps, the type traits, what each member type is called in a
// message, and the wording of every decoding error. The direct decoder (direct_codec.hpp) uses
// it; so does the DOM reference decoder the tests hold it to (tests/oracle/dom_codec.hpp).

#include <amperity/enum.hpp>
#include <amperity/error.hpp>
#include <amperity/time.hpp>
#include <amperity/detail/schema.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace amperity::detail {

/// Nesting limit for the parser. Our deepest schema needs 7 levels; free-form members
/// (workflow_error::data) get the rest. Deeper documents are refused, not truncated.
inline constexpr std::size_t max_json_depth = 64;

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

template <class T>
concept open_enum_type = requires { typename T::value_type; } &&
                         std::is_base_of_v<open_enum<typename T::value_type>, T>;

/// What went wrong, with the path relative to the value being decoded.
struct decode_failure {
    errc code = errc::ok;
    std::string path; // e.g. ".task_instances[3].id"
    std::string detail;
};

/// A JSONPath member step: `.name` for identifier-like keys, else `["..."]` (quoted, clipped).
inline std::string member_path(std::string_view key) {
    bool plain = !key.empty() && !(key[0] >= '0' && key[0] <= '9');
    for (char c : key)
        plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '_');
    // Appended piece by piece: `"." + std::string(key)` makes GCC 12 report a false
    // -Wrestrict at -O2/-O3 inside libstdc++'s operator+ (GCC bug 105329), in users' builds too.
    std::string out;
    if (plain) {
        out.reserve(key.size() + 1);
        out += '.';
        out += key;
        return out;
    }
    out += '[';
    out += quoted_excerpt(key);
    out += ']';
    return out;
}

/// A JSONPath index step.
inline std::string index_path(std::size_t i) { return "[" + std::to_string(i) + "]"; }

/// What a member of type M is called in "missing required field (expected ...)".
template <class M>
char const* expected_text() {
    if constexpr (std::is_same_v<M, std::string>) return "a string";
    else if constexpr (std::is_same_v<M, std::int64_t>) return "an integer";
    else if constexpr (std::is_same_v<M, bool>) return "a boolean";
    else if constexpr (std::is_same_v<M, timestamp>) return "an ISO 8601 date-time string";
    else if constexpr (std::is_same_v<M, date_or_time>) return "a date or date-time string";
    else if constexpr (is_vector<M>::value) return "an array";
    else if constexpr (described_object<M>) return "an object";
    else return "a string";
}

// ---- the wording of every decoding error ---------------------------------------------------
namespace message {

inline std::string type_mismatch(std::string_view expected, std::string_view got) {
    std::string m = "expected ";
    m.append(expected).append(", got ").append(got);
    return m;
}
inline std::string missing_field(char const* expected) {
    return std::string("missing required field (expected ") + expected + ")";
}
inline std::string integer_too_large(std::uint64_t u) {
    return "expected an integer, got " + std::to_string(u) + " which does not fit in 64 bits";
}
inline constexpr char not_exact_integer[] =
    "expected an integer, got a number that is not an exact 64-bit integer";
inline constexpr char fractional[] = "expected an integer, got a number with a fractional part";
inline constexpr char double_out_of_range[] = "number out of the range of a double";
inline constexpr char duplicate_member[] = "member appears more than once in the object";
inline constexpr char too_deep[] = "invalid JSON: too deep";
inline std::string bad_timestamp(std::string_view value, time_errc e, std::size_t at) {
    return "expected an ISO 8601 date-time such as 2025-04-18T15:33:51.724Z, got " +
           quoted_excerpt(value) + " (" + std::string(describe(e)) + " at character " +
           std::to_string(at) + ")";
}
inline std::string bad_date_or_time(std::string_view value, time_errc e, std::size_t at) {
    return "expected YYYY-MM-DD or an ISO 8601 date-time, got " + quoted_excerpt(value) + " (" +
           std::string(describe(e)) + " at character " + std::to_string(at) + ")";
}
inline std::string bad_enum(std::string_view expected, std::string_view value) {
    return type_mismatch(expected, quoted_excerpt(value));
}
inline std::string trailing_characters(std::size_t at) {
    return "invalid JSON: unexpected characters after the document at byte " + std::to_string(at);
}
inline std::string invalid_json(bool empty, std::size_t at, boost::system::error_code ec) {
    return empty ? std::string("invalid JSON: empty input")
                 : "invalid JSON at byte " + std::to_string(at) + ": " + ec.message();
}

} // namespace message

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_CODEC_COMMON_HPP
