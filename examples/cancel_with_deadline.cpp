// Cancellation: stop waiting for a run after a deadline of our own, then stop the run.
//
// Every call honours the cancellation slot bound to its completion token. Boost 1.81 has no
// asio::cancel_after, so a steady_timer emits the signal. Cancelling the wait does not stop the
// run on the server: that is a call of its own (async_stop_workflow).
//
// For a plain time limit per call, client_options::call_timeout and follow_options::timeout
// need no code (they complete with errc::deadline_exceeded); a cancellation slot is for limits
// the client cannot know: a shutdown request, a user pressing Cancel, a parent deadline.
#include "environment.hpp"

#include <amperity/amperity.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <iostream>

namespace asio = boost::asio;
using namespace std::chrono_literals;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

asio::awaitable<int> refresh_within(amperity::client& c, std::chrono::milliseconds limit) {
    auto request = amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source");
    auto run = co_await c.async_run_workflow(request, asio::use_awaitable);
    std::cout << "started " << run.id << '\n';

    // The deadline: when the timer fires, emit a cancellation on the slot bound to the call.
    asio::cancellation_signal cancel;
    asio::steady_timer deadline(co_await asio::this_coro::executor, limit);
    deadline.async_wait([&cancel](boost::system::error_code ec) {
        if (!ec) cancel.emit(asio::cancellation_type::terminal);
    });

    amperity::follow_options follow;
    follow.initial_interval = 100ms;
    auto token = asio::bind_cancellation_slot(cancel.slot(), use_tuple);
    auto followed = co_await c.async_follow_workflow(run.id, follow, token);
    deadline.cancel(); // the follow ended first: no cancellation needed any more
    auto& [ec, last] = followed;
    if (!ec) {
        std::cout << "ended in time: " << last.state.wire() << '\n';
        co_return 0;
    }
    if (ec != amperity::errc::cancelled) {
        std::cerr << "follow failed: " << ec.message() << '\n';
        co_return 1;
    }
    std::cout << "gave up after " << limit.count() << " ms (" << ec.message() << "), run was "
              << last.state.wire() << '\n';

    // The run goes on without us unless we stop it.
    amperity::stop_workflow_params stop{.workflow_id = run.id};
    auto stopped = co_await c.async_stop_workflow(stop, asio::use_awaitable);
    std::cout << "stop requested: " << stopped.id << " is " << stopped.state.wire() << '\n';
    co_return 0;
}

int main() try {
    asio::io_context io;
    amperity::client c(io.get_executor(), examples::options_from_environment());
    int status = 1;
    asio::co_spawn(io, refresh_within(c, 500ms), [&](std::exception_ptr e, int rc) {
        if (!e) status = rc;
        else std::cerr << "failed with an exception\n";
    });
    io.run();
    return status;
} catch (std::exception const& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 2;
}
