// TLS verification, plain-http rules, header injection, OAuth client credentials, and the check
// that no secret ever appeared in anything the tests captured.
#include "support.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/detached.hpp>

namespace amperity_it {

using amperity::errc;

namespace {

template <class Client>
boost::system::error_code get_once(asio::io_context& io, Client& c, amperity::diagnostics& diag,
                                   std::string id = "wf-x") {
    boost::system::error_code ec;
    run_coro(io, [&]() -> asio::awaitable<void> {
        // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
        amperity::get_workflow_params params_0{.workflow_id = id};
        auto r_e_wf = co_await c.async_get_workflow(params_0, diag,
                                                     asio::as_tuple(asio::use_awaitable)); // GCC 12 double-destroys a binding
        auto& e = std::get<0>(r_e_wf);
        ec = e;
    });
    capture(diag);
    capture(ec.message());
    return ec;
}

} // namespace

BOOST_AUTO_TEST_SUITE(client_security)

BOOST_AUTO_TEST_CASE(untrusted_certificate_is_rejected_and_not_retried) {
    emulator emu;
    asio::io_context io;
    auto opts = emu.client_options();
    opts.ca_file.clear(); // the system store does not know the emulator's CA
    amperity::client c(io.get_executor(), opts);
    amperity::diagnostics diag;
    BOOST_TEST(get_once(io, c, diag) == errc::tls_verification_failed);
    BOOST_TEST(diag.attempts == 1u);
    BOOST_TEST(!diag.request_written);
    BOOST_TEST(diag.detail.find("certificate") != std::string::npos, diag.detail);
    BOOST_TEST(emu.stats().requests == 0u);
}

BOOST_AUTO_TEST_CASE(host_name_mismatch_is_rejected) {
    auto eopts = emulator::default_options();
    eopts.cert_names = {"service.example.invalid"};
    emulator emu(eopts);
    asio::io_context io;
    amperity::client c(io.get_executor(), emu.client_options()); // trusts the CA
    amperity::diagnostics diag;
    BOOST_TEST(get_once(io, c, diag) == errc::tls_verification_failed);
    BOOST_TEST(emu.stats().requests == 0u);
}

BOOST_AUTO_TEST_CASE(plain_http_only_to_loopback) {
    auto eopts = emulator::default_options();
    eopts.tls = false;
    emulator emu(eopts);
    asio::io_context io;
    auto opts = emu.client_options();
    BOOST_TEST(opts.base_url.starts_with("http://127.0.0.1:"));
    amperity::client c(io.get_executor(), opts);
    amperity::diagnostics diag;
    BOOST_TEST(get_once(io, c, diag) == errc::http_not_found); // reached the server
    for (auto url : {"http://example.com/api", "http://10.1.2.3/api", "http://localhost.evil/api"}) {
        opts.base_url = url;
        auto r = amperity::client::create(io.get_executor(), opts);
        BOOST_TEST_REQUIRE(!r.has_value());
        BOOST_TEST(r.error().value() == errc::insecure_url);
        BOOST_TEST(r.error().field() == "base_url");
    }
}

BOOST_AUTO_TEST_CASE(control_characters_are_refused_before_sending) {
    emulator emu;
    asio::io_context io;
    for (auto field : {"tenant", "api_version", "user_agent", "token"}) {
        auto opts = emu.client_options();
        std::string evil = "x\r\nX-Injected: 1";
        if (std::string_view(field) == "tenant") opts.tenant = evil;
        if (std::string_view(field) == "api_version") opts.api_version = evil;
        if (std::string_view(field) == "user_agent") opts.user_agent = evil;
        if (std::string_view(field) == "token") opts.auth = amperity::bearer_token{amperity::secret(evil)};
        auto r = amperity::client::create(io.get_executor(), opts);
        BOOST_TEST_REQUIRE(!r.has_value(), field);
        BOOST_TEST(r.error().value() == errc::invalid_header_value);
        capture(r.error().message());
    }
    // A path id is percent-encoded: no header or path injection, the server sees one odd id.
    amperity::client c(io.get_executor(), emu.client_options());
    amperity::diagnostics diag;
    BOOST_TEST(get_once(io, c, diag, "wf-1\r\nX-Injected: 1/../../x") == errc::http_not_found);
    BOOST_TEST(get_once(io, c, diag, "") == errc::invalid_parameter);
    BOOST_TEST(emu.stats().requests == 1u);
}

BOOST_AUTO_TEST_CASE(invalid_run_requests_are_never_sent) {
    emulator emu;
    asio::io_context io;
    amperity::client c(io.get_executor(), emu.client_options());
    amperity::workflow_run_request bad;
    bad.config_id = "og-1";
    bad.run_mode = amperity::run_mode::source; // courier groups only
    amperity::diagnostics diag;
    boost::system::error_code ec;
    run_coro(io, [&]() -> asio::awaitable<void> {
        auto r_e_wf = co_await c.async_run_workflow(bad, diag, asio::as_tuple(asio::use_awaitable)); // GCC 12 double-destroys a binding
        auto& e = std::get<0>(r_e_wf);
        ec = e;
    });
    BOOST_TEST(ec == errc::not_applicable_to_kind);
    BOOST_TEST(diag.detail.find("courier groups only") != std::string::npos, diag.detail);
    BOOST_TEST(emu.stats().requests == 0u);
}

amperity::client_options oauth_options(emulator const& emu) {
    auto opts = emu.client_options();
    opts.auth = amperity::client_credentials{"emulator-client", amperity::secret(client_secret_value), ""};
    return opts;
}

BOOST_AUTO_TEST_CASE(oauth_one_token_for_many_concurrent_calls) {
    emulator emu;
    asio::io_context io;
    amperity::client c(io.get_executor(), oauth_options(emu));
    int ok = 0;
    for (int i = 0; i < 50; ++i)
        asio::co_spawn(io, [&]() -> asio::awaitable<void> {
            // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
            amperity::list_workflows_params params_1{};
            auto r_ec_list = co_await c.async_list_workflows(params_1, asio::as_tuple(asio::use_awaitable)); // GCC 12 double-destroys a binding
            auto& ec = std::get<0>(r_ec_list);
            if (!ec) ++ok;
        }, asio::detached);
    io.run();
    BOOST_TEST(ok == 50);
    BOOST_TEST(emu.stats().tokens_issued == 1u);
    BOOST_TEST(emu.stats().requests_by_operation["oauth-token"] == 1u);
}

BOOST_AUTO_TEST_CASE(oauth_token_is_refreshed_before_it_expires) {
    auto eopts = emulator::default_options();
    eopts.token_lifetime = 1s;
    emulator emu(eopts);
    asio::io_context io;
    amperity::client c(io.get_executor(), oauth_options(emu));
    amperity::diagnostics diag;
    BOOST_TEST(get_once(io, c, diag) == errc::http_not_found); // authenticated: 404, not 401
    BOOST_TEST(emu.stats().tokens_issued == 1u);
    std::this_thread::sleep_for(1100ms);
    BOOST_TEST(get_once(io, c, diag) == errc::http_not_found);
    BOOST_TEST(emu.stats().tokens_issued == 2u);
    BOOST_TEST(emu.stats().rejected_auth == 0u); // refreshed before use, never sent expired
}

BOOST_AUTO_TEST_CASE(oauth_401_gets_one_fresh_token_and_one_retry) {
    emulator emu;
    asio::io_context io;
    amperity::client c(io.get_executor(), oauth_options(emu));
    amperity::diagnostics diag;
    BOOST_TEST(get_once(io, c, diag) == errc::http_not_found);
    amperity::emulator::fault f{amperity::emulator::fault::kind::status};
    f.status = 401;
    f.operation = "get-workflow";
    emu.inject(f);
    BOOST_TEST(get_once(io, c, diag) == errc::http_not_found);
    BOOST_TEST(diag.attempts == 2u);
    BOOST_TEST(emu.stats().tokens_issued == 2u);
    // Twice in a row: only one refresh per call, then the 401 is the answer.
    f.count = 2;
    emu.inject(f);
    BOOST_TEST(get_once(io, c, diag) == errc::http_unauthorized);
    BOOST_TEST(emu.stats().tokens_issued == 3u);
}

BOOST_AUTO_TEST_CASE(deprecation_and_sunset_headers_reach_diagnostics_and_the_hook) {
    auto eopts = emulator::default_options();
    eopts.response_headers = {{"Deprecation", "Tue, 1 Sep 2024 23:59:59 GMT"},
                              {"Sunset", "Wed, 1 Dec 2024 23:59:59 GMT"}};
    emulator emu(eopts);
    asio::io_context io;
    auto opts = emu.client_options();
    std::vector<std::string> seen;
    opts.on_deprecation = [&](std::string_view name, std::string_view value) {
        seen.push_back(std::string(name) + "=" + std::string(value));
    };
    amperity::client c(io.get_executor(), opts);
    amperity::diagnostics diag;
    BOOST_TEST(get_once(io, c, diag) == errc::http_not_found);
    BOOST_TEST(diag.deprecation == "Tue, 1 Sep 2024 23:59:59 GMT");
    BOOST_TEST(diag.sunset == "Wed, 1 Dec 2024 23:59:59 GMT");
    BOOST_TEST_REQUIRE(seen.size() == 2u);
    BOOST_TEST(seen[0] == "Deprecation=Tue, 1 Sep 2024 23:59:59 GMT");
    BOOST_TEST(seen[1] == "Sunset=Wed, 1 Dec 2024 23:59:59 GMT");
}

BOOST_AUTO_TEST_CASE(bad_credentials_fail_clearly) {
    emulator emu;
    asio::io_context io;
    auto opts = oauth_options(emu);
    opts.auth = amperity::client_credentials{"emulator-client", amperity::secret("wrong-secret-77"), ""};
    amperity::client c(io.get_executor(), opts);
    amperity::diagnostics diag;
    BOOST_TEST(get_once(io, c, diag) == errc::token_request_failed);
    BOOST_TEST(diag.detail.find("401") != std::string::npos, diag.detail);
    BOOST_TEST(diag.detail.find("wrong-secret-77") == std::string::npos);

    auto st = emu.client_options();
    st.auth = amperity::bearer_token{amperity::secret("not-the-token-31")};
    amperity::client s(io.get_executor(), st);
    BOOST_TEST(get_once(io, s, diag) == errc::http_unauthorized);
    BOOST_TEST(diag.attempts == 1u);
    BOOST_TEST(!diag.message.empty());
    for (auto const& line : captured_output())
        BOOST_TEST(line.find("not-the-token-31") == std::string::npos, line);
}

BOOST_AUTO_TEST_SUITE_END()

// After every other suite (depends_on orders it last): nothing any test captured (error
// messages, diagnostics, the emulator's request log) may contain a secret.
BOOST_AUTO_TEST_SUITE(secrets, *boost::unit_test::depends_on("client_calls") *
                                   boost::unit_test::depends_on("client_retries") *
                                   boost::unit_test::depends_on("client_security") *
                                   boost::unit_test::depends_on("client_observability"))

BOOST_AUTO_TEST_CASE(no_secret_in_any_captured_output) {
    BOOST_TEST(captured_output().size() > 20u);
    for (auto const& line : captured_output()) {
        BOOST_TEST(line.find(static_token) == std::string::npos, line);
        BOOST_TEST(line.find(client_secret_value) == std::string::npos, line);
        BOOST_TEST(line.find("wrong-secret-77") == std::string::npos, line);
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_it
