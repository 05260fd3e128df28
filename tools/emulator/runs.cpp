// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

#include "runs.hpp"

#include "random.hpp"

#include <algorithm>

namespace amperity::emulator::detail {

using std::chrono::milliseconds;

namespace {

std::string_view type_of(amperity::config_kind k) {
    switch (k) {
    case amperity::config_kind::courier_group:
        return "courier.group/run";
    case amperity::config_kind::orchestration_group:
        return "orchestration.group/run";
    case amperity::config_kind::campaign:
        return "campaign.send";
    }
    return "unknown";
}

std::string_view label_of(amperity::config_kind k) {
    for (auto const& info : amperity::config_kinds)
        if (info.kind == k)
            return info.label;
    return "config";
}

/// "YYYYMMDD" of a timestamp.
std::string compact_date(timestamp t) {
    std::string s = format_timestamp(t).substr(0, 10);
    s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
    return s;
}

std::string five_digits(std::uint64_t n) {
    std::string s = std::to_string(n % 100000);
    return std::string(5 - s.size(), '0') + s;
}

amperity::workflow_error failure_error() {
    amperity::workflow_error e;
    e.type = "amperity.workflow.task.emulator/failed";
    e.message = "Task failed: the emulator fails runs whose config id starts with \"fail\"";
    e.attribution = amperity::error_attribution(amperity::error_attribution::platform);
    return e;
}

amperity::workflow_error cancel_error() {
    amperity::workflow_error e;
    e.type = "amperity.workflow.workflow.repository.core/cancel";
    e.message = "Workflow manually stopped";
    return e;
}

} // namespace

timestamp now_utc() {
    return std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
}

run start_run(std::string const& config_id, std::uint64_t seq, options const& opts) {
    auto const kind = *amperity::config_kind_of(config_id);
    run r;
    r.seq = seq;
    r.created_at = now_utc();
    r.started = std::chrono::steady_clock::now();
    std::string const stamp = compact_date(r.created_at) + "-" + five_digits(r.seq) + "-";
    r.id = "wf-" + stamp + random_alnum(6);
    r.config_id = config_id;
    r.type = std::string(type_of(kind));
    std::string label(label_of(kind));
    label[0] = static_cast<char>(label[0] - 'a' + 'A');
    r.name = label + " " + r.config_id;
    auto const prefix_size = r.config_id.find('-') + 1;
    r.fails = std::string_view(r.config_id).substr(prefix_size).starts_with("fail");
    for (unsigned i = 0; i < opts.tasks_per_run; ++i)
        r.task_ids.push_back("wft-" + stamp + random_alnum(6));
    return r;
}

amperity::workflow view(run const& r, options const& opts,
                        std::chrono::steady_clock::time_point now, bool verbose) {
    using amperity::task_state;
    using amperity::workflow_state;
    auto elapsed = std::chrono::duration_cast<milliseconds>(now - r.started);
    if (r.canceled_after && elapsed > *r.canceled_after)
        elapsed = *r.canceled_after;
    milliseconds const t0 = opts.schedule_delay;
    milliseconds const end = t0 + opts.run_duration;
    auto const n = r.task_ids.size();
    milliseconds const slot = n == 0 ? milliseconds(0) : opts.run_duration / static_cast<long>(n);

    amperity::workflow w;
    w.id = r.id;
    w.type = r.type;
    w.name = r.name;
    w.tenant = opts.tenant;
    w.created_at = r.created_at;
    if (elapsed < t0) {
        w.state = workflow_state(workflow_state::scheduled);
    } else if (elapsed < end) {
        w.state = workflow_state(workflow_state::running);
    } else {
        w.state = workflow_state(r.fails ? workflow_state::failed : workflow_state::succeeded);
        w.ended_at = r.created_at + end;
        if (r.fails)
            w.error = failure_error();
    }

    std::vector<amperity::workflow_task_instance> tasks;
    for (std::size_t i = 0; verbose && i < n; ++i) {
        milliseconds const begin = t0 + slot * static_cast<long>(i);
        if (elapsed < begin)
            break; // tasks appear one after another
        milliseconds const running_at = begin + slot / 4;
        milliseconds const done_at = i + 1 == n ? end : begin + slot;
        amperity::workflow_task_instance t;
        t.id = r.task_ids[i];
        t.tenant = opts.tenant;
        t.created_at = r.created_at + begin;
        t.execution_type = amperity::execution_type(amperity::execution_type::spark_sql);
        t.label = "Step " + std::to_string(i + 1) + " of " + std::to_string(n) + ": " + r.name;
        t.task_definition_id = "emulator/" + r.config_id + "/step-" + std::to_string(i + 1);
        t.task_definition_type = r.type;
        t.timeout_ms = 172800000;
        t.workflow_id = r.id;
        if (elapsed < running_at) {
            t.state = task_state(task_state::scheduled);
            t.state_changed_at = r.created_at + begin;
        } else if (elapsed < done_at) {
            t.state = task_state(task_state::running);
            t.state_changed_at = r.created_at + running_at;
        } else {
            bool const failed = r.fails && i + 1 == n;
            t.state = task_state(failed ? task_state::failed : task_state::succeeded);
            t.ended_at = r.created_at + done_at;
            t.state_changed_at = t.ended_at;
            if (failed)
                t.error = failure_error();
        }
        tasks.push_back(std::move(t));
    }

    if (r.canceled_after) {
        timestamp const at = r.created_at + *r.canceled_after;
        w.state = workflow_state(workflow_state::canceled);
        w.ended_at = at;
        w.error = cancel_error();
        for (auto& t : tasks) {
            if (t.state.is_terminal())
                continue;
            t.state = task_state(task_state::canceled);
            t.ended_at = at;
            t.state_changed_at = at;
        }
    }

    if (!verbose) {
        w.error.reset();
        return w;
    }
    w.principal_id = "ak-emulator";
    w.principal_name = "amperity-emulator";
    w.warn_after_ms = 86400000;
    w.task_instances = std::move(tasks);
    return w;
}

} // namespace amperity::emulator::detail
