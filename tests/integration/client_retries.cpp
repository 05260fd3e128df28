// The retry matrix (every fault kind x idempotent / not idempotent), deadlines, cancellation and
// the rate limit. The emulator counts the runs it started: no fault may lead to a second start.
#include "support.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sstream>

namespace amperity_it {

using amperity::errc;
using fault = amperity::emulator::fault;

namespace {

struct expectation {
    errc code;          // errc::ok for success
    unsigned attempts;
    unsigned starts;    // runs the emulator started because of this call (run-workflow)
};

struct row {
    char const* name;
    fault f;
    expectation idempotent;     // get-workflow
    expectation not_idempotent; // run-workflow
};

fault make(fault::kind k, unsigned status = 503) {
    fault f{k};
    f.status = status;
    return f;
}

std::vector<row> matrix() {
    auto with_retry_after = make(fault::kind::status, 429);
    with_retry_after.retry_after = "0";
    auto slow = make(fault::kind::delay);
    slow.delay = 1500ms; // beyond the response timeout below
    auto drip = make(fault::kind::slow_drip);
    drip.delay = 1500ms;
    return {
        // fault                           get-workflow                run-workflow
        {"reset_before_read", make(fault::kind::reset_before_read),
         {errc::ok, 2, 0}, {errc::outcome_unknown, 1, 0}},
        {"reset_after_read", make(fault::kind::reset_after_read),
         {errc::ok, 2, 0}, {errc::outcome_unknown, 1, 1}},
        {"429_retry_after", with_retry_after, {errc::ok, 2, 0}, {errc::ok, 2, 1}},
        {"500", make(fault::kind::status, 500),
         {errc::http_server_error, 1, 0}, {errc::outcome_unknown, 1, 1}},
        {"502", make(fault::kind::status, 502), {errc::ok, 2, 0}, {errc::outcome_unknown, 1, 1}},
        {"503", make(fault::kind::status, 503), {errc::ok, 2, 0}, {errc::outcome_unknown, 1, 1}},
        {"504", make(fault::kind::status, 504), {errc::ok, 2, 0}, {errc::outcome_unknown, 1, 1}},
        {"truncated_body", make(fault::kind::truncated_body),
         {errc::ok, 2, 0}, {errc::outcome_unknown, 1, 1}},
        {"malformed_body", make(fault::kind::malformed_body),
         {errc::invalid_response, 1, 0}, {errc::outcome_unknown, 1, 1}},
        {"oversized_body", make(fault::kind::oversized_body),
         {errc::response_too_large, 1, 0}, {errc::outcome_unknown, 1, 1}},
        {"delay_past_timeout", slow, {errc::ok, 2, 0}, {errc::outcome_unknown, 1, 1}},
        {"slow_drip_past_timeout", drip, {errc::ok, 2, 0}, {errc::outcome_unknown, 1, 1}},
        {"400", make(fault::kind::status, 400),
         {errc::http_bad_request, 1, 0}, {errc::http_bad_request, 1, 0}},
    };
}

} // namespace

// The whole matrix, with a static bearer token or with OAuth client credentials (the token is
// fetched once; a 401 then costs one refresh and one resend, never a second start).
namespace {

void run_matrix(bool oauth) {
    emulator emu;
    asio::io_context io;
    auto opts = emu.client_options();
    if (oauth)
        opts.auth = amperity::client_credentials{"emulator-client",
                                                 amperity::secret(client_secret_value), ""};
    opts.response_timeout = 700ms;
    opts.max_response_bytes = 1u << 20;
    // Every attempt on a connection of its own: on a pooled one a reset before any response
    // byte is the server's keep-alive close racing the request, replaced within the attempt
    // (client_connections covers that), which would hide the retry this matrix is about.
    opts.idle_connection_timeout = 0ms;
    amperity::client c(io.get_executor(), opts);

    std::string id;
    run_coro(io, [&]() -> asio::awaitable<void> {
        auto wf = co_await c.async_run_workflow(
            amperity::run_request{amperity::courier_group_id{"cg-matrix"}}, asio::use_awaitable);
        id = wf.id;
    });
    auto total_starts = emu.stats().runs_started;
    unsigned expected_starts = static_cast<unsigned>(total_starts);
    std::ostringstream table;
    table << "| fault | get-workflow | run-workflow |\n|---|---|---|\n";

    auto rows = matrix();
    auto unauthorized = make(fault::kind::status, 401);
    if (oauth)
        rows.push_back({"401", unauthorized, {errc::ok, 2, 0}, {errc::ok, 2, 1}});
    else
        rows.push_back({"401", unauthorized, {errc::http_unauthorized, 1, 0},
                        {errc::http_unauthorized, 1, 0}});
    for (auto const& r : rows) {
        BOOST_TEST_CONTEXT("fault " << r.name) {
            std::string cells[2];
            for (int idempotent = 1; idempotent >= 0; --idempotent) {
                auto f = r.f;
                f.operation = idempotent ? "get-workflow" : "run-workflow";
                auto const& want = idempotent ? r.idempotent : r.not_idempotent;
                auto const starts_before = emu.stats().runs_started;
                emu.inject(f);
                boost::system::error_code ec;
                amperity::diagnostics diag;
                run_coro(io, [&]() -> asio::awaitable<void> {
                    if (idempotent) {
                        // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
                        amperity::get_workflow_params params_0{.workflow_id = id};
                        auto r_e_wf = co_await c.async_get_workflow(params_0, diag, asio::as_tuple(asio::use_awaitable)); // GCC 12 double-destroys a binding
                        auto& e = std::get<0>(r_e_wf);
                        ec = e;
                    } else {
                        auto r_e_wf = co_await c.async_run_workflow(
                            amperity::run_request{amperity::courier_group_id{"cg-matrix"}}, diag,
                            asio::as_tuple(asio::use_awaitable)); // GCC 12 double-destroys a binding
                        auto& e = std::get<0>(r_e_wf);
                        ec = e;
                    }
                });
                capture(diag);
                capture(ec.message());
                auto const starts = emu.stats().runs_started - starts_before;
                BOOST_TEST_CONTEXT((idempotent ? "get-workflow" : "run-workflow")
                                   << ": " << ec.message() << " / " << diag.detail) {
                    if (want.code == errc::ok) BOOST_TEST(!ec);
                    else BOOST_TEST(ec == want.code);
                    BOOST_TEST(diag.attempts == want.attempts);
                    // The guarantee: never more than one start per call.
                    BOOST_TEST(starts <= 1u);
                    BOOST_TEST(starts == want.starts);
                }
                expected_starts += want.starts;
                cells[idempotent] = (ec ? ec.message() : std::string("ok")) + ", " +
                                    std::to_string(diag.attempts) + " attempt(s)" +
                                    (idempotent ? "" : ", " + std::to_string(starts) + " start(s)");
            }
            table << "| " << r.name << " | " << cells[1] << " | " << cells[0] << " |\n";
        }
    }
    // Connection refused (nothing listens): retried for both, nothing started.
    {
        auto dead = opts;
        dead.base_url = "https://127.0.0.1:1/api";
        amperity::client d(io.get_executor(), dead);
        for (int idempotent = 1; idempotent >= 0; --idempotent) {
            amperity::diagnostics diag;
            boost::system::error_code ec;
            run_coro(io, [&]() -> asio::awaitable<void> {
                if (idempotent) {
                    // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
                    amperity::get_workflow_params params_1{.workflow_id = id};
                    auto r_e_wf = co_await d.async_get_workflow(params_1, diag,
                                                                 asio::as_tuple(asio::use_awaitable)); // GCC 12 double-destroys a binding
                    auto& e = std::get<0>(r_e_wf);
                    ec = e;
                } else {
                    auto r_e_wf = co_await d.async_run_workflow(
                        amperity::run_request{amperity::courier_group_id{"cg-matrix"}}, diag,
                        asio::as_tuple(asio::use_awaitable)); // GCC 12 double-destroys a binding
                    auto& e = std::get<0>(r_e_wf);
                    ec = e;
                }
            });
            BOOST_TEST(ec == errc::connection_failed);
            BOOST_TEST(diag.attempts == 3u);
            BOOST_TEST(!diag.request_written);
        }
        table << "| connection_refused | connection failed, 3 attempts | connection failed, 3 "
                 "attempts, 0 starts |\n";
    }
    BOOST_TEST(emu.stats().runs_started == expected_starts);
    // OAuth: the first token, and one fresh token for each of the two 401s.
    BOOST_TEST(emu.stats().tokens_issued == (oauth ? 3u : 0u));
    BOOST_TEST_MESSAGE("retry matrix (" << (oauth ? "client credentials" : "bearer token")
                                        << "):\n" << table.str());
}

} // namespace

BOOST_AUTO_TEST_SUITE(client_retries)

BOOST_AUTO_TEST_CASE(retry_matrix_never_starts_a_workflow_twice) {
    run_matrix(false);
}

BOOST_AUTO_TEST_CASE(retry_matrix_with_client_credentials) {
    run_matrix(true);
}

BOOST_AUTO_TEST_CASE(deadline_bounds_the_whole_call) {
    emulator emu;
    asio::io_context io;
    auto opts = emu.client_options();
    opts.call_timeout = 300ms;
    amperity::client c(io.get_executor(), opts);
    std::string id;
    run_coro(io, [&]() -> asio::awaitable<void> {
        id = (co_await c.async_run_workflow(amperity::run_request{amperity::courier_group_id{"cg-d"}},
                                            asio::use_awaitable)).id;
    });
    auto slow = fault{fault::kind::delay};
    slow.delay = 2s;
    slow.count = 10;
    slow.operation = "get-workflow";
    emu.inject(slow);
    amperity::diagnostics diag;
    boost::system::error_code ec;
    auto const t0 = std::chrono::steady_clock::now();
    run_coro(io, [&]() -> asio::awaitable<void> {
        // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
        amperity::get_workflow_params params_2{.workflow_id = id};
        auto r_e_wf = co_await c.async_get_workflow(params_2, diag,
                                                     asio::as_tuple(asio::use_awaitable)); // GCC 12 double-destroys a binding
        auto& e = std::get<0>(r_e_wf);
        ec = e;
    });
    BOOST_TEST(ec == errc::deadline_exceeded);
    // Not a timing assertion: only that the call did not wait for the 2 s fault (x10).
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < 1900ms));

    // The same for run-workflow once written: outcome unknown, not "deadline".
    auto slow_run = slow;
    slow_run.operation = "run-workflow";
    slow_run.count = 1;
    emu.inject(slow_run);
    run_coro(io, [&]() -> asio::awaitable<void> {
        auto r_e_wf = co_await c.async_run_workflow(
            amperity::run_request{amperity::courier_group_id{"cg-d"}}, diag,
            asio::as_tuple(asio::use_awaitable)); // GCC 12 double-destroys a binding
        auto& e = std::get<0>(r_e_wf);
        ec = e;
    });
    BOOST_TEST(ec == errc::outcome_unknown);
    BOOST_TEST(diag.request_written);
    capture(diag);
}

BOOST_AUTO_TEST_CASE(cancellation_through_the_handler_slot) {
    emulator emu;
    asio::io_context io;
    amperity::client c(io.get_executor(), emu.client_options());
    std::string id;
    run_coro(io, [&]() -> asio::awaitable<void> {
        id = (co_await c.async_run_workflow(amperity::run_request{amperity::courier_group_id{"cg-c"}},
                                            asio::use_awaitable)).id;
    });
    for (auto type : {asio::cancellation_type::terminal, asio::cancellation_type::partial,
                      asio::cancellation_type::total}) {
        for (bool idempotent : {true, false}) {
            auto slow = fault{fault::kind::delay};
            slow.delay = 3s;
            slow.operation = idempotent ? "get-workflow" : "run-workflow";
            emu.inject(slow);
            asio::cancellation_signal signal;
            asio::steady_timer timer(io, 200ms);
            timer.async_wait([&](boost::system::error_code) { signal.emit(type); });
            boost::system::error_code ec;
            bool done = false;
            auto handler = [&](boost::system::error_code e, amperity::workflow) {
                ec = e;
                done = true;
            };
            if (idempotent)
                c.async_get_workflow({.workflow_id = id},
                                     asio::bind_cancellation_slot(signal.slot(), handler));
            else
                c.async_run_workflow(amperity::run_request{amperity::courier_group_id{"cg-c"}},
                                     asio::bind_cancellation_slot(signal.slot(), handler));
            io.restart();
            auto const t0 = std::chrono::steady_clock::now();
            io.run();
            BOOST_TEST(done);
            BOOST_TEST((std::chrono::steady_clock::now() - t0 < 2500ms)); // did not wait 3 s
            BOOST_TEST(ec == (idempotent ? errc::cancelled : errc::outcome_unknown));
        }
    }
}

BOOST_AUTO_TEST_CASE(rate_limit_keeps_within_the_server_limit) {
    auto eopts = emulator::default_options();
    eopts.rate_limit = 10;
    emulator emu(eopts);
    asio::io_context io;
    std::string id;
    {
        // A client-side limit below the server's (8/s, burst 5 against 10/s, burst 10, leaving
        // room for scheduling jitter): the server never has to say 429.
        auto opts = emu.client_options();
        opts.rate_limit = {8.0, 5};
        opts.retry.max_attempts = 1;
        amperity::client c(io.get_executor(), opts);
        run_coro(io, [&]() -> asio::awaitable<void> {
            id = (co_await c.async_run_workflow(
                      amperity::run_request{amperity::courier_group_id{"cg-r"}}, asio::use_awaitable))
                     .id;
        });
        int const ok = concurrent_gets(io, c, id, 25);
        BOOST_TEST(ok == 25);
        BOOST_TEST(emu.stats().rate_limited == 0u);
    }
    {
        // Without it the server pushes back with 429, and the client's retries absorb it.
        auto opts = emu.client_options();
        opts.rate_limit.requests_per_second = 0;
        opts.retry.max_attempts = 10;
        opts.retry.max_retry_after = 1500ms;
        opts.retry.max_backoff = 1000ms;
        amperity::client c(io.get_executor(), opts);
        int const ok = concurrent_gets(io, c, id, 25);
        BOOST_TEST(emu.stats().rate_limited > 0u);
        BOOST_TEST(ok == 25);
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_it
