// Completion token: a callback. Starts a source refresh, then reads the run back, each step in
// the completion handler of the one before: plain Asio, no coroutines.
//
// Configuration from the environment: see environment.hpp.
#include "environment.hpp"

#include <amperity/amperity.hpp>

#include <boost/asio/io_context.hpp>

#include <iostream>

int main() try {
    boost::asio::io_context io;
    amperity::client c(io.get_executor(), examples::options_from_environment());

    auto request = amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source");
    // Every call completes with (error_code, result). The handler runs on the client's executor.
    c.async_run_workflow(request, [&c](boost::system::error_code ec, amperity::workflow run) {
        if (ec) {
            std::cerr << "start failed: " << ec.message() << '\n';
            return;
        }
        std::cout << "started " << run.id << " (" << run.state.wire() << ")\n";
        amperity::get_workflow_params params{.workflow_id = run.id};
        c.async_get_workflow(params, [](boost::system::error_code ec2, amperity::workflow wf) {
            if (ec2) {
                std::cerr << "get failed: " << ec2.message() << '\n';
                return;
            }
            std::cout << "read back " << wf.id << " (" << wf.state.wire() << ")\n";
        });
    });
    io.run(); // returns when there is no more work: both calls are done
    return 0;
} catch (std::exception const& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 2;
}
