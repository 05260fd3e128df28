// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_URL_HPP
#define AMPERITY_DETAIL_URL_HPP

// The small amount of URL and header handling the client needs, strict on purpose: a base URL
// is `http[s]://host[:port][/path]` and nothing else (no user info, query or fragment), and
// plain http is only accepted for loopback hosts.

#include <amperity/error.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace amperity::detail {

struct url {
    bool tls = true;
    std::string host;        // without IPv6 brackets
    std::string port;        // always set ("443", "80" or explicit)
    std::string path_prefix; // "" or "/api" (no trailing slash)
    bool ipv6_literal = false;

    /// The Host header: host[:port], the port only when not the scheme's default.
    std::string host_header() const {
        std::string h = ipv6_literal ? "[" + host + "]" : host;
        if (port != (tls ? "443" : "80")) h += ":" + port;
        return h;
    }

    bool is_ip_literal() const noexcept;
};

constexpr bool is_ipv4_literal(std::string_view h) noexcept {
    int dots = 0, digits = 0;
    unsigned value = 0;
    for (char c : h) {
        if (c == '.') {
            if (digits == 0) return false;
            ++dots;
            digits = 0;
            value = 0;
        } else if (c >= '0' && c <= '9') {
            value = value * 10 + static_cast<unsigned>(c - '0');
            if (++digits > 3 || value > 255) return false;
        } else {
            return false;
        }
    }
    return dots == 3 && digits > 0;
}

inline bool url::is_ip_literal() const noexcept { return ipv6_literal || is_ipv4_literal(host); }

/// localhost, 127.0.0.0/8 and ::1: the only hosts plain http may go to.
constexpr bool is_loopback_host(std::string_view host) noexcept {
    if (host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1") return true;
    return is_ipv4_literal(host) && host.starts_with("127.");
}

/// Parses a base URL (`what` names it in errors: "base_url", "token_url").
inline validation_result<url> parse_url(std::string_view text, std::string_view what) {
    std::string_view const original = text;
    auto fail = [&](errc code, std::string msg) {
        return validation_error(code, std::string(what), quoted_excerpt(original) + " " + msg);
    };
    url u;
    if (text.starts_with("https://")) {
        text.remove_prefix(8);
    } else if (text.starts_with("http://")) {
        u.tls = false;
        text.remove_prefix(7);
    } else {
        return fail(errc::invalid_url, "must start with https:// (or http:// for loopback)");
    }
    for (char c : text)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f ||
            c == '?' || c == '#' || c == '@' || c == '\\')
            return fail(errc::invalid_url,
                        "may only hold scheme, host, port and path (no spaces, control "
                        "characters, user info, query or fragment)");
    auto const slash = text.find('/');
    std::string_view authority = text.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? "" : text.substr(slash);
    if (authority.starts_with('[')) {
        auto const close = authority.find(']');
        if (close == std::string_view::npos) return fail(errc::invalid_url, "has an unclosed '['");
        u.host = std::string(authority.substr(1, close - 1));
        u.ipv6_literal = true;
        bool has_colon = false;
        for (char c : u.host) {
            has_colon = has_colon || c == ':';
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                  c == ':' || c == '.'))
                return fail(errc::invalid_url, "has a bracketed host that is not an IPv6 address");
        }
        if (!has_colon)
            return fail(errc::invalid_url, "has a bracketed host that is not an IPv6 address");
        authority.remove_prefix(close + 1);
        if (!authority.empty() && !authority.starts_with(':'))
            return fail(errc::invalid_url, "has characters after the IPv6 address");
    } else {
        auto const colon = authority.find(':');
        u.host = std::string(authority.substr(0, colon));
        authority = colon == std::string_view::npos ? "" : authority.substr(colon);
    }
    if (u.host.empty()) return fail(errc::invalid_url, "has no host");
    if (authority.starts_with(':')) {
        auto digits = authority.substr(1);
        unsigned port = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
            port == 0 || port > 65535)
            return fail(errc::invalid_url, "has an invalid port");
        u.port = std::to_string(port);
    } else {
        u.port = u.tls ? "443" : "80";
    }
    while (path.ends_with('/')) path.remove_suffix(1);
    u.path_prefix = std::string(path);
    if (!u.tls && !is_loopback_host(u.host))
        return fail(errc::insecure_url,
                    "uses plain http to a host that is not loopback (127.0.0.0/8, ::1, "
                    "localhost); use https");
    return u;
}

/// RFC 3986 percent-encoding of everything but the unreserved characters.
inline void append_percent_encoded(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (char ch : s) {
        auto const c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
}

inline std::string percent_encode(std::string_view s) {
    std::string r;
    append_percent_encoded(r, s);
    return r;
}

/// False for any control character (CR and LF above all): such a value could end the header
/// and inject another one. Checked before anything is sent.
constexpr bool is_valid_header_value(std::string_view v) noexcept {
    for (char ch : v) {
        auto const c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f) return false;
    }
    return true;
}

/// Retry-After: delta-seconds or an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), as a wait
/// from `now`; nullopt when absent or unparsable (then our own backoff applies).
inline std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view v, std::chrono::system_clock::time_point now) {
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    if (v.empty()) return std::nullopt;
    constexpr std::int64_t cap_ms = std::int64_t{86400} * 365 * 1000; // one year
    if (v.front() >= '0' && v.front() <= '9') {
        std::uint64_t secs = 0;
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), secs);
        if (end != v.data() + v.size()) return std::nullopt;
        if (ec == std::errc::result_out_of_range || (ec == std::errc() && secs > 86400 * 365))
            return std::chrono::milliseconds(cap_ms);
        if (ec != std::errc()) return std::nullopt;
        return std::chrono::milliseconds(static_cast<std::int64_t>(secs) * 1000);
    }
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" (29 characters).
    if (v.size() != 29 || v[3] != ',' || v.substr(25) != " GMT") return std::nullopt;
    static constexpr std::string_view months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    auto num = [&](std::size_t pos, std::size_t n, int& out) {
        out = 0;
        for (std::size_t i = pos; i < pos + n; ++i) {
            if (v[i] < '0' || v[i] > '9') return false;
            out = out * 10 + (v[i] - '0');
        }
        return true;
    };
    if (v[4] != ' ' || v[7] != ' ' || v[11] != ' ' || v[16] != ' ' || v[19] != ':' ||
        v[22] != ':')
        return std::nullopt;
    int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
    unsigned month = 0;
    for (unsigned i = 0; i < 12; ++i)
        if (v.substr(8, 3) == months[i]) month = i + 1;
    if (month == 0 || !num(5, 2, day) || !num(12, 4, year) || !num(17, 2, hh) ||
        !num(20, 2, mm) || !num(23, 2, ss))
        return std::nullopt;
    using namespace std::chrono;
    year_month_day const ymd{std::chrono::year(year), std::chrono::month(month),
                             std::chrono::day(static_cast<unsigned>(day))};
    if (!ymd.ok() || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
    // In milliseconds: nanoseconds would overflow outside 1678-2262.
    auto const at = time_point_cast<milliseconds>(sys_days(ymd)) + hours(hh) + minutes(mm) +
                    seconds(ss);
    auto const wait = at - floor<milliseconds>(now);
    return std::clamp(wait, milliseconds(0), milliseconds(cap_ms));
}

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_URL_HPP
