// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_PROXY_HPP
#define AMPERITY_DETAIL_PROXY_HPP

// The pure parts of proxy support (see amperity/proxy.hpp): parsing the proxy URL, matching
// NO_PROXY, and the bytes of the CONNECT request. The tunnel itself is opened in
// detail/transport.hpp.

#include <amperity/detail/redact.hpp>
#include <amperity/detail/url.hpp>
#include <amperity/error.hpp>
#include <amperity/proxy.hpp>
#include <amperity/secret.hpp>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <openssl/evp.h>

#include <charconv>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amperity::detail {

/// A parsed proxy URL: where to connect and what to present.
struct proxy_route {
    std::string host; // without IPv6 brackets
    std::string port;
    bool ipv6_literal = false;
    /// `Basic base64(user:password)`, empty without user info. Sent only to the proxy.
    secret authorization;
    /// The decoded password (for the redactor only).
    secret password;

    /// `host:port` (brackets around an IPv6 address).
    std::string authority() const { return (ipv6_literal ? "[" + host + "]" : host) + ":" + port; }
    /// How errors name the proxy: `http://host:port`, never with the user info.
    std::string display() const { return "http://" + authority(); }
};

/// `Basic ` and the base64 of `user:password` (RFC 7617).
inline secret basic_credential(std::string_view user, std::string_view password) {
    std::string plain;
    plain.reserve(user.size() + 1 + password.size());
    plain.append(user).append(":").append(password);
    std::string out = "Basic ";
    auto const prefix = out.size();
    out.resize(prefix + 4 * ((plain.size() + 2) / 3) + 1); // EVP_EncodeBlock adds a NUL
    auto const n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data() + prefix),
                                   reinterpret_cast<unsigned char const*>(plain.data()),
                                   static_cast<int>(plain.size()));
    out.resize(prefix + static_cast<std::size_t>(n));
    secret wipe(std::move(plain));
    return secret(std::move(out));
}

/// Percent-decodes `s` into `out`; false on a malformed escape.
inline bool percent_decode(std::string_view s, std::string& out) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size()) return false;
        int const hi = hex(s[i + 1]), lo = hex(s[i + 2]);
        if (hi < 0 || lo < 0) return false;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return true;
}

/// Parses client_options::proxy.url; nullopt when it is empty (direct connections). Errors
/// name the option `proxy` and show at most the part after the user info.
inline validation_result<std::optional<proxy_route>> parse_proxy_url(secret const& url) {
    std::string_view text = url.reveal();
    if (text.empty()) return std::optional<proxy_route>();
    // The user info ends at the last '@' (a password may hold a raw '@' or '/').
    auto const at = text.rfind('@');
    std::string_view const shown = at == std::string_view::npos ? text : text.substr(at + 1);
    auto fail = [&](std::string msg) {
        std::string what = at == std::string_view::npos
                               ? quoted_excerpt(shown)
                               : "(user info hidden) host part " + quoted_excerpt(shown);
        return validation_error(errc::invalid_url, "proxy", what + " " + std::move(msg));
    };
    for (char ch : text) {
        auto const c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7f)
            return validation_error(errc::invalid_url, "proxy",
                                    "contains a space or a control character");
    }
    if (!text.starts_with("http://")) {
        if (text.starts_with("https://"))
            return fail("uses https://: a TLS connection to the proxy itself is not supported "
                        "(the tunnel through an http:// proxy is TLS end to end); use http://");
        return fail("must start with http:// (http://host:port or "
                    "http://user:password@host:port)");
    }
    text.remove_prefix(7);
    proxy_route r;
    std::string_view hostport = text;
    if (at != std::string_view::npos) {
        auto const userinfo = text.substr(0, text.rfind('@'));
        hostport = text.substr(userinfo.size() + 1);
        auto const colon = userinfo.find(':');
        std::string user, password;
        if (!percent_decode(userinfo.substr(0, colon), user) ||
            (colon != std::string_view::npos &&
             !percent_decode(userinfo.substr(colon + 1), password))) {
            secret wipe_u(std::move(user)), wipe_p(std::move(password));
            return fail("has a malformed percent escape in the user info");
        }
        if (user.empty()) {
            secret wipe_p(std::move(password));
            return fail("has user info without a user name");
        }
        r.authorization = basic_credential(user, password);
        r.password = secret(std::move(password));
        secret wipe_u(std::move(user));
    }
    if (hostport.ends_with('/')) hostport.remove_suffix(1);
    for (char c : hostport)
        if (c == '/' || c == '?' || c == '#' || c == '\\')
            return fail("may only hold the host and port (no path, query or fragment)");
    if (hostport.starts_with('[')) {
        auto const close = hostport.find(']');
        if (close == std::string_view::npos) return fail("has an unclosed '['");
        r.host = std::string(hostport.substr(1, close - 1));
        r.ipv6_literal = true;
        boost::system::error_code ec;
        auto const a = boost::asio::ip::make_address_v6(r.host, ec);
        (void)a;
        if (ec || r.host.find('%') != std::string::npos)
            return fail("has a bracketed host that is not an IPv6 address");
        hostport.remove_prefix(close + 1);
        if (!hostport.empty() && !hostport.starts_with(':'))
            return fail("has characters after the IPv6 address");
    } else {
        auto const colon = hostport.find(':');
        r.host = std::string(hostport.substr(0, colon));
        hostport = colon == std::string_view::npos ? "" : hostport.substr(colon);
        for (char c : r.host)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '.' || c == '_'))
                return fail("has a host name with a character other than letters, digits, "
                            "'-', '.' and '_'");
    }
    if (r.host.empty()) return fail("has no host");
    if (hostport.starts_with(':')) {
        auto digits = hostport.substr(1);
        unsigned port = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
            port == 0 || port > 65535)
            return fail("has an invalid port (1 to 65535)");
        r.port = std::to_string(port);
    } else {
        r.port = "1080"; // curl's default
    }
    return std::optional<proxy_route>(std::move(r));
}

namespace no_proxy_detail {

constexpr char lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

inline std::string lowered(std::string_view s) {
    std::string r(s);
    for (auto& c : r) c = lower(c);
    return r;
}

inline std::optional<boost::asio::ip::address> as_address(std::string_view s) {
    boost::system::error_code ec;
    auto a = boost::asio::ip::make_address(std::string(s), ec);
    if (ec) return std::nullopt;
    return a;
}

/// One NO_PROXY entry against a host (lower case, no brackets, no trailing dot) and port.
inline bool entry_matches(std::string_view entry, std::string const& host, std::string_view port,
                          std::optional<boost::asio::ip::address> const& host_addr) {
    if (entry == "*") return true;
    std::string_view name = entry, entry_port;
    bool bracketed = false;
    if (name.starts_with('[')) {
        auto const close = name.find(']');
        if (close == std::string_view::npos) return false;
        auto rest = name.substr(close + 1);
        name = name.substr(1, close - 1);
        bracketed = true;
        if (!rest.empty()) {
            if (!rest.starts_with(':')) return false;
            entry_port = rest.substr(1);
            if (entry_port.empty()) return false;
        }
    } else if (auto const colon = name.rfind(':'); colon != std::string_view::npos &&
                                                   name.find(':') == colon) {
        // One colon: host:port (more than one: a bare IPv6 address, which has no port).
        entry_port = name.substr(colon + 1);
        name = name.substr(0, colon);
        if (entry_port.empty()) return false;
    }
    if (!entry_port.empty()) {
        unsigned p = 0;
        auto const* const last = entry_port.data() + entry_port.size();
        auto [end, ec] = std::from_chars(entry_port.data(), last, p);
        if (ec != std::errc() || end != last || p == 0 || p > 65535)
            return false; // a malformed entry matches nothing
        if (std::to_string(p) != port) return false;
    }
    if (name.empty()) return false;
    // An address range.
    if (auto const slash = name.find('/'); slash != std::string_view::npos) {
        if (!host_addr) return false;
        boost::system::error_code ec;
        if (host_addr->is_v4()) {
            auto const net = boost::asio::ip::make_network_v4(std::string(name), ec);
            if (ec) return false;
            auto const mask = net.netmask().to_uint();
            return (host_addr->to_v4().to_uint() & mask) == (net.address().to_uint() & mask);
        }
        auto const net = boost::asio::ip::make_network_v6(std::string(name), ec);
        if (ec) return false;
        auto const a = host_addr->to_v6().to_bytes();
        auto const b = net.address().to_bytes();
        unsigned bits = net.prefix_length();
        for (std::size_t i = 0; i < a.size() && bits > 0; ++i, bits = bits > 8 ? bits - 8 : 0u) {
            unsigned const m = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
            if ((a[i] & m) != (b[i] & m)) return false;
        }
        return true;
    }
    // An address: equal addresses only (::1 and 0:0:0:0:0:0:0:1 are one).
    if (auto const addr = as_address(name)) return host_addr && *addr == *host_addr;
    if (bracketed) return false; // brackets around something that is not an IPv6 address
    if (host_addr) return false; // a domain entry never matches an address
    // A domain and everything under it.
    if (name.starts_with("*.")) name.remove_prefix(2);
    else if (name.starts_with('.')) name.remove_prefix(1);
    if (name.ends_with('.')) name.remove_suffix(1);
    if (name.empty()) return false;
    if (host == name) return true;
    return host.size() > name.size() && host.ends_with(name) &&
           host[host.size() - name.size() - 1] == '.';
}

} // namespace no_proxy_detail

/// Whether `no_proxy` (see proxy_options) exempts `host` (no brackets) on `port` from the proxy.
inline bool no_proxy_matches(std::string_view no_proxy, std::string_view host,
                             std::string_view port) {
    using namespace no_proxy_detail;
    std::string h = lowered(host);
    if (h.starts_with('[') && h.ends_with(']')) h = h.substr(1, h.size() - 2);
    if (h.ends_with('.')) h.pop_back();
    auto const host_addr = as_address(h);
    std::string const list = lowered(no_proxy);
    std::string_view rest = list;
    while (!rest.empty()) {
        auto const end = rest.find_first_of(", \t\r\n");
        auto const entry = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        if (!entry.empty() && entry_matches(entry, h, port, host_addr)) return true;
    }
    return false;
}

/// A client's proxy settings, checked: which route (if any) a connection to a target takes.
struct proxy_settings {
    std::optional<proxy_route> route;
    std::string no_proxy;

    /// Parses `opts` and records the password and the credential in `secrets`.
    static validation_result<proxy_settings> make(proxy_options const& opts, redactor& secrets) {
        auto route = parse_proxy_url(opts.url);
        if (!route) return route.error();
        proxy_settings s;
        s.route = std::move(*route);
        if (s.route) {
            secrets.add_permanent(s.route->password);
            secrets.add_permanent(s.route->authorization);
            // The base64 alone (what a proxy or server could echo back).
            auto const b64 = s.route->authorization.reveal();
            if (b64.size() > 6) secrets.add_permanent(secret(std::string(b64.substr(6))));
        }
        s.no_proxy = opts.no_proxy;
        return s;
    }

    /// The route for connections to `target`: none for plain http (loopback only, always
    /// direct) and for hosts no_proxy names.
    std::optional<proxy_route> for_target(url const& target) const {
        if (!route || !target.tls || no_proxy_matches(no_proxy, target.host, target.port))
            return std::nullopt;
        return route;
    }
};

/// `host:port` of a tunnel's target (brackets around an IPv6 address, the port always shown).
inline std::string tunnel_authority(url const& target) {
    return (target.ipv6_literal ? "[" + target.host + "]" : target.host) + ":" + target.port;
}

/// The CONNECT request for a tunnel to `target` (authority form, always with the port), with
/// Proxy-Authorization only when the route has credentials.
inline std::string connect_request(url const& target, proxy_route const& route) {
    std::string const authority = tunnel_authority(target);
    std::string req = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
    if (!route.authorization.empty())
        req.append("Proxy-Authorization: ").append(route.authorization.reveal()).append("\r\n");
    req += "\r\n";
    return req;
}

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_PROXY_HPP
