// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// boost_value_to: boost::json::parse into a DOM (default memory resource, a new DOM per call),
// then boost::json::value_to<T>, a new value per call. This is "baseline B1" of
// shared/reference/json-perf.md section 7.
//
// The conversions are hand-written tag_invoke overloads rather than Boost.Describe: Boost 1.81's
// described-struct conversion refuses objects with members it does not know (size_mismatch), and
// real responses have them. value_to finds tag_invoke by argument-dependent lookup, and the only
// namespaces associated with value_to_tag<amperity::workflow> are boost::json and amperity, so
// the overloads have to live in namespace amperity (in this file only: the library defines no
// Boost.JSON conversions). Timestamps and enums are read by helpers instead, because
// std::chrono::sys_time's namespace is std, where nothing may be added.

#include "peers.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>
#include <boost/system/system_error.hpp>
#include <boost/version.hpp>

#include <exception>
#include <stdexcept>

namespace amperity {
namespace {

namespace json = boost::json;

[[noreturn]] void fail(char const* what) { throw std::invalid_argument(what); }

std::string_view as_view(json::value const& v) {
    auto const& s = v.as_string(); // throws unless a string
    return {s.data(), s.size()};
}

timestamp to_timestamp(json::value const& v) {
    auto const r = parse_timestamp(as_view(v));
    if (!r) fail("invalid timestamp");
    return r.value;
}

template <class Open>
Open to_open_enum(json::value const& v) {
    Open e;
    e.assign_wire(as_view(v));
    return e;
}

// Absent and null both mean "no value" for an optional member.
json::value const* optional_member(json::object const& o, std::string_view key) {
    auto const* v = o.if_contains(key);
    return v && !v->is_null() ? v : nullptr;
}

json::value const& required_member(json::object const& o, std::string_view key) {
    auto const* v = optional_member(o, key);
    if (!v) fail("missing required member");
    return *v;
}

std::int64_t to_int64(json::value const& v) {
    if (!v.is_int64()) fail("expected an int64"); // the corpus writes integers as integers
    return v.get_int64();
}

template <class T>
void set_optional(json::object const& o, std::string_view key, std::optional<T>& out) {
    if (auto const* v = optional_member(o, key)) out = json::value_to<T>(*v);
}

void set_optional_int(json::object const& o, std::string_view key,
                      std::optional<std::int64_t>& out) {
    if (auto const* v = optional_member(o, key)) out = to_int64(*v);
}

void set_optional_time(json::object const& o, std::string_view key,
                       std::optional<timestamp>& out) {
    if (auto const* v = optional_member(o, key)) out = to_timestamp(*v);
}

} // namespace

workflow_error tag_invoke(json::value_to_tag<workflow_error>, json::value const& jv) {
    auto const& o = jv.as_object();
    workflow_error e;
    e.type = json::value_to<std::string>(required_member(o, "type"));
    e.message = json::value_to<std::string>(required_member(o, "message"));
    if (auto const* v = optional_member(o, "attribution"))
        e.attribution = to_open_enum<error_attribution>(*v);
    if (auto const* v = optional_member(o, "data")) e.data = *v;
    return e;
}

workflow_task_instance tag_invoke(json::value_to_tag<workflow_task_instance>,
                                  json::value const& jv) {
    auto const& o = jv.as_object();
    workflow_task_instance t;
    t.id = json::value_to<std::string>(required_member(o, "id"));
    t.state = to_open_enum<task_state>(required_member(o, "state"));
    t.tenant = json::value_to<std::string>(required_member(o, "tenant"));
    set_optional_time(o, "created_at", t.created_at);
    set_optional_time(o, "ended_at", t.ended_at);
    if (auto const* v = optional_member(o, "execution_type"))
        t.execution_type = to_open_enum<execution_type>(*v);
    set_optional(o, "label", t.label);
    set_optional(o, "run_id", t.run_id);
    set_optional_time(o, "state_changed_at", t.state_changed_at);
    set_optional(o, "task_definition_id", t.task_definition_id);
    set_optional(o, "task_definition_type", t.task_definition_type);
    set_optional_int(o, "timeout_ms", t.timeout_ms);
    set_optional(o, "workflow_id", t.workflow_id);
    set_optional(o, "error", t.error);
    return t;
}

workflow tag_invoke(json::value_to_tag<workflow>, json::value const& jv) {
    auto const& o = jv.as_object();
    workflow w;
    w.id = json::value_to<std::string>(required_member(o, "id"));
    w.state = to_open_enum<workflow_state>(required_member(o, "state"));
    w.type = json::value_to<std::string>(required_member(o, "type"));
    set_optional(o, "name", w.name);
    w.tenant = json::value_to<std::string>(required_member(o, "tenant"));
    w.created_at = to_timestamp(required_member(o, "created_at"));
    set_optional_time(o, "ended_at", w.ended_at);
    set_optional(o, "principal_id", w.principal_id);
    set_optional(o, "principal_name", w.principal_name);
    set_optional(o, "principal_email", w.principal_email);
    set_optional(o, "launched_version", w.launched_version);
    set_optional(o, "current_version", w.current_version);
    set_optional_int(o, "warn_after_ms", w.warn_after_ms);
    set_optional(o, "task_instances", w.task_instances);
    set_optional(o, "error", w.error);
    return w;
}

workflow_list tag_invoke(json::value_to_tag<workflow_list>, json::value const& jv) {
    auto const& o = jv.as_object();
    workflow_list l;
    l.data = json::value_to<std::vector<workflow>>(required_member(o, "data"));
    set_optional(o, "next_token", l.next_token);
    set_optional_int(o, "total", l.total);
    return l;
}

} // namespace amperity

namespace amperity_bench {
namespace {

template <class T>
class value_to_decoder {
public:
    explicit value_to_decoder(std::string_view json) : json_(json) {
        options_.max_depth = max_json_depth;
    }

    bool decode(T& out) {
        boost::system::error_code ec;
        boost::json::value const doc = boost::json::parse(json_, ec, {}, options_);
        if (ec) return false;
        try {
            out = boost::json::value_to<T>(doc);
        } catch (std::exception const&) {
            return false;
        }
        return true;
    }

private:
    std::string_view json_;
    boost::json::parse_options options_;
};

} // namespace

decoder_info const boost_value_to_decoder{"boost_value_to", "Boost.JSON " BOOST_LIB_VERSION, true,
                                          &bind_typed<value_to_decoder>};

} // namespace amperity_bench
