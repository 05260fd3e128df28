// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_CALL_OPTIONS_HPP
#define AMPERITY_CALL_OPTIONS_HPP

// Per-call options (call_options, defined in per_call.hpp: timeout, retry override, extra
// headers, W3C trace context, diagnostics), and the options of the composed calls: how
// async_follow_workflow polls, and the caps of async_collect.

#include <amperity/generated/types.hpp>
#include <amperity/per_call.hpp>

#include <chrono>
#include <cstddef>
#include <functional>

namespace amperity {

/// How async_follow_workflow polls.
struct follow_options {
    /// The first wait between polls; it grows by `growth` up to max_interval.
    std::chrono::milliseconds initial_interval{1000};
    /// The longest wait between polls.
    std::chrono::milliseconds max_interval{15000};
    /// Each wait is the previous one times this.
    double growth = 1.5;
    /// The whole follow; past it the call completes with errc::deadline_exceeded and the last
    /// workflow seen.
    std::chrono::milliseconds timeout{std::chrono::hours(24)};
    /// Called on the client's executor with every polled (verbose) workflow, so the caller can
    /// show each task's state.
    std::function<void(workflow const&)> on_progress;
};

/// Caps for async_collect; 0 means no cap. A listing with more than the cap allows completes
/// with errc::limit_reached and the items up to the cap: never a silently short list.
struct collect_limits {
    /// Items read at most.
    std::size_t max_items = 0;
    /// Pages requested at most.
    std::size_t max_pages = 0;
};

} // namespace amperity

#endif // AMPERITY_CALL_OPTIONS_HPP
