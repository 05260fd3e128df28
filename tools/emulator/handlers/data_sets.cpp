// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

// list-events, list-campaign, list-segment, list-ingest-jobs and get-ingest-job over the fixed
// data sets (data.hpp).

#include "handlers.hpp"

#include "text.hpp"

#include <chrono>

namespace amperity::emulator::detail {

namespace {

/// The page of `items` Op's paging parameters select, or the 400 for a bad next_token.
template <class Op, class Item>
response page(context const& cx, typename Op::params_type const& params,
              std::vector<Item> const& items) {
    auto const pg = paging_of<Op>(params, cx.st.pages);
    if (!pg)
        return error(400, pg.error().message(), cx.p);
    return {200, {}, amperity::encode(page_of<Op>(items, *pg, cx.st.pages))};
}

/// [from, to): from inclusive, to exclusive, either end open.
bool within(timestamp t, std::optional<amperity::date_or_time> const& from,
            std::optional<amperity::date_or_time> const& to) {
    return (!from || !(t < from->time_point())) && (!to || t < to->time_point());
}

} // namespace

response handle(context const& cx, amperity::list_events_operation,
                amperity::list_events_params const& params) {
    std::vector<amperity::audit_event> matching;
    for (auto const& e : cx.st.data.events)
        if (within(e.happened_at, params.happened_from, params.happened_to))
            matching.push_back(e);
    return page<amperity::list_events_operation>(cx, params, matching);
}

response handle(context const& cx, amperity::list_campaign_operation,
                amperity::list_campaign_params const& params) {
    std::vector<amperity::campaign> matching;
    for (auto const& row : cx.st.data.campaigns)
        if (!params.destination_data_template_id ||
            *params.destination_data_template_id == row.destination_data_template_id)
            matching.push_back(row.campaign);
    return page<amperity::list_campaign_operation>(cx, params, matching);
}

response handle(context const& cx, amperity::list_segment_operation,
                amperity::list_segment_params const& params) {
    return page<amperity::list_segment_operation>(cx, params, cx.st.data.segments);
}

response handle(context const& cx, amperity::list_ingest_jobs_operation,
                amperity::list_ingest_jobs_params const& params) {
    // Both ends are required (parse_params saw to that); the window rules are Amperity's.
    auto const from = params.created_from.time_point();
    auto const to = params.created_to.time_point();
    if (!(from < to))
        return error(400, "created_to must be later than created_from", cx.p);
    if (to - from > std::chrono::days(7))
        return error(400, "created_to must be at most 7 days after created_from", cx.p);
    amperity::ingest_job_details_list out;
    for (auto const& job : cx.st.data.jobs)
        if (within(job.tables.front().started_at, params.created_from, params.created_to))
            out.data.push_back(job);
    if (params.with_total.value_or(false))
        out.total = static_cast<std::int64_t>(out.data.size());
    return {200, {}, amperity::encode(out)};
}

response handle(context const& cx, amperity::get_ingest_job_operation,
                amperity::get_ingest_job_params const& params) {
    for (auto const& job : cx.st.data.jobs)
        if (job.id == params.job_id)
            return {200, {}, amperity::encode(job)};
    return error(404, "ingest job " + quoted(params.job_id) + " not found", cx.p);
}

} // namespace amperity::emulator::detail
