// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_WAIT_QUEUE_HPP
#define AMPERITY_DETAIL_WAIT_QUEUE_HPP

// Coroutines waiting for a condition (a free connection, a token refresh) without polling:
// each waits on its own timer set to its deadline, and a notification cancels the timer.
// A woken waiter rechecks its condition; cancellation through the coroutine's slot also ends
// the wait. Not thread-safe: used from the client's executor only.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <list>

#include <amperity/detail/push_options.hpp>

namespace amperity::detail {

class wait_queue {
public:
    /// Returns true when notified in time to act on it; false at `deadline` or when cancelled
    /// (the caller checks which). A notification that lands on a waiter that cannot use it
    /// any more (its timer had already fired, or its call was cancelled) is passed on to the
    /// next waiter, so a wake-up is never lost.
    template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
    boost::asio::awaitable<bool> wait(boost::asio::any_io_executor ex,
                                      std::chrono::steady_clock::time_point deadline) {
        boost::asio::steady_timer t(ex, deadline);
        auto it = waiters_.insert(waiters_.end(), waiter{&t});
        co_await t.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        bool const woken = it->woken;
        waiters_.erase(it); // only its owner removes a waiter
        auto cs = co_await boost::asio::this_coro::cancellation_state;
        bool const usable = woken && cs.cancelled() == boost::asio::cancellation_type::none &&
                            std::chrono::steady_clock::now() < deadline;
        if (woken && !usable) notify_one();
        co_return usable;
    }

    void notify_one() {
        for (auto& w : waiters_)
            if (!w.woken) {
                w.woken = true;
                w.timer->cancel();
                return;
            }
    }

    void notify_all() {
        for (auto& w : waiters_) {
            w.woken = true;
            w.timer->cancel();
        }
    }

private:
    struct waiter {
        boost::asio::steady_timer* timer;
        bool woken = false;
    };
    std::list<waiter> waiters_;
};

} // namespace amperity::detail

#include <amperity/detail/pop_options.hpp>

#endif // AMPERITY_DETAIL_WAIT_QUEUE_HPP
