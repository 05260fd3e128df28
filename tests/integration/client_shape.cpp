// The client's one call shape and its auth sources: a diagnostics& overload on every kind of
// call (generated members, async_call, pager, collect, follow, sync), diagnostics::outcome,
// the blocking client's nine operations, and a caller-supplied token provider that rotates.

#include "support.hpp"

#include <boost/asio/as_tuple.hpp>

#include <chrono>
#include <string>
#include <tuple>
#include <vector>

namespace amperity_it {

namespace {

using amperity::condition;

/// One list-workflows call, run to completion, with its diagnostics.
outcome<amperity::workflow_list> list_once(asio::io_context& io, amperity::client& c) {
    outcome<amperity::workflow_list> out;
    run_coro(io, [&]() -> asio::awaitable<void> {
        amperity::list_workflows_params const all; // named: see the first test case
        auto r = co_await c.async_list_workflows(all, out.diag, asio::as_tuple(asio::use_awaitable)); // no structured binding: GCC 12 double-destroys it
        out.ec = std::get<0>(r);
        out.value = std::move(std::get<1>(r));
    });
    return out;
}

BOOST_AUTO_TEST_CASE(diagnostics_reach_the_caller_the_same_way_for_every_call) {
    emulator emu;
    asio::io_context io;
    amperity::client c(io.get_executor(), emu.client_options());
    run_coro(io, [&]() -> asio::awaitable<void> {
        auto tok = asio::as_tuple(asio::use_awaitable);
        amperity::diagnostics d;
        // Arguments in named variables: GCC 12 destroys an aggregate temporary inside a
        // co_await expression twice (README, "A GCC 12.2 bug to know about").
        amperity::get_workflow_params const nope{.workflow_id = "wf-nope"};
        auto const run = amperity::run_request{amperity::courier_group_id{"cg-shape"}};
        amperity::workflow_run_request const wire = run.to_wire();
        amperity::list_workflows_params const one_per_page{.limit = 1};
        amperity::collect_limits const one_item{.max_items = 1};
        std::string const nope_id = "wf-nope";
        amperity::follow_options const follow;
        amperity::run_workflow_operation::params_type const no_params;
        // A generated member, an error: outcome and status agree with the code.
        auto r_ec1 = co_await c.async_get_workflow(nope, d, tok); // no structured binding: GCC 12 double-destroys it
        auto& ec1 = std::get<0>(r_ec1);
        auto& wf1 = std::get<1>(r_ec1);
        BOOST_TEST(ec1 == amperity::errc::http_not_found);
        BOOST_TEST(ec1 == condition::api_client_error);
        BOOST_TEST((d.outcome == condition::api_client_error));
        BOOST_TEST(d.http_status == 404u);
        capture(d);
        // async_call by descriptor.
        d.clear();
        auto r_ec2 = co_await c.async_call<amperity::run_workflow_operation>(
            no_params, wire, d, tok); // no structured binding: GCC 12 double-destroys it
        auto& ec2 = std::get<0>(r_ec2);
        auto& wf2 = std::get<1>(r_ec2);
        BOOST_TEST(!ec2);
        BOOST_TEST((d.outcome == condition::none));
        BOOST_TEST(d.attempts == 1u);
        // A pager page.
        d.clear();
        auto pages = c.pages<amperity::list_workflows_operation>(one_per_page);
        auto r_ec3 = co_await pages.async_next(d, tok); // no structured binding: GCC 12 double-destroys it
        auto& ec3 = std::get<0>(r_ec3);
        auto& page = std::get<1>(r_ec3);
        BOOST_TEST(!ec3);
        BOOST_TEST(page.has_value());
        BOOST_TEST(d.http_status == 200u);
        // Collect with a cap that the listing exceeds.
        co_await c.async_run_workflow(run, asio::use_awaitable);
        d.clear();
        auto r_ec4 = co_await c.async_collect<amperity::list_workflows_operation>(
            one_per_page, one_item, d, tok); // no structured binding: GCC 12 double-destroys it
        auto& ec4 = std::get<0>(r_ec4);
        auto& items = std::get<1>(r_ec4);
        BOOST_TEST(ec4 == amperity::errc::limit_reached);
        BOOST_TEST((d.outcome == condition::limit_reached));
        BOOST_TEST(items.size() == 1u);
        // Follow a run that does not exist.
        d.clear();
        auto r_ec5 = co_await c.async_follow_workflow(nope_id, follow, d, tok); // no structured binding: GCC 12 double-destroys it
        auto& ec5 = std::get<0>(r_ec5);
        auto& last = std::get<1>(r_ec5);
        BOOST_TEST(ec5 == amperity::errc::http_not_found);
        BOOST_TEST((d.outcome == condition::api_client_error));
        (void)wf1, (void)wf2, (void)last;
    });
}

BOOST_AUTO_TEST_CASE(the_blocking_client_has_every_operation) {
    emulator emu;
    amperity::sync_client sc(emu.client_options());
    amperity::diagnostics d;
    auto run = sc.run_workflow(amperity::run_request{amperity::courier_group_id{"cg-sync"}}, d);
    BOOST_TEST_REQUIRE(run.has_value());
    BOOST_TEST(d.http_status == 201u);
    BOOST_TEST(sc.get_workflow({.workflow_id = run->id}).has_value());
    BOOST_TEST(sc.list_workflows({}).has_value());
    BOOST_TEST(sc.list_events({}).has_value());
    BOOST_TEST(sc.list_campaign({}).has_value());
    BOOST_TEST(sc.list_segment({}).has_value());
    // The emulator's ingest jobs are from around its start: a window of the last six days.
    auto const today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    amperity::list_ingest_jobs_params window;
    window.created_from = amperity::date_or_time::from_date(
        std::chrono::year_month_day{today - std::chrono::days(5)});
    window.created_to = amperity::date_or_time::from_date(
        std::chrono::year_month_day{today + std::chrono::days(1)});
    auto jobs = sc.list_ingest_jobs(window, d);
    BOOST_TEST_REQUIRE(jobs.has_value(), d.detail << " " << d.message);
    BOOST_TEST_REQUIRE(!jobs->data.empty());
    BOOST_TEST(sc.get_ingest_job({.job_id = jobs->data.front().id}).has_value());
    auto stopped = sc.stop_workflow({.workflow_id = run->id}, d);
    BOOST_TEST(stopped.has_value());
    auto missing = sc.get_workflow({.workflow_id = "wf-nope"}, d);
    BOOST_TEST(missing.error() == amperity::errc::http_not_found);
    BOOST_TEST((d.outcome == condition::api_client_error));
}

BOOST_AUTO_TEST_CASE(a_token_provider_rotates_tokens_without_a_new_client) {
    emulator emu;
    asio::io_context io;
    auto opts = emu.client_options();
    // The provider first hands out a stale token; after the 401 it is asked to refresh.
    std::vector<bool> asked;
    std::string current = "stale-token-0000";
    opts.auth = amperity::token_provider{[&](bool refresh) -> boost::system::result<amperity::secret> {
        asked.push_back(refresh);
        if (refresh) current = static_token;
        return amperity::secret(current);
    }};
    amperity::client c(io.get_executor(), opts);
    auto const first = list_once(io, c);
    BOOST_TEST(!first.ec, first.ec.message() << ": " << first.diag.detail);
    BOOST_TEST(first.diag.attempts == 2u);
    auto const second = list_once(io, c);
    BOOST_TEST(!second.ec);
    BOOST_TEST(second.diag.attempts == 1u);
    BOOST_TEST((asked == std::vector<bool>{false, true, false}));
    // Both tokens are secrets of this client now.
    BOOST_TEST(c.redact("x stale-token-0000 y").find("stale-token") == std::string::npos);
    BOOST_TEST(c.redact(static_token).find(static_token) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_failing_token_provider_fails_the_call_without_sending) {
    emulator emu;
    asio::io_context io;
    auto opts = emu.client_options();
    opts.auth = amperity::token_provider{[](bool) -> boost::system::result<amperity::secret> {
        return make_error_code(boost::system::errc::permission_denied);
    }};
    amperity::client c(io.get_executor(), opts);
    auto const r = list_once(io, c);
    BOOST_TEST(r.ec == amperity::errc::token_request_failed);
    BOOST_TEST((r.diag.outcome == condition::api_client_error));
    BOOST_TEST(r.diag.detail.find("token_provider: ") == 0u, r.diag.detail);
    BOOST_TEST(!r.diag.request_written);
    BOOST_TEST(emu.stats().requests_by_operation["list-workflows"] == 0u);
    // No function at all is refused when the client is made.
    opts.auth = amperity::token_provider{};
    auto made = amperity::client::create(io.get_executor(), opts);
    BOOST_TEST_REQUIRE(!made.has_value());
    BOOST_TEST(made.error().field() == "token_provider");
}

} // namespace

} // namespace amperity_it
