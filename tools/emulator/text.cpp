// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

#include "text.hpp"

#include <amperity/error.hpp>

namespace amperity::emulator::detail {

namespace {

char ascii_lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r)
        c = ascii_lower(c);
    return r;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    return true;
}

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff = static_cast<unsigned char>(
            diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
    return diff == 0;
}

std::string to_hex(std::span<unsigned char const> bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string r;
    r.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        r += digits[c >> 4];
        r += digits[c & 15];
    }
    return r;
}

std::optional<std::string> url_decode(std::string_view s, bool plus_is_space) {
    std::string r;
    r.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            if (i + 2 >= s.size())
                return std::nullopt;
            int const hi = hex_value(s[i + 1]);
            int const lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0)
                return std::nullopt;
            r += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (s[i] == '+' && plus_is_space) {
            r += ' ';
        } else {
            r += s[i];
        }
    }
    return r;
}

std::optional<param_map> parse_form(std::string_view s) {
    param_map r;
    while (!s.empty()) {
        auto const amp = s.find('&');
        auto const part = s.substr(0, amp);
        s = amp == std::string_view::npos ? std::string_view() : s.substr(amp + 1);
        if (part.empty())
            continue;
        auto const eq = part.find('=');
        auto name = url_decode(part.substr(0, eq), true);
        auto value = url_decode(
            eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1), true);
        if (!name || !value)
            return std::nullopt;
        r.insert_or_assign(std::move(*name), std::move(*value));
    }
    return r;
}

std::string_view path_of(std::string_view target) noexcept {
    return target.substr(0, target.find('?'));
}

std::string_view query_of(std::string_view target) noexcept {
    auto const q = target.find('?');
    return q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
}

std::string media_type(std::optional<std::string_view> content_type) {
    if (!content_type)
        return {};
    return lower(trim(content_type->substr(0, content_type->find(';'))));
}

std::string quoted(std::string_view s) {
    return amperity::detail::quoted_excerpt(s);
}

std::string join(std::vector<std::string> const& v, std::string_view sep) {
    std::string r;
    for (auto const& s : v) {
        if (!r.empty())
            r += sep;
        r += s;
    }
    return r;
}

} // namespace amperity::emulator::detail
