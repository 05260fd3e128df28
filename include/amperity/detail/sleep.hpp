// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_SLEEP_HPP
#define AMPERITY_DETAIL_SLEEP_HPP

// The one way the client waits for time to pass (rate-limit slots, backoff between attempts,
// follow intervals): a steady_timer on the call's executor, ended early by the coroutine's
// cancellation slot.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>

#include <amperity/detail/push_options.hpp>

namespace amperity::detail {

/// Sleeps until `when`. Returns false when the sleep was cancelled rather than completed.
template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
boost::asio::awaitable<bool> sleep_until(boost::asio::any_io_executor ex,
                                         std::chrono::steady_clock::time_point when) {
    boost::asio::steady_timer t(ex, when);
    auto [ec] = co_await t.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    co_return !ec;
}

} // namespace amperity::detail

#include <amperity/detail/pop_options.hpp>

#endif // AMPERITY_DETAIL_SLEEP_HPP
