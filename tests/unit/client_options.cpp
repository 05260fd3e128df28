// Included first: proves the header is self-contained.
#include <amperity/client_options.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace amperity_unit {

namespace {

using amperity::client_options;
using amperity::errc;
using namespace std::chrono_literals;

/// A fake environment.
struct fake_env {
    std::map<std::string, std::string, std::less<>> vars;

    amperity::validation_result<client_options> read() const {
        return client_options::from_env([this](std::string_view name) -> std::optional<std::string> {
            auto it = vars.find(name);
            if (it == vars.end()) return std::nullopt;
            return it->second;
        });
    }
};

/// The error of reading `vars`; fails the test when there is none.
amperity::validation_error error_of(fake_env const& env) {
    auto r = env.read();
    BOOST_TEST_REQUIRE(r.has_error());
    return r.error();
}

constexpr char token_value[] = "tok-3d9a81f2c4b7e6";
constexpr char secret_value[] = "sec-77e1a0b4c9d2f3";

} // namespace

BOOST_AUTO_TEST_SUITE(client_options_from_env)

BOOST_AUTO_TEST_CASE(an_empty_environment_gives_the_defaults) {
    auto r = fake_env{}.read();
    BOOST_TEST_REQUIRE(r.has_value());
    client_options const d;
    BOOST_TEST(r->base_url == d.base_url);
    BOOST_TEST(r->api_version == d.api_version);
    BOOST_TEST(r->tenant.empty());
    BOOST_TEST(r->call_timeout.count() == d.call_timeout.count());
    BOOST_TEST(r->retry.max_attempts == d.retry.max_attempts);
    BOOST_TEST(std::holds_alternative<std::monostate>(r->auth));
}

BOOST_AUTO_TEST_CASE(every_variable_sets_its_option) {
    fake_env env{{{"AMPERITY_BASE_URL", "https://acme.amperity.com/api"},
                  {"AMPERITY_TENANT", "acme-sandbox"},
                  {"AMPERITY_API_VERSION", "2025-07-31"},
                  {"AMPERITY_CA_FILE", "ca.pem"},
                  {"AMPERITY_CA_DIR", "certs"},
                  {"AMPERITY_TIMEOUT", "2.5"},
                  {"AMPERITY_MAX_ATTEMPTS", "2"},
                  {"AMPERITY_ACCESS_TOKEN", token_value}}};
    auto r = env.read();
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->base_url == "https://acme.amperity.com/api");
    BOOST_TEST(r->tenant == "acme-sandbox");
    BOOST_TEST(r->api_version == "2025-07-31");
    BOOST_TEST(r->ca_file == "ca.pem");
    BOOST_TEST(r->ca_dir == "certs");
    BOOST_TEST(r->call_timeout.count() == 2500);
    BOOST_TEST(r->retry.max_attempts == 2u);
    auto const* b = std::get_if<amperity::bearer_token>(&r->auth);
    BOOST_TEST_REQUIRE(b != nullptr);
    BOOST_TEST(b->token.reveal() == token_value);
}

BOOST_AUTO_TEST_CASE(client_credentials_with_and_without_a_token_url) {
    fake_env env{{{"AMPERITY_CLIENT_ID", "svc"}, {"AMPERITY_CLIENT_SECRET", secret_value}}};
    auto r = env.read();
    BOOST_TEST_REQUIRE(r.has_value());
    auto const* cc = std::get_if<amperity::client_credentials>(&r->auth);
    BOOST_TEST_REQUIRE(cc != nullptr);
    BOOST_TEST(cc->client_id == "svc");
    BOOST_TEST(cc->client_secret.reveal() == secret_value);
    BOOST_TEST(cc->token_url.empty());

    env.vars["AMPERITY_TOKEN_URL"] = "https://login.example.com/oauth2/token";
    r = env.read();
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(std::get<amperity::client_credentials>(r->auth).token_url ==
               "https://login.example.com/oauth2/token");
}

BOOST_AUTO_TEST_CASE(an_empty_value_counts_as_unset) {
    fake_env env{{{"AMPERITY_BASE_URL", ""}, {"AMPERITY_TIMEOUT", ""},
                  {"AMPERITY_ACCESS_TOKEN", ""}}};
    auto r = env.read();
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->base_url == client_options{}.base_url);
    BOOST_TEST(std::holds_alternative<std::monostate>(r->auth));
}

BOOST_AUTO_TEST_CASE(a_bad_url_names_the_variable) {
    auto e = error_of(fake_env{{{"AMPERITY_BASE_URL", "ftp://app.amperity.com/api"}}});
    BOOST_TEST(e.field() == "AMPERITY_BASE_URL");
    BOOST_TEST(e.value() == errc::invalid_url);
    e = error_of(fake_env{{{"AMPERITY_BASE_URL", "http://app.amperity.com/api"}}});
    BOOST_TEST(e.field() == "AMPERITY_BASE_URL");
    BOOST_TEST(e.value() == errc::insecure_url);
    e = error_of(fake_env{{{"AMPERITY_CLIENT_ID", "svc"},
                           {"AMPERITY_CLIENT_SECRET", secret_value},
                           {"AMPERITY_TOKEN_URL", "not a url"}}});
    BOOST_TEST(e.field() == "AMPERITY_TOKEN_URL");
    BOOST_TEST(e.value() == errc::invalid_url);
}

BOOST_AUTO_TEST_CASE(a_bad_number_names_the_variable_and_the_value) {
    for (char const* bad : {"0", "-1", "abc", "1e3", "2s", "nan", "inf", "99999999999"}) {
        BOOST_TEST_CONTEXT("AMPERITY_TIMEOUT=" << bad) {
            auto e = error_of(fake_env{{{"AMPERITY_TIMEOUT", bad}}});
            BOOST_TEST(e.field() == "AMPERITY_TIMEOUT");
            BOOST_TEST(e.value() == errc::invalid_parameter);
            BOOST_TEST(e.detail().find(bad) != std::string::npos, e.detail());
        }
    }
    for (char const* bad : {"0", "11", "-2", "three", "2.0"}) {
        BOOST_TEST_CONTEXT("AMPERITY_MAX_ATTEMPTS=" << bad) {
            auto e = error_of(fake_env{{{"AMPERITY_MAX_ATTEMPTS", bad}}});
            BOOST_TEST(e.field() == "AMPERITY_MAX_ATTEMPTS");
            BOOST_TEST(e.detail().find("1 to 10") != std::string::npos, e.detail());
        }
    }
    auto r = fake_env{{{"AMPERITY_TIMEOUT", "0.0001"}}}.read();
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->call_timeout.count() == 1); // rounded up, never 0 (no limit at all)
}

BOOST_AUTO_TEST_CASE(credentials_must_be_one_kind_and_whole) {
    auto e = error_of(fake_env{{{"AMPERITY_ACCESS_TOKEN", token_value},
                                {"AMPERITY_CLIENT_ID", "svc"},
                                {"AMPERITY_CLIENT_SECRET", secret_value}}});
    BOOST_TEST(e.field() == "AMPERITY_ACCESS_TOKEN");
    BOOST_TEST(e.message().find("not both") != std::string::npos, e.message());
    e = error_of(fake_env{{{"AMPERITY_CLIENT_ID", "svc"}}});
    BOOST_TEST(e.field() == "AMPERITY_CLIENT_SECRET");
    BOOST_TEST(e.value() == errc::missing_credentials);
    e = error_of(fake_env{{{"AMPERITY_CLIENT_SECRET", secret_value}}});
    BOOST_TEST(e.field() == "AMPERITY_CLIENT_ID");
    e = error_of(fake_env{{{"AMPERITY_ACCESS_TOKEN", token_value},
                           {"AMPERITY_TOKEN_URL", "https://login.example.com/t"}}});
    BOOST_TEST(e.field() == "AMPERITY_TOKEN_URL");
}

BOOST_AUTO_TEST_CASE(errors_never_quote_a_secret) {
    // A control character in a secret: the error names the variable, not the value.
    std::string const bad_token = std::string(token_value) + "\r\nX-Injected: 1";
    std::string const bad_secret = std::string(secret_value) + "\n";
    for (auto const& [name, value] :
         {std::pair<std::string, std::string>{"AMPERITY_ACCESS_TOKEN", bad_token},
          {"AMPERITY_CLIENT_SECRET", bad_secret}}) {
        fake_env env{{{name, value}}};
        if (name == "AMPERITY_CLIENT_SECRET") env.vars["AMPERITY_CLIENT_ID"] = "svc";
        auto e = error_of(env);
        BOOST_TEST(e.field() == name);
        BOOST_TEST(e.value() == errc::invalid_header_value);
        BOOST_TEST(e.message().find(token_value) == std::string::npos);
        BOOST_TEST(e.message().find(secret_value) == std::string::npos);
    }
    // The same for every error about credentials.
    auto e = error_of(fake_env{{{"AMPERITY_ACCESS_TOKEN", token_value},
                                {"AMPERITY_CLIENT_SECRET", secret_value}}});
    BOOST_TEST(e.message().find(token_value) == std::string::npos);
    BOOST_TEST(e.message().find(secret_value) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(control_characters_in_plain_values_are_refused) {
    auto e = error_of(fake_env{{{"AMPERITY_TENANT", "acme\r\nX: y"}}});
    BOOST_TEST(e.field() == "AMPERITY_TENANT");
    BOOST_TEST(e.value() == errc::invalid_header_value);
}

BOOST_AUTO_TEST_CASE(the_proxy_variables_as_curl_reads_them) {
    auto r = fake_env{{{"HTTPS_PROXY", "proxy.example:3128"}, {"NO_PROXY", ".internal"}}}.read();
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->proxy.url.reveal() == "http://proxy.example:3128"); // no scheme: http://
    BOOST_TEST(r->proxy.no_proxy == ".internal");
    // The lower-case variable wins, even when it is set and empty.
    r = fake_env{{{"https_proxy", "http://lower.example:8080"},
                  {"HTTPS_PROXY", "http://upper.example:8080"},
                  {"no_proxy", ""},
                  {"NO_PROXY", "*"}}}
            .read();
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->proxy.url.reveal() == "http://lower.example:8080");
    BOOST_TEST(r->proxy.no_proxy.empty());
    r = fake_env{{{"https_proxy", ""}, {"HTTPS_PROXY", "http://upper.example:8080"}}}.read();
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->proxy.url.reveal().empty());
    auto e = error_of(fake_env{{{"HTTPS_PROXY", "http://u:pw-4c1e9@proxy.example:3128\r\n"}}});
    BOOST_TEST(e.field() == "HTTPS_PROXY");
    BOOST_TEST(e.message().find("pw-4c1e9") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(reads_the_process_environment) {
    // The unit tests run on one thread; whatever the variables held before is put back.
    struct restore {
        std::string name;
        std::optional<std::string> old;
        explicit restore(std::string n) : name(std::move(n)) {
            if (char const* v = std::getenv(name.c_str())) old = v;
        }
        ~restore() {
            if (old) ::setenv(name.c_str(), old->c_str(), 1);
            else ::unsetenv(name.c_str());
        }
    } const tenant("AMPERITY_TENANT"), attempts("AMPERITY_MAX_ATTEMPTS");
    ::setenv("AMPERITY_TENANT", "from-the-process-env", 1);
    ::setenv("AMPERITY_MAX_ATTEMPTS", "3", 1);
    auto r = client_options::from_env();
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->tenant == "from-the-process-env");
    BOOST_TEST(r->retry.max_attempts == 3u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
