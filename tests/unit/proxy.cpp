// Included first: proves the header is self-contained.
#include <amperity/proxy.hpp>

#include <amperity/client.hpp>
#include <amperity/detail/proxy.hpp>
#include <amperity/detail/redact.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace amperity_unit {

namespace {

using amperity::errc;
using amperity::secret;
using amperity::detail::no_proxy_matches;
using amperity::detail::parse_proxy_url;
using amperity::detail::parse_url;

std::optional<amperity::detail::proxy_route> parsed(std::string url) {
    auto r = parse_proxy_url(secret(std::move(url)));
    BOOST_REQUIRE_MESSAGE(r.has_value(), (r.has_value() ? std::string() : r.error().message()));
    return std::move(*r);
}

/// The error message for a proxy URL that must be refused.
std::string refusal(std::string url) {
    auto r = parse_proxy_url(secret(std::move(url)));
    BOOST_REQUIRE(!r.has_value());
    BOOST_TEST(r.error().value() == errc::invalid_url);
    BOOST_TEST(r.error().field() == "proxy");
    return r.error().message();
}

/// Sets (or, with nullptr, unsets) an environment variable for one scope.
class env_var {
public:
    env_var(char const* name, char const* value) : name_(name) {
        if (char const* old = std::getenv(name)) old_ = old;
        if (value) ::setenv(name, value, 1);
        else ::unsetenv(name);
    }
    ~env_var() {
        if (old_) ::setenv(name_, old_->c_str(), 1);
        else ::unsetenv(name_);
    }
    env_var(env_var const&) = delete;
    env_var& operator=(env_var const&) = delete;

private:
    char const* name_;
    std::optional<std::string> old_;
};

} // namespace

BOOST_AUTO_TEST_SUITE(proxy)

BOOST_AUTO_TEST_CASE(empty_url_means_direct) {
    auto r = parse_proxy_url(secret());
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(!r->has_value());
}

BOOST_AUTO_TEST_CASE(host_and_port) {
    auto const r = parsed("http://proxy.corp.example:3128");
    BOOST_TEST(r->host == "proxy.corp.example");
    BOOST_TEST(r->port == "3128");
    BOOST_TEST(!r->ipv6_literal);
    BOOST_TEST(r->authorization.empty());
    BOOST_TEST(r->display() == "http://proxy.corp.example:3128");
    BOOST_TEST(parsed("http://10.0.0.1:8080/")->authority() == "10.0.0.1:8080");
    BOOST_TEST(parsed("http://proxy")->port == "1080"); // curl's default
    auto const v6 = parsed("http://[fd00::1]:3128");
    BOOST_TEST(v6->host == "fd00::1");
    BOOST_TEST(v6->ipv6_literal);
    BOOST_TEST(v6->display() == "http://[fd00::1]:3128");
}

BOOST_AUTO_TEST_CASE(user_info_becomes_a_basic_credential) {
    // RFC 7617's example: Aladdin / open sesame.
    auto const r = parsed("http://Aladdin:open%20sesame@proxy:3128");
    BOOST_TEST(r->authorization.reveal() == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    BOOST_TEST(r->password.reveal() == "open sesame");
    BOOST_TEST(r->display() == "http://proxy:3128"); // never the user info
    // A raw '@' or '/' in the password: the user info ends at the last '@'.
    auto const raw = parsed("http://u:p@ss/w@proxy:3128");
    BOOST_TEST(raw->host == "proxy");
    BOOST_TEST(raw->password.reveal() == "p@ss/w");
    BOOST_TEST(raw->authorization.reveal() == "Basic dTpwQHNzL3c=");
    // A user without a password: `user:`.
    BOOST_TEST(parsed("http://user@proxy:1")->authorization.reveal() == "Basic dXNlcjo=");
    // Padding: 1, 2 and 0 '=' (lengths 4, 5, 6 of user:password).
    BOOST_TEST(parsed("http://a:bc@p:1")->authorization.reveal() == "Basic YTpiYw==");
    BOOST_TEST(parsed("http://a:bcd@p:1")->authorization.reveal() == "Basic YTpiY2Q=");
    BOOST_TEST(parsed("http://a:bcde@p:1")->authorization.reveal() == "Basic YTpiY2Rl");
}

BOOST_AUTO_TEST_CASE(bad_urls_are_refused_naming_the_option) {
    BOOST_TEST(refusal("proxy:3128").find("must start with http://") != std::string::npos);
    BOOST_TEST(refusal("socks5://proxy:1080").find("must start with http://") != std::string::npos);
    BOOST_TEST(refusal("https://proxy:3128").find("not supported") != std::string::npos);
    BOOST_TEST(refusal("http://").find("has no host") != std::string::npos);
    BOOST_TEST(refusal("http://:3128").find("has no host") != std::string::npos);
    for (auto port : {"0", "65536", "x", "", "-1", "80a"})
        BOOST_TEST(refusal(std::string("http://proxy:") + port).find("invalid port") !=
                   std::string::npos, port);
    BOOST_TEST(refusal("http://proxy:3128/path").find("no path") != std::string::npos);
    BOOST_TEST(refusal("http://proxy:3128?q").find("no path") != std::string::npos);
    BOOST_TEST(refusal("http://[fd00::1:3128").find("unclosed") != std::string::npos);
    BOOST_TEST(refusal("http://[proxy]:3128").find("IPv6") != std::string::npos);
    BOOST_TEST(refusal("http://pro*xy:3128").find("host name") != std::string::npos);
    for (auto bad : {"http://proxy:3128\r\nX: y", "http://pro xy:3128", "http://proxy\t:1"})
        BOOST_TEST(refusal(bad).find("control character") != std::string::npos);
    BOOST_TEST(refusal("http://:pw@proxy:1").find("without a user name") != std::string::npos);
    BOOST_TEST(refusal("http://u:p%zz@proxy:1").find("percent escape") != std::string::npos);
    BOOST_TEST(refusal("http://u:p%4@proxy:1").find("percent escape") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(errors_never_show_the_user_info) {
    for (auto url : {"http://user:hunter2-secret@proxy:99999", "http://user:hunter2-secret@",
                     "http://user:hunter2-secret@proxy/path", "https://user:hunter2-secret@proxy",
                     "http://user:hunter2-secret%zz@proxy:1", "http://user:hunter2-secret@pr oxy"}) {
        auto const m = refusal(url);
        BOOST_TEST(m.find("hunter2") == std::string::npos, m);
        BOOST_TEST(m.find("user:") == std::string::npos, m);
    }
}

BOOST_AUTO_TEST_CASE(no_proxy_star_and_empty) {
    BOOST_TEST(no_proxy_matches("*", "api.example.com", "443"));
    BOOST_TEST(no_proxy_matches("a.example, *", "api.example.com", "443"));
    BOOST_TEST(!no_proxy_matches("", "api.example.com", "443"));
    BOOST_TEST(!no_proxy_matches(" , ,, ", "api.example.com", "443"));
    BOOST_TEST(!no_proxy_matches("*.", "api.example.com", "443"));
}

BOOST_AUTO_TEST_CASE(no_proxy_domain_suffixes) {
    for (auto entry : {"example.com", ".example.com", "*.example.com", "EXAMPLE.com",
                       "example.com."}) {
        BOOST_TEST(no_proxy_matches(entry, "api.example.com", "443"), entry);
        BOOST_TEST(no_proxy_matches(entry, "example.com", "443"), entry);
        BOOST_TEST(no_proxy_matches(entry, "a.b.Example.COM", "443"), entry);
        BOOST_TEST(no_proxy_matches(entry, "api.example.com.", "443"), entry);
        BOOST_TEST(!no_proxy_matches(entry, "badexample.com", "443"), entry);
        BOOST_TEST(!no_proxy_matches(entry, "example.com.evil", "443"), entry);
        BOOST_TEST(!no_proxy_matches(entry, "com", "443"), entry);
    }
    BOOST_TEST(!no_proxy_matches("api.example.com", "example.com", "443"));
    BOOST_TEST(no_proxy_matches("localhost", "localhost", "8443"));
    BOOST_TEST(!no_proxy_matches("localhost", "127.0.0.1", "8443")); // names are not resolved
}

BOOST_AUTO_TEST_CASE(no_proxy_separators) {
    char const* list = "  foo.internal ,bar.internal\tbaz.internal  qux.internal,";
    for (auto host : {"foo.internal", "bar.internal", "baz.internal", "qux.internal"})
        BOOST_TEST(no_proxy_matches(list, host, "443"), host);
    BOOST_TEST(!no_proxy_matches(list, "internal", "443"));
}

BOOST_AUTO_TEST_CASE(no_proxy_ports) {
    BOOST_TEST(no_proxy_matches("example.com:8443", "api.example.com", "8443"));
    BOOST_TEST(!no_proxy_matches("example.com:8443", "api.example.com", "443"));
    BOOST_TEST(no_proxy_matches("127.0.0.1:4443", "127.0.0.1", "4443"));
    BOOST_TEST(!no_proxy_matches("127.0.0.1:4443", "127.0.0.1", "4444"));
    BOOST_TEST(no_proxy_matches("[::1]:443", "::1", "443"));
    BOOST_TEST(!no_proxy_matches("[::1]:443", "::1", "8443"));
    BOOST_TEST(no_proxy_matches("example.com:0443", "example.com", "443"));
    // Malformed ports match nothing (and refuse nothing).
    for (auto entry : {"example.com:", "example.com:x", "example.com:0", "example.com:70000",
                       "[::1]:", "[::1]x"})
        BOOST_TEST(!no_proxy_matches(entry, "example.com", "443"), entry);
}

BOOST_AUTO_TEST_CASE(no_proxy_ip_literals) {
    BOOST_TEST(no_proxy_matches("127.0.0.1", "127.0.0.1", "443"));
    BOOST_TEST(!no_proxy_matches("127.0.0.1", "127.0.0.2", "443"));
    BOOST_TEST(!no_proxy_matches("0.0.1", "127.0.0.1", "443")); // not a suffix match
    BOOST_TEST(!no_proxy_matches("1.1.1.1", "11.1.1.1", "443"));
    for (auto entry : {"::1", "[::1]", "0:0:0:0:0:0:0:1", "[0:0::1]"}) {
        BOOST_TEST(no_proxy_matches(entry, "::1", "443"), entry);
        BOOST_TEST(no_proxy_matches(entry, "[::1]", "443"), entry);
        BOOST_TEST(!no_proxy_matches(entry, "::2", "443"), entry);
    }
    BOOST_TEST(no_proxy_matches("FD00::ABCD", "fd00::abcd", "443"));
    BOOST_TEST(!no_proxy_matches("[not-an-address]", "not-an-address", "443"));
    // A domain entry never matches an address.
    BOOST_TEST(!no_proxy_matches("0.1", "10.0.0.1", "443"));
}

BOOST_AUTO_TEST_CASE(no_proxy_cidr_ranges) {
    BOOST_TEST(no_proxy_matches("10.0.0.0/8", "10.20.30.40", "443"));
    BOOST_TEST(!no_proxy_matches("10.0.0.0/8", "11.0.0.1", "443"));
    BOOST_TEST(no_proxy_matches("192.168.1.0/24", "192.168.1.255", "443"));
    BOOST_TEST(!no_proxy_matches("192.168.1.0/24", "192.168.2.1", "443"));
    BOOST_TEST(no_proxy_matches("0.0.0.0/0", "8.8.8.8", "443"));
    BOOST_TEST(no_proxy_matches("127.0.0.1/32", "127.0.0.1", "443"));
    BOOST_TEST(no_proxy_matches("fd00::/8", "fdff::1", "443"));
    BOOST_TEST(!no_proxy_matches("fd00::/8", "fe80::1", "443"));
    BOOST_TEST(no_proxy_matches("2001:db8::/33", "2001:db8:7fff::1", "443"));
    BOOST_TEST(!no_proxy_matches("2001:db8::/33", "2001:db8:8000::1", "443"));
    BOOST_TEST(!no_proxy_matches("10.0.0.0/8", "ten.example", "443")); // names: not resolved
    BOOST_TEST(!no_proxy_matches("10.0.0.0/8", "fd00::1", "443"));     // other family
    for (auto bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "fd00::/129", "a.b/8"})
        BOOST_TEST(!no_proxy_matches(bad, "10.0.0.1", "443"), bad);
}

BOOST_AUTO_TEST_CASE(settings_route_only_https_targets_not_in_no_proxy) {
    amperity::detail::redactor secrets;
    amperity::proxy_options o;
    o.url = secret("http://proxy:3128");
    o.no_proxy = ".internal.example";
    auto s = amperity::detail::proxy_settings::make(o, secrets);
    BOOST_REQUIRE(s.has_value());
    BOOST_TEST(s->for_target(*parse_url("https://app.amperity.com/api", "base_url")).has_value());
    BOOST_TEST(!s->for_target(*parse_url("https://a.internal.example/api", "base_url")));
    BOOST_TEST(s->for_target(*parse_url("https://127.0.0.1:8443/api", "base_url")).has_value());
    BOOST_TEST(!s->for_target(*parse_url("http://127.0.0.1:8080/api", "base_url"))); // plain
    o.url = secret();
    auto direct = amperity::detail::proxy_settings::make(o, secrets);
    BOOST_REQUIRE(direct.has_value());
    BOOST_TEST(!direct->for_target(*parse_url("https://app.amperity.com/api", "base_url")));
}

BOOST_AUTO_TEST_CASE(connect_request_bytes) {
    auto const target = *parse_url("https://app.amperity.com/api", "base_url");
    BOOST_TEST(amperity::detail::connect_request(target, *parsed("http://proxy:3128")) ==
               "CONNECT app.amperity.com:443 HTTP/1.1\r\nHost: app.amperity.com:443\r\n\r\n");
    BOOST_TEST(amperity::detail::connect_request(target,
                                                 *parsed("http://Aladdin:open%20sesame@proxy:1")) ==
               "CONNECT app.amperity.com:443 HTTP/1.1\r\nHost: app.amperity.com:443\r\n"
               "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n\r\n");
    auto const v6 = *parse_url("https://[::1]:8443/api", "base_url");
    BOOST_TEST(amperity::detail::connect_request(v6, *parsed("http://proxy:3128")) ==
               "CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(password_and_credential_are_redacted) {
    amperity::detail::redactor secrets;
    amperity::proxy_options o;
    o.url = secret("http://svc-user:correct%20horse%20battery@proxy:3128");
    auto s = amperity::detail::proxy_settings::make(o, secrets);
    BOOST_REQUIRE(s.has_value());
    auto const credential = std::string(s->route->authorization.reveal());
    auto const b64 = credential.substr(6);
    for (std::string text : {std::string("echo: correct horse battery!"),
                             "Proxy-Authorization: " + credential, "got " + b64 + " back"}) {
        auto const scrubbed = secrets.scrub(text);
        BOOST_TEST(scrubbed.find("[redacted]") != std::string::npos, scrubbed);
        BOOST_TEST(scrubbed.find("horse") == std::string::npos, scrubbed);
        BOOST_TEST(scrubbed.find(b64.substr(0, 12)) == std::string::npos, scrubbed);
    }
}

BOOST_AUTO_TEST_CASE(client_create_refuses_a_bad_proxy) {
    boost::asio::io_context io;
    amperity::client_options opts;
    opts.tenant = "acme";
    opts.auth = amperity::bearer_token{secret("token-1234567890")};
    opts.proxy.url = secret("http://user:s3cret-pass@proxy:notaport");
    auto r = amperity::client::create(io.get_executor(), opts);
    BOOST_REQUIRE(!r.has_value());
    BOOST_TEST(r.error().value() == errc::invalid_url);
    BOOST_TEST(r.error().field() == "proxy");
    BOOST_TEST(r.error().message().find("s3cret") == std::string::npos, r.error().message());
    opts.proxy.url = secret("http://user:s3cret-pass@proxy:3128");
    BOOST_TEST(amperity::client::create(io.get_executor(), opts).has_value());
}

BOOST_AUTO_TEST_CASE(from_env_lower_case_wins) {
    env_var a("https_proxy", nullptr), b("HTTPS_PROXY", nullptr), c("no_proxy", nullptr),
        d("NO_PROXY", nullptr);
    auto none = amperity::proxy_from_env();
    BOOST_TEST(none.url.empty());
    BOOST_TEST(none.no_proxy.empty());
    {
        env_var upper("HTTPS_PROXY", "http://upper:3128"), np("NO_PROXY", "upper.example");
        auto p = amperity::proxy_from_env();
        BOOST_TEST(p.url.reveal() == "http://upper:3128");
        BOOST_TEST(p.no_proxy == "upper.example");
        env_var lower("https_proxy", "http://lower:3128"), lnp("no_proxy", "lower.example");
        p = amperity::proxy_from_env();
        BOOST_TEST(p.url.reveal() == "http://lower:3128");
        BOOST_TEST(p.no_proxy == "lower.example");
    }
    {
        // Set but empty: the lower-case variable still wins (no proxy).
        env_var upper("HTTPS_PROXY", "http://upper:3128"), lower("https_proxy", "");
        BOOST_TEST(amperity::proxy_from_env().url.empty());
    }
    {
        env_var bare("https_proxy", "proxy.corp.example:3128"); // curl adds http://
        BOOST_TEST(amperity::proxy_from_env().url.reveal() == "http://proxy.corp.example:3128");
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
