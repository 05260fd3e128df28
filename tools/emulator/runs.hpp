// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_RUNS_HPP
#define AMPERITY_EMULATOR_RUNS_HPP

// Workflow runs. The emulator keeps only what a run was started with and when; what a client
// sees (state, tasks, errors) is a function of the time since it started (view), so nothing
// ticks in the background. Internal to the amperity_emulator library.

#include <amperity/emulator/options.hpp>

#include <amperity/model.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace amperity::emulator::detail {

struct run {
    std::uint64_t seq = 0;
    std::string id;
    std::string config_id;
    std::string type;
    std::string name;
    timestamp created_at{};
    std::chrono::steady_clock::time_point started{};
    bool fails = false;
    std::vector<std::string> task_ids;
    /// Time after `started` at which the run was stopped.
    std::optional<std::chrono::milliseconds> canceled_after;
};

/// The wall clock, at the millisecond precision of the wire.
timestamp now_utc();

/// A run of a valid config id starting now, with the `seq`-th id of the day and
/// opts.tasks_per_run tasks; it fails when the config id's body starts with "fail".
run start_run(std::string const& config_id, std::uint64_t seq, options const& opts);

/// The run as of `now`: overview, or verbose with its task instances.
amperity::workflow view(run const& r, options const& opts,
                        std::chrono::steady_clock::time_point now, bool verbose);

} // namespace amperity::emulator::detail

#endif // AMPERITY_EMULATOR_RUNS_HPP
