// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_TEXT_HPP
#define AMPERITY_EMULATOR_TEXT_HPP

// Text helpers of the emulator's logic: ASCII case, trimming, percent-decoding, query strings
// and form bodies, and quoting for messages. Internal to the amperity_emulator library.

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace amperity::emulator::detail {

/// Decoded query parameters, form fields or path captures by name. Transparent, so a
/// string_view (a wire name from the generated tables) finds without a copy.
using param_map = std::map<std::string, std::string, std::less<>>;

/// ASCII lower case (header names, media types, state filters).
std::string lower(std::string_view s);
/// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b) noexcept;
/// `s` without leading and trailing spaces and tabs.
std::string_view trim(std::string_view s) noexcept;
/// Compares without an early exit, so the time taken does not tell how much of a secret matched.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;
/// Lower-case hex digits of `bytes`.
std::string to_hex(std::span<unsigned char const> bytes);

/// Percent-decoding; `plus_is_space` for query strings and form bodies. nullopt on a bad escape.
std::optional<std::string> url_decode(std::string_view s, bool plus_is_space);
/// "a=1&b=2" -> {a: 1, b: 2}; the last of repeated names wins; nullopt on a bad escape.
std::optional<param_map> parse_form(std::string_view s);
/// The path of a request target, and its query string (without the '?').
std::string_view path_of(std::string_view target) noexcept;
std::string_view query_of(std::string_view target) noexcept;
/// The media type of a Content-Type value, without parameters, lower case; "" when absent.
std::string media_type(std::optional<std::string_view> content_type);

/// `s` in double quotes for a message, escaped and clipped (the client's quoting).
std::string quoted(std::string_view s);
/// "a, b, c" from {"a", "b", "c"} and ", ".
std::string join(std::vector<std::string> const& v, std::string_view sep);

} // namespace amperity::emulator::detail

#endif // AMPERITY_EMULATOR_TEXT_HPP
