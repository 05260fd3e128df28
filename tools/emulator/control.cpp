// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

// Faults and stats: the public helpers of <amperity/emulator/options.hpp> and the control
// endpoints /_emulator/{faults,stats,reset} that expose them out of process.

#include "api.hpp"

#include "state.hpp"

#include <amperity/generated/operations.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <variant>
#include <vector>

namespace amperity::emulator {

namespace {

constexpr std::array<std::string_view, 8> fault_kind_names{
    "delay",          "reset_before_read", "reset_after_read", "status",
    "truncated_body", "malformed_body",    "oversized_body",   "slow_drip",
};

} // namespace

std::vector<std::string> default_api_versions() {
    return {std::string(amperity::api_version)};
}

std::string_view to_string(fault::kind k) noexcept {
    auto const i = static_cast<std::size_t>(k);
    return i < fault_kind_names.size() ? fault_kind_names[i] : std::string_view("unknown");
}

std::optional<fault::kind> parse_fault_kind(std::string_view name) noexcept {
    for (std::size_t i = 0; i < fault_kind_names.size(); ++i)
        if (fault_kind_names[i] == name)
            return static_cast<fault::kind>(i);
    return std::nullopt;
}

bool processes(fault const& f) noexcept {
    if (f.process)
        return *f.process;
    switch (f.what) {
    case fault::kind::reset_before_read:
        return false;
    case fault::kind::status:
        return f.status >= 500;
    default:
        return true;
    }
}

std::string to_json(stats const& s) {
    boost::json::object by_op;
    for (auto const& [op, n] : s.requests_by_operation)
        by_op[op] = n;
    boost::json::object o;
    o["runs_started"] = s.runs_started;
    o["requests"] = s.requests;
    o["tokens_issued"] = s.tokens_issued;
    o["rejected_auth"] = s.rejected_auth;
    o["rate_limited"] = s.rate_limited;
    o["connections"] = s.connections;
    o["requests_by_operation"] = std::move(by_op);
    return boost::json::serialize(o);
}

namespace detail {

namespace json = boost::json;

namespace {

json::object fault_to_json(fault const& f) {
    json::object o;
    o["kind"] = to_string(f.what);
    o["operation"] = f.operation;
    o["status"] = f.status;
    if (f.retry_after)
        o["retry_after"] = *f.retry_after;
    o["delay_ms"] = f.delay.count();
    o["process"] = processes(f);
    o["count"] = f.count;
    return o;
}

/// The fault a POST /_emulator/faults body describes, or why it does not describe one.
std::variant<fault, std::string> fault_from_json(std::string_view body) {
    boost::system::error_code ec;
    auto v = json::parse(body, ec);
    if (ec)
        return "body is not JSON: " + ec.message();
    if (!v.is_object())
        return std::string("body must be a JSON object");
    auto const& o = v.get_object();
    auto const uint_field = [&](std::string_view name, std::uint64_t max,
                                std::uint64_t& out) -> std::optional<std::string> {
        auto const* x = o.if_contains(name);
        if (!x)
            return std::nullopt;
        std::int64_t n = 0;
        if (x->is_int64())
            n = x->get_int64();
        else if (x->is_uint64() && x->get_uint64() <= max)
            n = static_cast<std::int64_t>(x->get_uint64());
        else
            return std::string(name) + " must be a non-negative integer";
        if (n < 0 || static_cast<std::uint64_t>(n) > max)
            return std::string(name) + " must be from 0 to " + std::to_string(max);
        out = static_cast<std::uint64_t>(n);
        return std::nullopt;
    };

    static constexpr std::array<std::string_view, 7> known{
        "kind", "operation", "status", "retry_after", "delay_ms", "process", "count"};
    for (auto const& kv : o)
        if (std::find(known.begin(), known.end(), std::string_view(kv.key())) == known.end())
            return "unknown field " + quoted(kv.key()) +
                   "; known: kind, operation, status, retry_after, delay_ms, process, count";

    auto const* kind = o.if_contains("kind");
    if (!kind || !kind->is_string())
        return std::string("kind (a string) is required");
    auto const k = parse_fault_kind(kind->get_string());
    if (!k) {
        std::string all;
        for (auto name : fault_kind_names)
            all += (all.empty() ? "" : ", ") + std::string(name);
        return "kind " + quoted(kind->get_string()) + " is not one of " + all;
    }
    fault f{*k};
    if (auto const* x = o.if_contains("operation")) {
        if (!x->is_string() || x->get_string().empty())
            return std::string("operation must be a non-empty string");
        f.operation = std::string(x->get_string());
    }
    std::uint64_t n = 0;
    if (auto bad = uint_field("status", 599, n))
        return *bad;
    if (o.contains("status")) {
        if (n < 100)
            return std::string("status must be from 100 to 599");
        f.status = static_cast<unsigned>(n);
    }
    if (auto const* x = o.if_contains("retry_after")) {
        if (x->is_string()) {
            f.retry_after = std::string(x->get_string());
            // It becomes a header value: printable ASCII only, so no header can be smuggled.
            for (char ch : *f.retry_after)
                if (ch < ' ' || ch > '~')
                    return std::string("retry_after must be printable ASCII");
        } else if (x->is_int64() && x->get_int64() >= 0)
            f.retry_after = std::to_string(x->get_int64());
        else
            return std::string("retry_after must be a string or a non-negative integer");
    }
    n = 0;
    if (auto bad = uint_field("delay_ms", 3'600'000, n))
        return *bad;
    f.delay = std::chrono::milliseconds(static_cast<std::int64_t>(n));
    if (auto const* x = o.if_contains("process")) {
        if (!x->is_bool())
            return std::string("process must be a boolean");
        f.process = x->get_bool();
    }
    n = 1;
    if (auto bad = uint_field("count", 1'000'000, n))
        return *bad;
    if (n == 0)
        return std::string("count must be at least 1");
    f.count = static_cast<unsigned>(n);
    return f;
}

} // namespace

response api::control(request const& req, plan const& p, std::string_view path) {
    auto const method_not_allowed = [&](std::string_view allow) {
        response r =
            error(405, "method " + req.method + " not allowed; allowed: " + std::string(allow), p);
        r.headers.emplace_back("Allow", std::string(allow));
        return r;
    };
    if (path == "/_emulator/faults") {
        if (req.method == "GET") {
            json::array a;
            for (auto const& f : faults_)
                a.push_back(fault_to_json(f));
            return {200, {}, json::serialize(a)};
        }
        if (req.method != "POST")
            return method_not_allowed("GET, POST");
        auto parsed = fault_from_json(req.body);
        if (auto const* why = std::get_if<std::string>(&parsed))
            return error(400, *why, p);
        auto& f = std::get<fault>(parsed);
        auto body = json::serialize(fault_to_json(f));
        faults_.push_back(std::move(f));
        return {201, {}, std::move(body)};
    }
    if (path == "/_emulator/stats") {
        if (req.method != "GET")
            return method_not_allowed("GET");
        return {200, {}, to_json(state_->counters)};
    }
    if (path == "/_emulator/reset") {
        if (req.method != "POST")
            return method_not_allowed("POST");
        reset_locked();
        return {200, {}, R"({"reset":true})"};
    }
    return error(404,
                 "no such control endpoint: " + quoted(path) +
                     "; try /_emulator/faults, /_emulator/stats, /_emulator/reset",
                 p);
}

} // namespace detail
} // namespace amperity::emulator
