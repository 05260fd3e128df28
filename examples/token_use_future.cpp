// Completion token: asio::use_future. For a thread that is not the I/O thread: the io_context
// runs on its own thread and this one blocks on the future. A failed call makes get() throw
// boost::system::system_error.
#include "environment.hpp"

#include <amperity/amperity.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <iostream>
#include <thread>

namespace asio = boost::asio;

int main() try {
    asio::io_context io;
    auto work = asio::make_work_guard(io); // keeps run() going between calls
    std::thread io_thread([&io] { io.run(); });

    int status = 0;
    try {
        amperity::client c(io.get_executor(), examples::options_from_environment());
        auto request = amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source");
        std::future<amperity::workflow> started = c.async_run_workflow(request, asio::use_future);
        amperity::workflow run = started.get();
        std::cout << "started " << run.id << " (" << run.state.wire() << ")\n";

        amperity::get_workflow_params params{.workflow_id = run.id};
        amperity::workflow wf = c.async_get_workflow(params, asio::use_future).get();
        std::cout << "read back " << wf.id << " (" << wf.state.wire() << ")\n";
    } catch (std::exception const& e) {
        std::cerr << "failed: " << e.what() << '\n';
        status = 1;
    }
    work.reset();
    io_thread.join();
    return status;
} catch (std::exception const& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 2;
}
