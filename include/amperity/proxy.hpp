// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_PROXY_HPP
#define AMPERITY_PROXY_HPP

// An HTTP proxy for the client's HTTPS connections: the client asks the proxy for a tunnel
// (`CONNECT host:port`) and then speaks TLS to the API server through it, with the same
// certificate and host name checks as a direct connection. The proxy sees only the host and
// port; the requests, the token and the responses stay encrypted end to end.
//
//     amperity::client_options opts;
//     opts.proxy.url = amperity::secret("http://proxy.corp.example:3128");
//     opts.proxy.no_proxy = "localhost, .internal.example";
//     // or, like curl: opts.proxy = amperity::proxy_from_env();

#include <cstdlib>
#include <string>

#include <amperity/secret.hpp>

namespace amperity {

/// Where the client's HTTPS connections go through a proxy.
///
/// `url` is `http://host:port` or `http://user:password@host:port` (user and password
/// percent-encoded, as in any URL; the port defaults to 1080, as in curl). Empty: every
/// connection is direct. It is a secret because it may hold a password: the password and the
/// `Proxy-Authorization` credential made from it are sent only to the proxy, on the CONNECT
/// request, and never appear in errors, diagnostics or logs. `client::create` refuses a URL
/// that is not `http://` (a TLS connection to the proxy itself is not supported), has no host,
/// a bad port, a path, query or fragment, or a control character; the error names the option
/// `proxy` and never shows the user info.
///
/// `no_proxy` lists the hosts reached directly, as in curl's NO_PROXY: entries separated by
/// commas or spaces, matched case-insensitively against the host of base_url (and token_url):
///
/// - `*` alone: no host uses the proxy;
/// - `example.com` or `.example.com` (or `*.example.com`): that domain and every host under it
///   (`api.example.com`, not `badexample.com`);
/// - an IPv4 or IPv6 address (`10.1.2.3`, `::1`, `[::1]`): that literal host only (host names
///   are not resolved to be compared);
/// - an address range in CIDR form (`10.0.0.0/8`, `fd00::/8`): hosts written as an address in
///   that range;
/// - `entry:port` (`example.com:8443`, `[::1]:443`): as the entry, for that port only.
///
/// An entry that is none of these (a bad port, a malformed range) matches nothing; nothing is
/// refused because of it.
///
/// Only HTTPS connections use the proxy. A plain `http://` base URL (allowed only to loopback,
/// for tests and local emulators) is always reached directly: its traffic never leaves the
/// machine, and tunnelling it through a proxy would only expose it in clear to the proxy.
/// HTTPS to a loopback host does use the proxy unless `no_proxy` names it (as in curl).
struct proxy_options {
    /// `http://[user:password@]host[:port]`; empty: direct connections.
    secret url;
    /// Hosts reached directly (curl's NO_PROXY syntax, see above).
    std::string no_proxy;
};

/// The proxy settings of the environment, as curl reads them: the proxy from `https_proxy` or
/// else `HTTPS_PROXY`, the exceptions from `no_proxy` or else `NO_PROXY`. The lower-case
/// variable wins when it is set, even to an empty value (which then means "no proxy"). A proxy
/// without a scheme (`proxy.corp.example:3128`) gets `http://`, as in curl. `http_proxy` and
/// `ALL_PROXY` are not read: the client makes HTTPS connections only (plain http goes to
/// loopback, directly). Nothing is validated here: `client::create` checks the result.
/// Not thread-safe with a concurrent `setenv` (it calls std::getenv).
inline proxy_options proxy_from_env() {
    auto read = [](char const* lower, char const* upper) -> char const* {
        if (char const* v = std::getenv(lower)) return v;
        return std::getenv(upper);
    };
    proxy_options p;
    if (char const* v = read("https_proxy", "HTTPS_PROXY"); v && *v) {
        std::string url(v);
        if (url.find("://") == std::string::npos) url.insert(0, "http://");
        p.url = secret(std::move(url));
    }
    if (char const* v = read("no_proxy", "NO_PROXY")) p.no_proxy = v;
    return p;
}

} // namespace amperity

#endif // AMPERITY_PROXY_HPP
