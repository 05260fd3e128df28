// Completion token: asio::use_awaitable. The same two calls as a coroutine; a failed call
// throws boost::system::system_error (see token_as_tuple.cpp for error codes instead).
#include "environment.hpp"

#include <amperity/amperity.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <iostream>

namespace asio = boost::asio;

asio::awaitable<void> start_and_read(amperity::client& c) {
    auto request = amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source");
    auto run = co_await c.async_run_workflow(request, asio::use_awaitable);
    std::cout << "started " << run.id << " (" << run.state.wire() << ")\n";

    // GCC 12: build parameters in a named variable, not inside the co_await expression
    // (README, "A GCC 12.2 bug to know about").
    amperity::get_workflow_params params{.workflow_id = run.id};
    auto wf = co_await c.async_get_workflow(params, asio::use_awaitable);
    std::cout << "read back " << wf.id << " (" << wf.state.wire() << ")\n";
}

int main() try {
    asio::io_context io;
    amperity::client c(io.get_executor(), examples::options_from_environment());
    int status = 0;
    asio::co_spawn(io, start_and_read(c), [&](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (std::exception const& failure) {
            std::cerr << "failed: " << failure.what() << '\n';
            status = 1;
        }
    });
    io.run();
    return status;
} catch (std::exception const& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 2;
}
