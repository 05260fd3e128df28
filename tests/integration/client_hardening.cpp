// Hardening against our own emulator: token refreshes that are cancelled, a 401 under
// max_attempts = 1, io_context teardown with calls in flight (clean under ASan: this executable
// only runs in the asan build), absurd settings (UBSan: no overflow), echoed secrets in
// diagnostics. Hostile servers (bytes no emulator sends) are in tests/hostile.
#include "support.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cmath>
#include <limits>

namespace amperity_it {

using amperity::errc;
using fault = amperity::emulator::fault;

namespace {

amperity::client_options oauth(emulator const& emu) {
    auto opts = emu.client_options();
    opts.auth =
        amperity::client_credentials{"emulator-client", amperity::secret(client_secret_value), ""};
    return opts;
}

/// One get-workflow on `c`, to completion.
boost::system::error_code get(asio::io_context& io, amperity::client& c,
                              amperity::diagnostics& diag, std::string id = "wf-none") {
    boost::system::error_code ec;
    run_coro(io, [&]() -> asio::awaitable<void> {
        amperity::get_workflow_params p{.workflow_id = id};
        auto r = co_await c.async_get_workflow(p, diag, asio::as_tuple(asio::use_awaitable));
        ec = std::get<0>(r);
    });
    capture(diag);
    return ec;
}

} // namespace

BOOST_AUTO_TEST_SUITE(client_hardening)

// A refresh that stops because its own call was cancelled says nothing about the endpoint:
// the calls that were only waiting for it go on and get a token.
BOOST_AUTO_TEST_CASE(a_cancelled_token_refresh_does_not_fail_the_waiting_calls) {
    emulator emu;
    asio::io_context io;
    amperity::client c(io.get_executor(), oauth(emu));
    fault slow{fault::kind::delay};
    slow.operation = "oauth-token";
    slow.delay = 800ms;
    emu.inject(slow);

    asio::cancellation_signal cancel_first;
    boost::system::error_code first, second;
    amperity::diagnostics d1, d2;
    amperity::get_workflow_params p1{.workflow_id = "wf-a"}, p2{.workflow_id = "wf-b"};
    c.async_get_workflow(p1, d1,
                         asio::bind_cancellation_slot(cancel_first.slot(),
                                                      [&](boost::system::error_code ec, auto) {
                                                          first = ec;
                                                      }));
    c.async_get_workflow(p2, d2, [&](boost::system::error_code ec, auto) { second = ec; });
    asio::steady_timer t(io, 200ms); // the first call is fetching, the second waits for it
    t.async_wait([&](boost::system::error_code) { cancel_first.emit(asio::cancellation_type::terminal); });
    io.run();
    BOOST_TEST(first == errc::cancelled);
    // Authenticated (404: no such run), not cancelled along with the refresh it waited for.
    BOOST_TEST_CONTEXT(second.message() << " / " << d2.detail) {
        BOOST_TEST(second == errc::http_not_found);
    }
}

// The resend after a 401 is an attempt: with max_attempts = 1 there is none, and the stale
// token is dropped so that the next call fetches a fresh one.
BOOST_AUTO_TEST_CASE(oauth_401_resend_counts_against_max_attempts) {
    emulator emu;
    asio::io_context io;
    auto opts = oauth(emu);
    opts.retry.max_attempts = 1;
    amperity::client c(io.get_executor(), opts);
    amperity::diagnostics diag;
    BOOST_TEST(get(io, c, diag) == errc::http_not_found);
    fault f{fault::kind::status};
    f.status = 401;
    f.operation = "run-workflow";
    emu.inject(f);
    boost::system::error_code ec;
    run_coro(io, [&]() -> asio::awaitable<void> {
        auto r = co_await c.async_run_workflow(
            amperity::run_request{amperity::courier_group_id{"cg-401"}}, diag,
            asio::as_tuple(asio::use_awaitable));
        ec = std::get<0>(r);
    });
    BOOST_TEST(ec == errc::http_unauthorized);
    BOOST_TEST(diag.attempts == 1u);
    BOOST_TEST(emu.stats().runs_started == 0u);
    BOOST_TEST(emu.stats().tokens_issued == 1u);
    BOOST_TEST(get(io, c, diag) == errc::http_not_found); // with a fresh token
    BOOST_TEST(emu.stats().tokens_issued == 2u);
}

// Destroying the io_context while calls are suspended everywhere (waiting for a connection
// slot, for a token, in a read, in a backoff sleep) destroys their frames: ASan and LSan check
// that nothing is used after free or leaked.
BOOST_AUTO_TEST_CASE(destroying_the_io_context_with_calls_in_flight_is_clean) {
    emulator emu;
    for (int order = 0; order < 2; ++order) {
        auto io = std::make_unique<asio::io_context>();
        auto opts = oauth(emu);
        opts.max_connections = 2;
        auto c = std::make_unique<amperity::client>(io->get_executor(), opts);
        fault slow{fault::kind::delay};
        slow.delay = 2s;
        slow.count = 4;
        emu.inject(slow);
        fault busy{fault::kind::status};
        busy.status = 503;
        busy.retry_after = "5";
        busy.operation = "list-workflows";
        emu.inject(busy);
        int completed = 0;
        for (int i = 0; i < 12; ++i) {
            amperity::get_workflow_params p{.workflow_id = "wf-" + std::to_string(i)};
            c->async_get_workflow(p, [&](boost::system::error_code, auto) { ++completed; });
        }
        c->async_run_workflow(amperity::run_request{amperity::courier_group_id{"cg-td"}},
                              [&](boost::system::error_code, auto) { ++completed; });
        c->async_list_workflows(amperity::list_workflows_params{},
                                [&](boost::system::error_code, auto) { ++completed; });
        io->run_for(300ms);
        // Like any Asio I/O object, the client must not outlive its io_context; within that
        // rule, destroy it first, or stop the io_context first.
        if (order == 1) io->stop();
        c.reset();
        io.reset();
        BOOST_TEST(completed < 14); // some were still in flight: the point of the test
    }
}

// milliseconds::max() everywhere: no overflow (UBSan would stop the asan build), and calls
// still work.
BOOST_AUTO_TEST_CASE(extreme_settings_do_not_overflow) {
    emulator emu;
    asio::io_context io;
    auto opts = oauth(emu);
    opts.connect_timeout = std::chrono::milliseconds::max();
    opts.response_timeout = std::chrono::milliseconds::max();
    opts.call_timeout = std::chrono::milliseconds::max();
    opts.retry.initial_backoff = std::chrono::milliseconds::max();
    opts.retry.max_backoff = std::chrono::milliseconds::max();
    opts.retry.max_retry_after = std::chrono::milliseconds::max();
    opts.rate_limit.requests_per_second = 1e300;
    opts.rate_limit.burst = std::numeric_limits<unsigned>::max();
    amperity::client c(io.get_executor(), opts);
    amperity::diagnostics diag;
    BOOST_TEST(get(io, c, diag) == errc::http_not_found);
    // A 503 with a huge Retry-After: the wait saturates, there is "no time left" before a
    // deadline that is itself saturated, and the call ends with the 503 instead of hanging.
    fault busy{fault::kind::status};
    busy.status = 503;
    busy.retry_after = "99999999999999";
    busy.operation = "get-workflow";
    emu.inject(busy);
    BOOST_TEST(get(io, c, diag) == errc::http_service_unavailable);

    // Following with absurd growth (infinite, NaN) and no timeout.
    std::string id;
    run_coro(io, [&]() -> asio::awaitable<void> {
        auto wf = co_await c.async_run_workflow(
            amperity::run_request{amperity::courier_group_id{"cg-x"}}, asio::use_awaitable);
        id = wf.id;
    });
    for (double growth : {1e300, std::numeric_limits<double>::infinity(), std::nan(""), -3.0}) {
        amperity::follow_options fo;
        fo.initial_interval = 20ms;
        fo.max_interval = 100ms;
        fo.growth = growth;
        fo.timeout = std::chrono::milliseconds::max();
        boost::system::error_code ec;
        amperity::workflow last;
        run_coro(io, [&]() -> asio::awaitable<void> {
            auto r = co_await c.async_follow_workflow(id, fo, asio::as_tuple(asio::use_awaitable));
            ec = std::get<0>(r);
            last = std::get<1>(r);
        });
        BOOST_TEST_CONTEXT("growth " << growth) {
            BOOST_TEST(!ec);
            BOOST_TEST(last.state.is_terminal());
        }
    }
}

// A server echoing the token into an error body, a header and request_id: diagnostics and
// the Deprecation hook never see it (the hostile suite checks the CLI's output).
BOOST_AUTO_TEST_CASE(echoed_tokens_never_reach_diagnostics_or_hooks) {
    auto eopts = emulator::default_options();
    eopts.response_headers = {{"Deprecation", std::string("token=") + static_token}};
    emulator emu(eopts);
    asio::io_context io;
    auto opts = emu.client_options();
    std::string hooked;
    opts.on_deprecation = [&](std::string_view, std::string_view v) { hooked += v; };
    amperity::client c(io.get_executor(), opts);
    amperity::diagnostics diag;
    BOOST_TEST(get(io, c, diag) == errc::http_not_found);
    BOOST_TEST(diag.deprecation == "token=[redacted]");
    BOOST_TEST(hooked == "token=[redacted]");
    BOOST_TEST(c.redact(std::string("x ") + static_token) == "x [redacted]");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_it
