// Start a run and follow it to the end, printing every change of state and the state of each
// task as the client polls (follow_options::on_progress).
#include "environment.hpp"

#include <amperity/amperity.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <iostream>
#include <string>

namespace asio = boost::asio;

asio::awaitable<void> refresh_and_follow(amperity::client& c, int& status) {
    auto request = amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source");
    auto run = co_await c.async_run_workflow(request, asio::use_awaitable);
    std::cout << "started " << run.id << '\n';

    amperity::follow_options follow;
    follow.initial_interval = std::chrono::milliseconds(100); // then x1.5 per poll
    follow.max_interval = std::chrono::seconds(5);
    follow.timeout = std::chrono::minutes(30);                // errc::deadline_exceeded after
    std::string last;
    follow.on_progress = [&last](amperity::workflow const& wf) {
        std::string tasks;
        if (wf.task_instances)
            for (auto const& task : *wf.task_instances)
                tasks += (tasks.empty() ? "" : " ") + std::string(task.state.wire());
        std::string line = std::string(wf.state.wire()) + " [" + tasks + "]";
        if (line != last) std::cout << "progress: " << line << '\n'; // only the changes
        last = line;
    };
    auto done = co_await c.async_follow_workflow(run.id, follow, asio::use_awaitable);
    std::cout << "ended " << done.state.wire() << '\n';
    status = done.state == amperity::workflow_state::succeeded ? 0 : 1;
}

int main() try {
    asio::io_context io;
    amperity::client c(io.get_executor(), examples::options_from_environment());
    int status = 1;
    asio::co_spawn(io, refresh_and_follow(c, status), [](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (std::exception const& failure) {
            std::cerr << "failed: " << failure.what() << '\n';
        }
    });
    io.run();
    return status;
} catch (std::exception const& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 2;
}
