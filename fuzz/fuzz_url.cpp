// libFuzzer target: the base-URL parser and percent-encoding (every path parameter and query
// value goes through it). Checks: no crash or UB; an accepted URL has a host, a numeric port and
// a path prefix that starts with '/' or is empty; plain http only to loopback; percent-encoded
// text holds only unreserved characters and %XX.
#include <amperity/detail/url.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {
bool unreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    auto const u = amperity::detail::parse_url(text, "base_url");
    if (u) {
        if (u->host.empty() || u->port.empty()) std::abort();
        for (char c : u->port)
            if (c < '0' || c > '9') std::abort();
        if (!u->path_prefix.empty() && u->path_prefix.front() != '/') std::abort();
        if (!u->tls && !amperity::detail::is_loopback_host(u->host)) std::abort();
        (void)u->host_header();
    }
    auto const enc = amperity::detail::percent_encode(text);
    for (std::size_t i = 0; i < enc.size(); ++i) {
        if (enc[i] == '%') {
            auto hex = [](char c) {
                return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
            };
            if (i + 2 >= enc.size() || !hex(enc[i + 1]) || !hex(enc[i + 2])) std::abort();
            i += 2;
        } else if (!unreserved(enc[i])) {
            std::abort();
        }
    }
    return 0;
}
