// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_HANDLERS_HANDLERS_HPP
#define AMPERITY_EMULATOR_HANDLERS_HANDLERS_HPP

// One handler per operation of the spec: a handle() overload on the operation's descriptor.
// routing.hpp builds the route table from amperity::all_operations and does not compile while
// an operation has no overload here (see `handled` there).
//
// A handler runs after routing and the header checks, under the api's lock, with its
// parameters (and, for an operation with a request body, its body) already read and checked by
// params.hpp. It checks what their types cannot say (page tokens, relations between parameters,
// ids that must exist) and answers. No networking here: these files compile without Beast.
// Internal to the amperity_emulator library.

#include "message.hpp"
#include "state.hpp"

#include <amperity/model.hpp>

namespace amperity::emulator::detail {

/// What a handler works with besides its parameters.
struct context {
    state& st;
    /// The request; its parameters and body were read from it before the handler runs.
    request const& req;
    /// The ids its error bodies carry.
    plan const& p;
};

// workflows.cpp
response handle(context const& cx, amperity::run_workflow_operation,
                amperity::run_workflow_params const& params,
                amperity::workflow_run_request const& body);
response handle(context const& cx, amperity::list_workflows_operation,
                amperity::list_workflows_params const& params);
response handle(context const& cx, amperity::get_workflow_operation,
                amperity::get_workflow_params const& params);
response handle(context const& cx, amperity::stop_workflow_operation,
                amperity::stop_workflow_params const& params);

// data_sets.cpp
response handle(context const& cx, amperity::list_events_operation,
                amperity::list_events_params const& params);
response handle(context const& cx, amperity::list_campaign_operation,
                amperity::list_campaign_params const& params);
response handle(context const& cx, amperity::list_segment_operation,
                amperity::list_segment_params const& params);
response handle(context const& cx, amperity::list_ingest_jobs_operation,
                amperity::list_ingest_jobs_params const& params);
response handle(context const& cx, amperity::get_ingest_job_operation,
                amperity::get_ingest_job_params const& params);

} // namespace amperity::emulator::detail

#endif // AMPERITY_EMULATOR_HANDLERS_HANDLERS_HPP
