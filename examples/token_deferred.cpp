// Completion token: asio::deferred. The call becomes a value: nothing is sent until it is
// launched with another token, so it can be built in one place and started in another (or
// composed with asio::experimental::make_parallel_group and friends).
#include "environment.hpp"

#include <amperity/amperity.hpp>

#include <boost/asio/deferred.hpp>
#include <boost/asio/io_context.hpp>

#include <iostream>

namespace asio = boost::asio;

int main() try {
    asio::io_context io;
    amperity::client c(io.get_executor(), examples::options_from_environment());

    auto request = amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source");
    auto start = c.async_run_workflow(request, asio::deferred); // not sent yet
    std::cout << "operation built, nothing sent\n";

    int status = 1;
    // Launch it: any completion token will do; here a callback.
    std::move(start)([&](boost::system::error_code ec, amperity::workflow run) {
        if (ec) {
            std::cerr << "start failed: " << ec.message() << '\n';
            return;
        }
        std::cout << "started " << run.id << " (" << run.state.wire() << ")\n";
        status = 0;
    });
    io.run();
    return status;
} catch (std::exception const& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 2;
}
