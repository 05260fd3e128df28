// Completion token: asio::as_tuple(asio::use_awaitable). A coroutine that gets error codes
// instead of exceptions, and reads amperity::diagnostics for the details of a failure.
#include "environment.hpp"

#include <amperity/amperity.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <iostream>

namespace asio = boost::asio;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

asio::awaitable<int> start_and_read(amperity::client& c) {
    auto request = amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source");
    // The tuple in a named variable, references bound to it. (`auto [ec, run] = co_await ...`
    // works too; what GCC 12.2 gets wrong is an aggregate temporary inside the co_await: README,
    // "A GCC 12.2 bug to know about".)
    auto started = co_await c.async_run_workflow(request, use_tuple);
    auto& [ec, run] = started;
    if (ec) {
        std::cerr << "start failed: " << ec.message() << '\n';
        co_return 1;
    }
    std::cout << "started " << run.id << " (" << run.state.wire() << ")\n";

    // An id that does not exist: the error and what the server said about it.
    amperity::diagnostics diag;
    amperity::get_workflow_params missing{.workflow_id = "wf-20240101-00000-missing"};
    auto read = co_await c.async_get_workflow(missing, diag, use_tuple);
    auto& [ec2, wf] = read;
    if (ec2 == amperity::errc::http_not_found)
        std::cout << "not found: HTTP " << diag.http_status << ", " << diag.message << '\n';
    else
        std::cout << "unexpected: " << ec2.message() << ' ' << wf.id << '\n';
    co_return 0;
}

int main() try {
    asio::io_context io;
    amperity::client c(io.get_executor(), examples::options_from_environment());
    int status = 1;
    asio::co_spawn(io, start_and_read(c), [&](std::exception_ptr e, int rc) {
        if (!e) status = rc;
    });
    io.run();
    return status;
} catch (std::exception const& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 2;
}
