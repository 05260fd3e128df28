// Included first: proves the header is self-contained.
#include <amperity/detail/url.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace amperity_unit {

namespace {

using amperity::errc;
using amperity::detail::is_loopback_host;
using amperity::detail::parse_retry_after;
using amperity::detail::parse_url;
using amperity::detail::percent_encode;

// The fixed "now" of the Retry-After tests: Sunday 2024-09-01 12:00:00 UTC.
std::chrono::system_clock::time_point const retry_now =
    std::chrono::sys_days{std::chrono::year(2024) / 9 / 1} + std::chrono::hours(12);

// parse_retry_after as milliseconds, -1 for nullopt (so BOOST_TEST can print it).
std::int64_t retry_after_ms(std::string_view v,
                            std::chrono::system_clock::time_point now = retry_now) {
    auto const r = parse_retry_after(v, now);
    return r ? r->count() : -1;
}

} // namespace

BOOST_AUTO_TEST_SUITE(url)

BOOST_AUTO_TEST_CASE(https_base_url_with_default_port) {
    auto const u = parse_url("https://app.amperity.com/api", "base_url");
    BOOST_REQUIRE(u.has_value());
    BOOST_TEST(u->tls);
    BOOST_TEST(u->host == "app.amperity.com");
    BOOST_TEST(u->port == "443");
    BOOST_TEST(u->path_prefix == "/api");
    BOOST_TEST(!u->ipv6_literal);
    BOOST_TEST(!u->is_ip_literal());
    BOOST_TEST(u->host_header() == "app.amperity.com");
}

BOOST_AUTO_TEST_CASE(explicit_port_and_trailing_slashes) {
    auto const u = parse_url("https://acme.amperity.com:8443/api/", "base_url");
    BOOST_REQUIRE(u.has_value());
    BOOST_TEST(u->host == "acme.amperity.com");
    BOOST_TEST(u->port == "8443");
    BOOST_TEST(u->path_prefix == "/api");
    BOOST_TEST(u->host_header() == "acme.amperity.com:8443");

    auto const many = parse_url("https://h/a/b///", "base_url");
    BOOST_REQUIRE(many.has_value());
    BOOST_TEST(many->path_prefix == "/a/b");

    // No path and a bare "/" both give an empty prefix.
    BOOST_TEST(parse_url("https://h", "base_url")->path_prefix == "");
    BOOST_TEST(parse_url("https://h/", "base_url")->path_prefix == "");

    // The scheme's default port, written out, is left out of the Host header.
    auto const default_port = parse_url("https://h:443/x", "base_url");
    BOOST_REQUIRE(default_port.has_value());
    BOOST_TEST(default_port->port == "443");
    BOOST_TEST(default_port->host_header() == "h");
    // The port is normalised: leading zeros go.
    BOOST_TEST(parse_url("https://h:0443", "base_url")->port == "443");
    BOOST_TEST(parse_url("https://h:65535", "base_url")->port == "65535");
}

BOOST_AUTO_TEST_CASE(plain_http_to_loopback) {
    auto const v4 = parse_url("http://127.0.0.1:8080/api", "base_url");
    BOOST_REQUIRE(v4.has_value());
    BOOST_TEST(!v4->tls);
    BOOST_TEST(v4->host == "127.0.0.1");
    BOOST_TEST(v4->port == "8080");
    BOOST_TEST(v4->path_prefix == "/api");
    BOOST_TEST(v4->is_ip_literal());
    BOOST_TEST(v4->host_header() == "127.0.0.1:8080");

    auto const name = parse_url("http://localhost:1/api", "base_url");
    BOOST_REQUIRE(name.has_value());
    BOOST_TEST(name->host == "localhost");
    BOOST_TEST(name->port == "1");
    BOOST_TEST(name->host_header() == "localhost:1");

    auto const v6 = parse_url("http://[::1]:9/x", "base_url");
    BOOST_REQUIRE(v6.has_value());
    BOOST_TEST(v6->host == "::1");
    BOOST_TEST(v6->ipv6_literal);
    BOOST_TEST(v6->is_ip_literal());
    BOOST_TEST(v6->port == "9");
    BOOST_TEST(v6->path_prefix == "/x");
    BOOST_TEST(v6->host_header() == "[::1]:9");

    auto const v6_default = parse_url("http://[::1]/", "base_url");
    BOOST_REQUIRE(v6_default.has_value());
    BOOST_TEST(v6_default->port == "80");
    BOOST_TEST(v6_default->host_header() == "[::1]");

    auto const net8 = parse_url("http://127.255.0.1/", "base_url");
    BOOST_REQUIRE(net8.has_value());
    BOOST_TEST(net8->host == "127.255.0.1");
    BOOST_TEST(net8->port == "80");
    BOOST_TEST(net8->path_prefix == "");
    BOOST_TEST(net8->host_header() == "127.255.0.1");
}

BOOST_AUTO_TEST_CASE(plain_http_elsewhere_is_insecure) {
    for (std::string_view text :
         {"http://example.com/api", "http://10.0.0.1/", "http://128.0.0.1/",
          "http://localhost.evil.com/", "http://127.0.0.1.evil.com/", "http://127.1/",
          "http://[::2]/", "http://0.0.0.0/", "http://126.255.255.255/"}) {
        BOOST_TEST_CONTEXT(text) {
            auto const r = parse_url(text, "base_url");
            BOOST_REQUIRE(!r.has_value());
            BOOST_TEST(r.error().value() == errc::insecure_url);
            BOOST_TEST(r.error().field() == "base_url");
            BOOST_TEST(r.error().message().starts_with("base_url: \""));
            BOOST_TEST(r.error().message().ends_with(
                "\" uses plain http to a host that is not loopback (127.0.0.0/8, ::1, "
                "localhost); use https"));
        }
    }
    // The same hosts over https are fine.
    BOOST_TEST(parse_url("https://example.com/api", "base_url").has_value());
    BOOST_TEST(parse_url("https://10.0.0.1/", "base_url").has_value());
}

BOOST_AUTO_TEST_CASE(malformed_urls_are_invalid) {
    using namespace std::string_literals;
    std::string const bad[] = {
        "ftp://x",
        "",
        "https:/h",
        "HTTPS://h", // the scheme is matched exactly
        "https://",
        "https://:443",
        "https://h:",
        "https://h:0",
        "https://h:65536",
        "https://h:99999999999999999999",
        "https://h:12a",
        "https://h:-1",
        "https://h:+1",
        "https://h:1:2",
        "https://user@h/",
        "https://user:pw@h/",
        "https://h/a?b",
        "https://h?b",
        "https://h/#f",
        "https://h /x",
        "https://h/a b",
        "https://h/a\r\nX-Evil: 1",
        "https://h/a\nb",
        "https://h/a\rb",
        "https://h/a\tb",
        "https://h/a\x7f",
        "https://h/\xc3\xa9",
        "https://h\\x",
        "https://h/a\0b"s,
        "https://[::1",
        "https://[::1]x/",
        "https://[]/",
        "https://[::1]:/",
        "https://[::1]:0/",
    };
    for (auto const& text : bad) {
        BOOST_TEST_CONTEXT("url #" << (&text - bad)) {
            auto const r = parse_url(text, "token_url");
            BOOST_REQUIRE(!r.has_value());
            BOOST_TEST(r.error().value() == errc::invalid_url);
            BOOST_TEST(r.error().field() == "token_url");
            // The message names the field and quotes the URL (all of these are short); see
            // error_messages_quote_the_whole_url for the quoting.
            BOOST_TEST(r.error().message().starts_with("token_url: \""));
            BOOST_TEST(r.error().detail().starts_with("\""));
        }
    }
}

BOOST_AUTO_TEST_CASE(error_messages_say_what_is_wrong) {
    struct row {
        std::string_view url;
        std::string_view says;
    };
    row const table[] = {
        {"ftp://x", "must start with https:// (or http:// for loopback)"},
        {"https://", "has no host"},
        {"https://:443", "has no host"},
        {"https://h:0", "has an invalid port"},
        {"https://h:65536", "has an invalid port"},
        {"https://h:12a", "has an invalid port"},
        {"https://[::1", "has an unclosed '['"},
        {"https://[::1]x", "has characters after the IPv6 address"},
        {"https://user@h/", "may only hold scheme, host, port and path (no spaces, control "
                            "characters, user info, query or fragment)"},
        {"http://example.com/api", "uses plain http to a host that is not loopback "
                                   "(127.0.0.0/8, ::1, localhost); use https"},
    };
    for (auto const& r : table) {
        BOOST_TEST_CONTEXT(r.url) {
            auto const e = parse_url(r.url, "base_url");
            BOOST_REQUIRE(!e.has_value());
            BOOST_TEST(e.error().field() == "base_url");
            BOOST_TEST(e.error().message().starts_with("base_url: \""));
            BOOST_TEST(e.error().detail().ends_with("\" " + std::string(r.says)));
        }
    }
}

// The message quotes the URL as given, scheme included, so the user finds it in the config.
// KNOWN HEADER BUG (detail/url.hpp, parse_url): `fail` quotes `text` after the scheme was
// removed from it, so "http://example.com/api" is quoted as "example.com/api". Only "ftp://x"
// (refused before the scheme is removed) passes today. Remove the decorator once fixed.
BOOST_AUTO_TEST_CASE(error_messages_quote_the_whole_url) {
    auto const msg = [](std::string_view text) {
        auto const r = parse_url(text, "base_url");
        return r.has_value() ? std::string("accepted") : r.error().message();
    };
    BOOST_TEST(msg("ftp://x") ==
               R"(base_url: "ftp://x" must start with https:// (or http:// for loopback))");
    BOOST_TEST(msg("https://") == R"(base_url: "https://" has no host)");
    BOOST_TEST(msg("https://h:0") == R"(base_url: "https://h:0" has an invalid port)");
    BOOST_TEST(msg("https://[::1") == R"(base_url: "https://[::1" has an unclosed '[')");
    BOOST_TEST(msg("https://user@h/") ==
               R"(base_url: "https://user@h/" may only hold scheme, host, port and path )"
               R"((no spaces, control characters, user info, query or fragment))");
    BOOST_TEST(msg("http://example.com/api") ==
               R"(base_url: "http://example.com/api" uses plain http to a host that is not )"
               R"(loopback (127.0.0.0/8, ::1, localhost); use https)");
    // A long URL is quoted in part: its first 64 bytes and "...".
    std::string const long_host(100, 'a');
    BOOST_TEST(msg("http://" + long_host + "/") ==
               "base_url: \"http://" + std::string(57, 'a') +
                   "...\" uses plain http to a host that is not loopback (127.0.0.0/8, ::1, "
                   "localhost); use https");
}

BOOST_AUTO_TEST_CASE(loopback_hosts) {
    struct row {
        std::string_view host;
        bool loopback;
    };
    row const table[] = {
        {"localhost", true},
        {"127.0.0.1", true},
        {"127.0.0.0", true},
        {"127.255.255.255", true},
        {"127.1.2.3", true},
        {"::1", true},
        {"0:0:0:0:0:0:0:1", true},
        {"", false},
        {"127.0.0.256", false},
        {"127.0.0", false},
        {"127.0.0.1.", false},
        {"127..0.1", false},
        {"127.1", false},
        {"1270.0.0.1", false},
        {"0127.0.0.1", false},
        {"128.0.0.1", false},
        {"126.0.0.1", false},
        {"10.0.0.1", false},
        {"0.0.0.0", false},
        {"::", false},
        {"::2", false},
        {"::ffff:127.0.0.1", false},
        {"[::1]", false},
        {"localhost.evil.com", false},
        {"127.0.0.1.evil.com", false},
        {"evil-localhost", false},
        {"localhost.", false},
        {"LOCALHOST", false}, // conservative: only the lower-case spelling counts
        {"example.com", false},
    };
    for (auto const& r : table)
        BOOST_TEST(is_loopback_host(r.host) == r.loopback, "host \"" << r.host << '"');
    static_assert(is_loopback_host("127.0.0.1"));
    static_assert(!is_loopback_host("128.0.0.1"));
}

BOOST_AUTO_TEST_CASE(ipv4_literals) {
    using amperity::detail::is_ipv4_literal;
    BOOST_TEST(is_ipv4_literal("1.2.3.4"));
    BOOST_TEST(is_ipv4_literal("255.255.255.255"));
    BOOST_TEST(is_ipv4_literal("0.0.0.0"));
    BOOST_TEST(!is_ipv4_literal("256.0.0.1"));
    BOOST_TEST(!is_ipv4_literal("1.2.3"));
    BOOST_TEST(!is_ipv4_literal("1.2.3.4.5"));
    BOOST_TEST(!is_ipv4_literal("1.2.3."));
    BOOST_TEST(!is_ipv4_literal(".1.2.3"));
    BOOST_TEST(!is_ipv4_literal("1.2.3.0004"));
    BOOST_TEST(!is_ipv4_literal("1.2.3.a"));
    BOOST_TEST(!is_ipv4_literal("1.2.3.-4"));
    BOOST_TEST(!is_ipv4_literal(""));
}

BOOST_AUTO_TEST_CASE(percent_encoding) {
    std::string_view const unreserved =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    BOOST_TEST(percent_encode(unreserved) == unreserved);
    BOOST_TEST(percent_encode("") == "");
    BOOST_TEST(percent_encode("wf-1/../x") == "wf-1%2F..%2Fx");
    BOOST_TEST(percent_encode(" ") == "%20");
    BOOST_TEST(percent_encode("/") == "%2F");
    BOOST_TEST(percent_encode("%") == "%25");
    BOOST_TEST(percent_encode("?") == "%3F");
    BOOST_TEST(percent_encode("#") == "%23");
    BOOST_TEST(percent_encode("&") == "%26");
    BOOST_TEST(percent_encode("=") == "%3D");
    BOOST_TEST(percent_encode("+") == "%2B");
    BOOST_TEST(percent_encode(":@!$'()*,;") == "%3A%40%21%24%27%28%29%2A%2C%3B");
    BOOST_TEST(percent_encode("\r\n") == "%0D%0A");
    BOOST_TEST(percent_encode(std::string_view("a\0b", 3)) == "a%00b");
    BOOST_TEST(percent_encode("\xc3\xa9") == "%C3%A9"); // é
    BOOST_TEST(percent_encode("\x7f\x80\xff") == "%7F%80%FF");
    BOOST_TEST(percent_encode("a=1&b=2") == "a%3D1%26b%3D2");

    // Every byte: unreserved ones stay, everything else becomes %XX (upper-case hex).
    for (unsigned b = 0; b < 256; ++b) {
        char const ch = static_cast<char>(b);
        bool const keep = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
                          (b >= '0' && b <= '9') || b == '-' || b == '.' || b == '_' || b == '~';
        char expected[4] = {};
        std::snprintf(expected, sizeof expected, "%%%02X", b);
        BOOST_TEST(percent_encode(std::string_view(&ch, 1)) ==
                       (keep ? std::string(1, ch) : std::string(expected)),
                   "byte " << b);
    }

    // append_ appends to what is there.
    std::string out = "/v0/workflows/";
    amperity::detail::append_percent_encoded(out, "wf 1");
    BOOST_TEST(out == "/v0/workflows/wf%201");
}

BOOST_AUTO_TEST_CASE(header_values_refuse_control_characters) {
    using amperity::detail::is_valid_header_value;
    for (unsigned b = 0; b < 256; ++b) {
        char const ch = static_cast<char>(b);
        bool const valid = b >= 0x20 && b != 0x7f;
        std::string const alone(1, ch);
        std::string const inside = "Bearer abc" + alone + "def";
        BOOST_TEST(is_valid_header_value(alone) == valid, "byte " << b);
        BOOST_TEST(is_valid_header_value(inside) == valid, "byte " << b << " inside");
    }
    BOOST_TEST(is_valid_header_value(""));
    BOOST_TEST(is_valid_header_value("Bearer eyJhbGciOi.x-y_z~=="));
    BOOST_TEST(is_valid_header_value("caf\xc3\xa9"));
    BOOST_TEST(!is_valid_header_value("a\r\nX-Evil: 1"));
    BOOST_TEST(!is_valid_header_value(std::string_view("a\0b", 3)));
    static_assert(!amperity::detail::is_valid_header_value("a\nb"));
}

BOOST_AUTO_TEST_CASE(retry_after_delta_seconds) {
    BOOST_TEST(retry_after_ms("0") == 0);
    BOOST_TEST(retry_after_ms("5") == 5000);
    BOOST_TEST(retry_after_ms(" 7 ") == 7000);
    BOOST_TEST(retry_after_ms("   12") == 12000);
    BOOST_TEST(retry_after_ms("007") == 7000);
    BOOST_TEST(retry_after_ms("120") == 120000);
    // Invalid: absent, negative, fractional, not a number, trailing junk.
    BOOST_TEST(retry_after_ms("") == -1);
    BOOST_TEST(retry_after_ms("   ") == -1);
    BOOST_TEST(retry_after_ms("-1") == -1);
    BOOST_TEST(retry_after_ms("+5") == -1);
    BOOST_TEST(retry_after_ms("1.5") == -1);
    BOOST_TEST(retry_after_ms("abc") == -1);
    BOOST_TEST(retry_after_ms("5s") == -1);
    BOOST_TEST(retry_after_ms("5 5") == -1);
    BOOST_TEST(retry_after_ms("0x10") == -1);
    BOOST_TEST(retry_after_ms("\t5") == -1);
}

BOOST_AUTO_TEST_CASE(retry_after_is_capped_at_one_year) {
    constexpr std::int64_t year_ms = 365LL * 86400 * 1000;
    BOOST_TEST(retry_after_ms("31536000") == year_ms);
    BOOST_TEST(retry_after_ms("31535999") == year_ms - 1000);
    BOOST_TEST(retry_after_ms("31536001") == year_ms);
    BOOST_TEST(retry_after_ms("9999999999") == year_ms);
    BOOST_TEST(retry_after_ms("18446744073709551615") == year_ms); // UINT64_MAX
}

BOOST_AUTO_TEST_CASE(retry_after_http_date) {
    using namespace std::chrono;
    BOOST_TEST(retry_after_ms("Sun, 01 Sep 2024 12:00:30 GMT") == 30000);
    BOOST_TEST(retry_after_ms("  Sun, 01 Sep 2024 12:00:30 GMT ") == 30000);
    BOOST_TEST(retry_after_ms("Sun, 01 Sep 2024 12:01:00 GMT") == 60000);
    BOOST_TEST(retry_after_ms("Mon, 02 Sep 2024 12:00:00 GMT") == 86400000);
    BOOST_TEST(retry_after_ms("Tue, 31 Dec 2024 23:59:59 GMT") ==
               ((sys_days{year(2024) / 12 / 31} + 86399s) - retry_now) / 1ms);
    // Sub-second precision of now is kept.
    BOOST_TEST(retry_after_ms("Sun, 01 Sep 2024 12:00:30 GMT", retry_now + 250ms) == 29750);
    // Now or in the past: no wait.
    BOOST_TEST(retry_after_ms("Sun, 01 Sep 2024 12:00:00 GMT") == 0);
    BOOST_TEST(retry_after_ms("Sun, 01 Sep 2024 11:59:59 GMT") == 0);
    BOOST_TEST(retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT") == 0);
    // A leap second is accepted (RFC 9110 allows second 60).
    BOOST_TEST(retry_after_ms("Sun, 01 Sep 2024 12:00:60 GMT") == 60000);
    // Every month name.
    char const* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (unsigned m = 0; m < 12; ++m) {
        std::string const v = std::string("Xxx, 01 ") + months[m] + " 2025 00:00:00 GMT";
        auto const at = sys_days{year(2025) / month(m + 1) / 1};
        // Dates more than a year ahead are capped at one year, like delta-seconds.
        BOOST_TEST(retry_after_ms(v) == std::min<std::int64_t>((at - retry_now) / 1ms,
                                                               std::int64_t{86400} * 365 * 1000),
                   v);
    }
}

BOOST_AUTO_TEST_CASE(retry_after_malformed_dates) {
    for (std::string_view v : {
             "Sun, 01 Spt 2024 12:00:30 GMT", // no such month
             "Sun, 01 sep 2024 12:00:30 GMT", // month names are case-sensitive
             "Sun, 01 Sep 2024 12:00:30 UTC",  "Sun, 01 Sep 2024 12:00:30",
             "Sun 01 Sep 2024 12:00:30 GMT ",  "Sun, 1 Sep 2024 12:00:30 GMT",
             "Sun, 01 Sep 24 12:00:30 GMT",
             "Tue, 31 Sep 2024 12:00:30 GMT", // 31 September
             "Fri, 29 Feb 2023 12:00:30 GMT", // not a leap year
             "Sun, 00 Sep 2024 12:00:30 GMT",  "Sun, 01 Sep 2024 24:00:00 GMT",
             "Sun, 01 Sep 2024 12:60:00 GMT",  "Sun, 01 Sep 2024 12:00:61 GMT",
             "Sun, 0a Sep 2024 12:00:30 GMT",  "Sun, 01 Sep 2o24 12:00:30 GMT",
             "Sun, 01 Sep 2024 1a:00:30 GMT",
             "Sunday, 01-Sep-24 12:00:30 GMT", // RFC 850
             "Sun Sep  1 12:00:30 2024",       // asctime
             "2024-09-01T12:00:30Z",
         }) {
        BOOST_TEST(retry_after_ms(v) == -1, v);
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
