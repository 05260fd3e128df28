// Included first: proves the header is self-contained.
#include <amperity/detail/wait_queue.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>

namespace amperity_unit {

namespace asio = boost::asio;
using amperity::detail::wait_queue;
using clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(wait_queue_suite)

BOOST_AUTO_TEST_CASE(notify_one_wakes_the_first_waiter) {
    asio::io_context io;
    wait_queue q;
    int woken = 0;
    for (int i = 0; i < 2; ++i)
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                if (co_await q.wait(io.get_executor(), clock::now() + 10s)) ++woken;
            },
            asio::detached);
    io.poll(); // both are waiting
    q.notify_one();
    io.run_for(200ms);
    BOOST_TEST(woken == 1);
    q.notify_all();
    io.run_for(200ms);
    BOOST_TEST(woken == 2);
}

// The lost wake-up: a waiter whose deadline has passed (its timer fired, or is about to) is
// notified; it cannot use the notification, so it must pass it on to the next waiter.
BOOST_AUTO_TEST_CASE(a_notification_to_a_waiter_past_its_deadline_is_passed_on) {
    asio::io_context io;
    wait_queue q;
    bool first_notified = true;
    bool second_notified = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            first_notified = co_await q.wait(io.get_executor(), clock::now() + 20ms);
        },
        asio::detached);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            second_notified = co_await q.wait(io.get_executor(), clock::now() + 30s);
        },
        asio::detached);
    io.poll();                            // both waiting
    std::this_thread::sleep_for(50ms);    // the first one's deadline passes, unseen
    q.notify_one();                       // lands on the first
    io.run_for(2s);
    BOOST_TEST(!first_notified);
    BOOST_TEST(second_notified);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
