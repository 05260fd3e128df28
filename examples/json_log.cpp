// Observability: one structured JSON line per event (attempt, response, retry, outcome) on
// stdout, and the counters a metrics endpoint would serve. The lines never hold a secret: the
// events carry no token, no Authorization header and no body.
#include "environment.hpp"

#include <amperity/amperity.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <iostream>
#include <memory>

namespace asio = boost::asio;

asio::awaitable<void> start_and_read(amperity::client& c) {
    auto request = amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source");
    amperity::workflow run = co_await c.async_run_workflow(request, asio::use_awaitable);
    amperity::get_workflow_params params{.workflow_id = run.id};
    amperity::workflow wf = co_await c.async_get_workflow(params, asio::use_awaitable);
    std::cout << "read back " << wf.id << '\n';
}

int main() try {
    asio::io_context io;
    auto opts = examples::options_from_environment();
    // A service would hand the lines to its logger; here they go to stdout.
    auto log = std::make_shared<amperity::json_lines_observer>(
        [](std::string_view line) { std::cout << line << '\n'; });
    auto metrics = std::make_shared<amperity::metrics_observer>();
    opts.observer = std::make_shared<amperity::observer_list>(
        std::initializer_list<std::shared_ptr<amperity::observer>>{log, metrics});

    amperity::client c(io.get_executor(), std::move(opts));
    asio::co_spawn(io, start_and_read(c), [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
    });
    io.run();
    auto const m = metrics->snapshot();
    std::cout << "calls " << m.calls << ", attempts " << m.attempts << ", retries " << m.retries
              << '\n';
    return 0;
} catch (std::exception const& e) {
    std::cerr << "failed: " << e.what() << '\n';
    return 1;
}
