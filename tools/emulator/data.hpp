// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_DATA_HPP
#define AMPERITY_EMULATOR_DATA_HPP

// The fixed data sets behind the operations that only read: audit events, campaigns, segments
// and ingest jobs. Made once at start, dated relative to it, never changed. Internal to the
// amperity_emulator library.

#include <amperity/model.hpp>

#include <string>
#include <vector>

namespace amperity::emulator::detail {

struct campaign_row {
    amperity::campaign campaign;
    /// What list-campaign's destination_data_template_id filters on (not in the wire type).
    std::string destination_data_template_id;
};

struct data_sets {
    std::vector<amperity::audit_event> events; // newest first
    std::vector<campaign_row> campaigns;
    std::vector<amperity::segment> segments;
    std::vector<amperity::ingest_job_details> jobs; // newest first
};

/// The data sets of `tenant`, their times relative to `boot`.
data_sets make_data_sets(timestamp boot, std::string const& tenant);

} // namespace amperity::emulator::detail

#endif // AMPERITY_EMULATOR_DATA_HPP
