// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

// run-workflow, list-workflows, get-workflow and stop-workflow over the in-memory runs
// (runs.hpp: a run's state is computed from the clock when it is looked at).

#include "handlers.hpp"

#include "text.hpp"

#include <algorithm>
#include <chrono>

namespace amperity::emulator::detail {

using steady = std::chrono::steady_clock;

namespace {

/// The run of that id, or nullptr.
run* find_run(state& st, std::string const& id) {
    auto const it =
        std::find_if(st.runs.begin(), st.runs.end(), [&](run const& r) { return r.id == id; });
    return it == st.runs.end() ? nullptr : &*it;
}

response run_not_found(context const& cx, std::string const& id) {
    return error(404, "workflow run " + quoted(id) + " not found", cx.p);
}

/// list-workflows' state filter: any spelling of a known state, else the wire string; both
/// without regard to case.
struct state_filter {
    explicit state_filter(std::string const& text)
        : lower_text(lower(text))
        , wanted(amperity::workflow_state::from_wire(lower_text)) {}

    bool operator()(amperity::workflow_state const& s) const {
        return wanted.is_known() && s.is_known() ? wanted.known() == s.known()
                                                 : lower(s.wire()) == lower_text;
    }

    std::string lower_text;
    amperity::workflow_state wanted;
};

/// Whether a run (as viewed) passes list-workflows' filters.
bool selected(amperity::workflow const& w, amperity::list_workflows_params const& params,
              std::optional<state_filter> const& state) {
    if (state && !(*state)(w.state))
        return false;
    if (params.type && w.type != *params.type)
        return false;
    if (params.created_from && w.created_at < params.created_from->time_point())
        return false;
    if (params.created_to && !(w.created_at < params.created_to->time_point()))
        return false;
    if ((params.ended_from || params.ended_to) && !w.ended_at)
        return false;
    if (params.ended_from && *w.ended_at < params.ended_from->time_point())
        return false;
    if (params.ended_to && !(*w.ended_at < params.ended_to->time_point()))
        return false;
    return true;
}

} // namespace

response handle(context const& cx, amperity::run_workflow_operation,
                amperity::run_workflow_params const&, amperity::workflow_run_request const& body) {
    auto& st = cx.st;
    run const& r = st.runs.emplace_back(start_run(body.config_id, st.next_seq++, st.opts));
    ++st.counters.runs_started;
    response res{201, {}, amperity::encode(view(r, st.opts, r.started, true))};
    res.headers.emplace_back("Location", st.opts.base_path + "/workflow/runs/" + r.id);
    return res;
}

response handle(context const& cx, amperity::list_workflows_operation,
                amperity::list_workflows_params const& params) {
    using op = amperity::list_workflows_operation;
    auto const pg = paging_of<op>(params, cx.st.pages);
    if (!pg)
        return error(400, pg.error().message(), cx.p);
    std::optional<state_filter> state;
    if (params.state)
        state.emplace(*params.state);

    // Newest first; a page token carries the seq of the last run of its page.
    auto const now = steady::now();
    amperity::workflow_list list;
    std::int64_t total = 0;
    std::optional<std::uint64_t> last_seq;
    bool more = false;
    for (auto it = cx.st.runs.rbegin(); it != cx.st.runs.rend(); ++it) {
        auto w = view(*it, cx.st.opts, now, false);
        if (!selected(w, params, state))
            continue;
        ++total;
        if (pg->cursor && it->seq >= *pg->cursor)
            continue; // already on an earlier page
        if (list.data.size() == pg->limit) {
            more = true;
            if (!pg->with_total)
                break;
            continue;
        }
        list.data.push_back(std::move(w));
        last_seq = it->seq;
    }
    if (more)
        list.next_token = cx.st.pages.make(op::operation_id, *last_seq);
    if (pg->with_total)
        list.total = total;
    return {200, {}, amperity::encode(list)};
}

response handle(context const& cx, amperity::get_workflow_operation,
                amperity::get_workflow_params const& params) {
    run const* r = find_run(cx.st, params.workflow_id);
    if (!r)
        return run_not_found(cx, params.workflow_id);
    bool const verbose = params.view == amperity::workflow_view::verbose;
    return {200, {}, amperity::encode(view(*r, cx.st.opts, steady::now(), verbose))};
}

response handle(context const& cx, amperity::stop_workflow_operation,
                amperity::stop_workflow_params const& params) {
    run* r = find_run(cx.st, params.workflow_id);
    if (!r)
        return run_not_found(cx, params.workflow_id);
    auto const now = steady::now();
    if (!view(*r, cx.st.opts, now, false).state.is_terminal())
        r->canceled_after = std::chrono::duration_cast<std::chrono::milliseconds>(now - r->started);
    return {200, {}, amperity::encode(view(*r, cx.st.opts, now, true))};
}

} // namespace amperity::emulator::detail
