// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EXAMPLES_REFRESH_SOURCE_HPP
#define AMPERITY_EXAMPLES_REFRESH_SOURCE_HPP

// A small "service" function of the kind an application writes on top of the SDK, and that its
// tests exercise against amperity::emulator::fixture (refresh_source_test.cpp).

#include <amperity/amperity.hpp>

#include <boost/asio/awaitable.hpp>

#include <string>

namespace service {

struct refresh_result {
    enum class outcome {
        succeeded,       ///< the run ended succeeded
        failed,          ///< the run ended failed, canceled or stopped
        not_started,     ///< the API refused the start: nothing runs, safe to try again later
        outcome_unknown, ///< the start may or may not have happened: never start again blindly
        follow_failed,   ///< started, but we lost track of it (workflow_id says which run)
    };
    outcome what = outcome::not_started;
    std::string workflow_id; ///< empty unless a run was started
    boost::system::error_code error;
};

/// Starts a source refresh of a courier group and follows it to its end. Never starts twice:
/// an answer that leaves the start in doubt is reported as outcome_unknown, for a person or a
/// reconciliation job (list-workflows) to decide.
boost::asio::awaitable<refresh_result> refresh_source(amperity::client& c,
                                                      amperity::courier_group_id group,
                                                      amperity::follow_options follow = {});

} // namespace service

#endif
