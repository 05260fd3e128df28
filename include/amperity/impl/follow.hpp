// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_IMPL_FOLLOW_HPP
#define AMPERITY_IMPL_FOLLOW_HPP

// client::async_follow_workflow: get-workflow (verbose) polls with growing intervals.

#include <amperity/call_options.hpp>
#include <amperity/impl/run_call.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include <amperity/detail/push_options.hpp>

namespace amperity::detail {

/// Polls get-workflow (verbose) until the run reaches a terminal state. Unknown states are not
/// terminal: a state this library does not know might still change. Each poll is one run_call
/// with `co` (its timeout, retry policy and headers apply to each poll; fo.timeout to all).
template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
asio::awaitable<std::pair<boost::system::error_code, workflow>>
follow(std::shared_ptr<client_state> st, std::string workflow_id, follow_options fo,
       call_options co) {
    diagnostics* const diag = co.diag;
    auto const deadline = after(clock::now(), fo.timeout);
    auto interval = std::clamp(fo.initial_interval, std::chrono::milliseconds(0),
                               std::max(fo.max_interval, std::chrono::milliseconds(0)));
    workflow last{};
    auto end = [&](errc e, char const* why) {
        if (diag) {
            diag->detail = why;
            diag->outcome = classify(make_error_code(e));
        }
        return std::pair{make_error_code(e), std::move(last)};
    };
    for (;;) {
        get_workflow_params p;
        p.workflow_id = workflow_id;
        p.view = workflow_view::verbose;
        auto r_ec_wf = co_await run_call<get_workflow_operation>(st, std::move(p), {}, co); // GCC 12 double-destroys a binding
        auto& ec = std::get<0>(r_ec_wf);
        auto& wf = std::get<1>(r_ec_wf);
        if (ec) co_return std::pair{ec, std::move(last)};
        last = std::move(wf);
        if (fo.on_progress) fo.on_progress(last);
        if (last.state.is_terminal()) co_return std::pair{boost::system::error_code{}, std::move(last)};
        if (after(clock::now(), interval) >= deadline)
            co_return end(errc::deadline_exceeded, "the run did not finish before the follow timeout");
        bool const slept = co_await sleep_until(st->ex, clock::now() + interval);
        if (!slept) co_return end(errc::cancelled, "cancelled between polls");
        // In double first: growth * interval must not overflow an integer on the way.
        double const growth = fo.growth >= 1.0 ? fo.growth : 1.0; // NaN too
        double const grown = static_cast<double>(interval.count()) * growth;
        interval = grown >= static_cast<double>(fo.max_interval.count())
                       ? std::max(fo.max_interval, std::chrono::milliseconds(0))
                       : std::chrono::milliseconds(static_cast<std::int64_t>(grown));
    }
}

} // namespace amperity::detail

#include <amperity/detail/pop_options.hpp>

#endif // AMPERITY_IMPL_FOLLOW_HPP
