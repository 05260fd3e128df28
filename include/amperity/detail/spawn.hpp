// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_SPAWN_HPP
#define AMPERITY_DETAIL_SPAWN_HPP

// The one async-operation shape of the library: every public async_ call is
// spawn_call(executor, coroutine, token), which completes the token with (error_code, T).

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/system/error_code.hpp>

#include <exception>
#include <utility>

#include <amperity/detail/push_options.hpp>

namespace amperity::detail {

/// The entry point of every spawned call: honour terminal, partial and total cancellation
/// (co_spawn passes terminal only), and report it as an error code, never as an exception
/// thrown from a co_await. Nested coroutines share these settings.
// Child operations (sockets, Beast) only implement terminal cancellation; a call that is asked
// to stop in any way closes its connection anyway, so every request becomes terminal for them.
struct escalate_to_terminal {
    boost::asio::cancellation_type operator()(boost::asio::cancellation_type t) const noexcept {
        return t != boost::asio::cancellation_type::none ? boost::asio::cancellation_type::terminal
                                                         : boost::asio::cancellation_type::none;
    }
};

template <class T>
boost::asio::awaitable<T> entry_point(boost::asio::awaitable<T> aw) {
    namespace this_coro = boost::asio::this_coro;
    co_await this_coro::reset_cancellation_state(boost::asio::enable_total_cancellation(),
                                                 escalate_to_terminal{});
    co_await this_coro::throw_if_cancelled(false);
    co_return co_await std::move(aw);
}

/// co_spawn `aw` and complete `token` with (error_code, T), keeping the handler's executor and
/// cancellation slot.
template <class T, class CompletionToken>
auto spawn_call(boost::asio::any_io_executor ex,
                boost::asio::awaitable<std::pair<boost::system::error_code, T>> aw,
                CompletionToken&& token) {
    namespace asio = boost::asio;
    return asio::async_initiate<CompletionToken, void(boost::system::error_code, T)>(
        [](auto handler, asio::any_io_executor call_ex,
           asio::awaitable<std::pair<boost::system::error_code, T>> call) {
            auto slot = asio::get_associated_cancellation_slot(handler);
            auto handler_ex = asio::get_associated_executor(handler, call_ex);
            asio::co_spawn(
                call_ex, entry_point(std::move(call)),
                asio::bind_cancellation_slot(
                    slot, asio::bind_executor(
                              handler_ex, [h = std::move(handler)](
                                              std::exception_ptr e,
                                              std::pair<boost::system::error_code, T> r) mutable {
                                  if (e) std::rethrow_exception(e); // bad_alloc and the like
                                  std::move(h)(r.first, std::move(r.second));
                              })));
        },
        token, std::move(ex), std::move(aw));
}

} // namespace amperity::detail

#include <amperity/detail/pop_options.hpp>

#endif // AMPERITY_DETAIL_SPAWN_HPP
