// Every workflow operation, every completion-token form, concurrency, pagination, following.
#include "support.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_future.hpp>

#include <set>

namespace amperity_it {

using amperity::workflow_state;

BOOST_AUTO_TEST_SUITE(client_calls)

BOOST_AUTO_TEST_CASE(every_workflow_operation) {
    emulator emu;
    asio::io_context io;
    amperity::client c(io.get_executor(), emu.client_options());
    run_coro(io, [&]() -> asio::awaitable<void> {
        using namespace amperity;
        // run-workflow: 201 with the new run.
        diagnostics diag;
        auto wf = co_await c.async_run_workflow(
            run_request{courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source"), diag,
            asio::use_awaitable);
        BOOST_TEST(diag.http_status == 201u);
        BOOST_TEST(diag.attempts == 1u);
        BOOST_TEST(wf.id.starts_with("wf-"));
        BOOST_TEST((wf.state == workflow_state::scheduled));
        BOOST_TEST(wf.type == "courier.group/run");

        // get-workflow, overview and verbose.
        // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
        amperity::get_workflow_params params_0{.workflow_id = wf.id};
        auto overview = co_await c.async_get_workflow(params_0, asio::use_awaitable);
        BOOST_TEST(overview.id == wf.id);
        BOOST_TEST(!overview.task_instances.has_value());
        // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
        amperity::get_workflow_params params_1{.workflow_id = wf.id, .view = workflow_view::verbose};
        auto verbose = co_await c.async_get_workflow(params_1, asio::use_awaitable);
        BOOST_TEST(verbose.task_instances.has_value());

        // list-workflows with a filter.
        // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
        amperity::list_workflows_params params_2{.type = "courier.group/run"};
        auto list = co_await c.async_list_workflows(params_2,
                                                    asio::use_awaitable);
        BOOST_TEST_REQUIRE(!list.data.empty());
        BOOST_TEST(list.data.front().id == wf.id);

        // stop-workflow: the run is canceled.
        // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
        amperity::stop_workflow_params params_3{.workflow_id = wf.id};
        auto stopped = co_await c.async_stop_workflow(params_3, asio::use_awaitable);
        BOOST_TEST((stopped.state == workflow_state::canceled));
        BOOST_TEST(stopped.state.is_terminal());
        BOOST_TEST(stopped.ended_at.has_value());

        // An unknown id: 404 with Amperity's error body in the diagnostics.
        // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
        amperity::get_workflow_params params_4{.workflow_id = "wf-does-not-exist"};
        auto r_ec_missing = co_await c.async_get_workflow(params_4, diag, asio::as_tuple(asio::use_awaitable)); // GCC 12 double-destroys a binding
        auto& ec = std::get<0>(r_ec_missing);
        BOOST_TEST(ec == errc::http_not_found);
        BOOST_TEST(diag.http_status == 404u);
        BOOST_TEST(!diag.message.empty());
        BOOST_TEST(!diag.request_id.empty());
        capture(diag);
    });
    BOOST_TEST(emu.stats().runs_started == 1u);
}

BOOST_AUTO_TEST_CASE(other_control_plane_operations) {
    emulator emu;
    asio::io_context io;
    amperity::client c(io.get_executor(), emu.client_options());
    run_coro(io, [&]() -> asio::awaitable<void> {
        using namespace amperity;
        // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
        amperity::list_events_params params_5{};
        auto events = co_await c.async_list_events(params_5, asio::use_awaitable);
        // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
        amperity::list_campaign_params params_6{};
        auto campaigns = co_await c.async_list_campaign(params_6, asio::use_awaitable);
        // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
        amperity::list_segment_params params_7{};
        auto segments = co_await c.async_list_segment(params_7, asio::use_awaitable);
        // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
        amperity::list_ingest_jobs_params params_8{.created_from = date_or_time::parse("2026-11-01").value,
             .created_to = date_or_time::parse("2026-11-08").value};
        auto jobs = co_await c.async_list_ingest_jobs(params_8,
            asio::use_awaitable);
        BOOST_TEST(!events.data.empty());
        BOOST_TEST(!campaigns.data.empty());
        BOOST_TEST(!segments.data.empty());
        if (!jobs.data.empty()) {
            // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
            amperity::get_ingest_job_params params_9{.job_id = jobs.data.front().id};
            auto job = co_await c.async_get_ingest_job(params_9,
                                                       asio::use_awaitable);
            BOOST_TEST(job.id == jobs.data.front().id);
        }
    });
}

BOOST_AUTO_TEST_CASE(every_completion_token_form) {
    emulator emu;
    asio::io_context io;
    amperity::client c(io.get_executor(), emu.client_options());
    auto start = [&] {
        return amperity::run_request{amperity::courier_group_id{"cg-tokens"}};
    };

    // 1. A plain callback.
    std::optional<std::string> id;
    c.async_run_workflow(start(), [&](boost::system::error_code ec, amperity::workflow wf) {
        BOOST_TEST(!ec);
        id = wf.id;
    });
    io.run();
    BOOST_TEST_REQUIRE(id.has_value());

    // 2. use_awaitable and 3. as_tuple(use_awaitable).
    run_coro(io, [&]() -> asio::awaitable<void> {
        // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
        amperity::get_workflow_params params_10{.workflow_id = *id};
        auto wf = co_await c.async_get_workflow(params_10, asio::use_awaitable);
        BOOST_TEST(wf.id == *id);
        // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
        amperity::get_workflow_params params_11{.workflow_id = *id};
        auto r_ec_wf2 = co_await c.async_get_workflow(params_11,
                                                       asio::as_tuple(asio::use_awaitable)); // GCC 12 double-destroys a binding
        auto& ec = std::get<0>(r_ec_wf2);
        auto& wf2 = std::get<1>(r_ec_wf2);
        BOOST_TEST(!ec);
        BOOST_TEST(wf2.id == *id);
        // use_awaitable turns errors into exceptions carrying the amperity error code.
        try {
            // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
            amperity::get_workflow_params params_12{.workflow_id = "wf-nope"};
            co_await c.async_get_workflow(params_12, asio::use_awaitable);
            BOOST_FAIL("expected an exception");
        } catch (boost::system::system_error const& e) {
            BOOST_TEST(e.code() == amperity::errc::http_not_found);
        }
    });

    // 4. deferred: nothing happens until the deferred operation is invoked.
    auto op = c.async_get_workflow({.workflow_id = *id}, asio::deferred);
    auto const before = emu.stats().requests;
    io.restart();
    io.run();
    BOOST_TEST(emu.stats().requests == before);
    std::optional<std::string> got;
    std::move(op)([&](boost::system::error_code ec, amperity::workflow wf) {
        BOOST_TEST(!ec);
        got = wf.id;
    });
    io.restart();
    io.run();
    BOOST_TEST((got == id));

    // 5. use_future, with the io_context on another thread.
    io.restart();
    auto guard = asio::make_work_guard(io);
    std::thread t([&] { io.run(); });
    auto fut = c.async_get_workflow({.workflow_id = *id}, asio::use_future);
    BOOST_TEST(fut.get().id == *id);
    auto bad = c.async_get_workflow({.workflow_id = "wf-nope"}, asio::use_future);
    BOOST_CHECK_THROW(bad.get(), boost::system::system_error);
    guard.reset();
    t.join();

    // 6. The blocking wrapper.
    amperity::sync_client sc(emu.client_options());
    auto wf = sc.get_workflow({.workflow_id = *id});
    BOOST_TEST_REQUIRE(wf.has_value());
    BOOST_TEST(wf->id == *id);
    auto missing = sc.get_workflow({.workflow_id = "wf-nope"});
    BOOST_TEST(missing.error() == amperity::errc::http_not_found);
}

BOOST_AUTO_TEST_CASE(two_hundred_concurrent_coroutines_on_one_io_context) {
    emulator emu;
    asio::io_context io;
    auto opts = emu.client_options();
    opts.max_connections = 8;
    amperity::client c(io.get_executor(), opts);
    std::string id;
    run_coro(io, [&]() -> asio::awaitable<void> {
        auto wf = co_await c.async_run_workflow(
            amperity::run_request{amperity::courier_group_id{"cg-many"}}, asio::use_awaitable);
        id = wf.id;
    });
    int ok = 0, failed = 0;
    for (int i = 0; i < 200; ++i)
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                // Named: GCC 12.2 destroys an aggregate temporary in a co_await twice.
                amperity::get_workflow_params params_13{.workflow_id = id};
                auto r_ec_wf = co_await c.async_get_workflow(params_13, asio::as_tuple(asio::use_awaitable)); // GCC 12 double-destroys a binding
                auto& ec = std::get<0>(r_ec_wf);
                auto& wf = std::get<1>(r_ec_wf);
                if (!ec && wf.id == id) ++ok;
                else ++failed;
            },
            asio::detached);
    io.restart();
    io.run();
    BOOST_TEST(ok == 200);
    BOOST_TEST(failed == 0);
    BOOST_TEST(emu.stats().requests_by_operation["get-workflow"] == 200u);
}

BOOST_AUTO_TEST_CASE(pagination_walks_every_page) {
    emulator emu;
    asio::io_context io;
    amperity::client c(io.get_executor(), emu.client_options());
    std::set<std::string> started;
    run_coro(io, [&]() -> asio::awaitable<void> {
        for (int i = 0; i < 7; ++i) {
            auto wf = co_await c.async_run_workflow(
                amperity::run_request{amperity::courier_group_id{"cg-page"}}, asio::use_awaitable);
            started.insert(wf.id);
        }
        auto pages = c.pages<amperity::list_workflows_operation>({.limit = 3});
        std::set<std::string> seen;
        int n = 0;
        for (;;) {
            auto page = co_await pages.async_next(asio::use_awaitable);
            if (!page) break;
            ++n;
            BOOST_TEST(page->data.size() <= 3u);
            for (auto& wf : page->data) BOOST_TEST(seen.insert(wf.id).second, "seen twice");
        }
        BOOST_TEST(n == 3);
        BOOST_TEST((seen == started));
        BOOST_TEST(pages.done());
        amperity::list_workflows_params two_per_page{.limit = 2};
        auto all = co_await c.async_collect<amperity::list_workflows_operation>(
            two_per_page, asio::use_awaitable);
        BOOST_TEST(all.size() == 7u);
    });
}

BOOST_AUTO_TEST_CASE(follow_reports_progress_until_a_terminal_state) {
    emulator emu;
    asio::io_context io;
    amperity::client c(io.get_executor(), emu.client_options());
    run_coro(io, [&]() -> asio::awaitable<void> {
        using namespace amperity;
        for (auto [config, final_state] :
             {std::pair{"cg-ok", workflow_state::succeeded}, {"cg-fail1", workflow_state::failed}}) {
            auto wf = co_await c.async_run_workflow(
                run_request{courier_group_id::parse(config).value()}, asio::use_awaitable);
            std::vector<std::string> states;
            std::size_t most_tasks = 0;
            follow_options fo;
            fo.initial_interval = 50ms;
            fo.max_interval = 100ms;
            fo.on_progress = [&](workflow const& w) {
                states.emplace_back(w.state.wire());
                if (w.task_instances) most_tasks = std::max(most_tasks, w.task_instances->size());
            };
            auto done = co_await c.async_follow_workflow(wf.id, fo, asio::use_awaitable);
            BOOST_TEST((done.state == final_state));
            BOOST_TEST(done.state.is_terminal());
            BOOST_TEST(states.size() >= 2u);
            BOOST_TEST(states.back() == std::string(done.state.wire()));
            BOOST_TEST(most_tasks == 3u);
            if (final_state == workflow_state::failed) BOOST_TEST(done.task_instances->back().error.has_value());
        }
        // A follow bounded by a short timeout ends with deadline_exceeded and the last state.
        auto wf = co_await c.async_run_workflow(run_request{courier_group_id{"cg-slow"}},
                                                asio::use_awaitable);
        follow_options fo;
        fo.initial_interval = 20ms;
        fo.timeout = 60ms;
        auto r_ec_last = co_await c.async_follow_workflow(wf.id, fo,
                                                           asio::as_tuple(asio::use_awaitable)); // GCC 12 double-destroys a binding
        auto& ec = std::get<0>(r_ec_last);
        auto& last = std::get<1>(r_ec_last);
        BOOST_TEST(ec == errc::deadline_exceeded);
        BOOST_TEST(last.id == wf.id);
        BOOST_TEST(!last.state.is_terminal());
    });
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_it
