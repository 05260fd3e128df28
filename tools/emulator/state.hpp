// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_STATE_HPP
#define AMPERITY_EMULATOR_STATE_HPP

// What the emulator remembers between requests, apart from authentication and faults (api.hpp).
// The api owns one and holds its mutex whenever anything touches it. Internal to the
// amperity_emulator library.

#include "data.hpp"
#include "paging.hpp"
#include "runs.hpp"

#include <amperity/emulator/options.hpp>

#include <cstdint>
#include <utility>
#include <vector>

namespace amperity::emulator::detail {

struct state {
    explicit state(options o)
        : opts(std::move(o))
        , data(make_data_sets(now_utc(), opts.tenant)) {}

    options opts;
    std::vector<run> runs; // oldest first
    std::uint64_t next_seq = 1;
    page_tokens pages;
    data_sets data;
    stats counters;
};

} // namespace amperity::emulator::detail

#endif // AMPERITY_EMULATOR_STATE_HPP
