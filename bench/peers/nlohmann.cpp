// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// nlohmann: nlohmann::json::parse into its DOM, then get<T>() through from_json, a new value per
// call ("N" of shared/reference/json-perf.md section 7). The conversions specialise
// nlohmann::adl_serializer, nlohmann's documented hook for types one does not own.

#include "peers.hpp"

#include <nlohmann/json.hpp>

#include <boost/json/parse.hpp>

#include <exception>
#include <stdexcept>

namespace amperity_bench::nlohmann_peer {

using nlohmann::json;

[[noreturn]] inline void fail(char const* what) { throw std::invalid_argument(what); }

// Absent and null both mean "no value" for an optional member.
inline json const* optional_member(json const& o, std::string_view key) {
    auto const it = o.find(key);
    return it != o.end() && !it->is_null() ? &*it : nullptr;
}

inline json const& required_member(json const& o, std::string_view key) {
    auto const* v = optional_member(o, key);
    if (!v) fail("missing required member");
    return *v;
}

inline std::string const& string_ref(json const& v) {
    return v.get_ref<std::string const&>(); // throws unless a string
}

inline amperity::timestamp to_timestamp(json const& v) {
    auto const r = amperity::parse_timestamp(string_ref(v));
    if (!r) fail("invalid timestamp");
    return r.value;
}

inline std::int64_t to_int64(json const& v) {
    if (!v.is_number_integer()) fail("expected an integer");
    return v.get<std::int64_t>();
}

template <class Open>
Open to_open_enum(json const& v) {
    Open e;
    e.assign_wire(string_ref(v));
    return e;
}

template <class T>
void set_optional(json const& o, std::string_view key, std::optional<T>& out) {
    if (auto const* v = optional_member(o, key)) out = v->get<T>();
}

inline void set_optional_int(json const& o, std::string_view key,
                             std::optional<std::int64_t>& out) {
    if (auto const* v = optional_member(o, key)) out = to_int64(*v);
}

inline void set_optional_time(json const& o, std::string_view key,
                              std::optional<amperity::timestamp>& out) {
    if (auto const* v = optional_member(o, key)) out = to_timestamp(*v);
}

} // namespace amperity_bench::nlohmann_peer

namespace nlohmann {

template <>
struct adl_serializer<amperity::workflow_error> {
    static void from_json(json const& o, amperity::workflow_error& e) {
        using namespace amperity_bench::nlohmann_peer;
        if (!o.is_object()) fail("expected an object");
        e.type = required_member(o, "type").get<std::string>();
        e.message = required_member(o, "message").get<std::string>();
        if (auto const* v = optional_member(o, "attribution"))
            e.attribution = to_open_enum<amperity::error_attribution>(*v);
        // Free-form JSON; never present in the corpus, so the round trip costs nothing here.
        if (auto const* v = optional_member(o, "data")) e.data = boost::json::parse(v->dump());
    }
};

template <>
struct adl_serializer<amperity::workflow_task_instance> {
    static void from_json(json const& o, amperity::workflow_task_instance& t) {
        using namespace amperity_bench::nlohmann_peer;
        if (!o.is_object()) fail("expected an object");
        t.id = required_member(o, "id").get<std::string>();
        t.state = to_open_enum<amperity::task_state>(required_member(o, "state"));
        t.tenant = required_member(o, "tenant").get<std::string>();
        set_optional_time(o, "created_at", t.created_at);
        set_optional_time(o, "ended_at", t.ended_at);
        if (auto const* v = optional_member(o, "execution_type"))
            t.execution_type = to_open_enum<amperity::execution_type>(*v);
        set_optional(o, "label", t.label);
        set_optional(o, "run_id", t.run_id);
        set_optional_time(o, "state_changed_at", t.state_changed_at);
        set_optional(o, "task_definition_id", t.task_definition_id);
        set_optional(o, "task_definition_type", t.task_definition_type);
        set_optional_int(o, "timeout_ms", t.timeout_ms);
        set_optional(o, "workflow_id", t.workflow_id);
        set_optional(o, "error", t.error);
    }
};

template <>
struct adl_serializer<amperity::workflow> {
    static void from_json(json const& o, amperity::workflow& w) {
        using namespace amperity_bench::nlohmann_peer;
        if (!o.is_object()) fail("expected an object");
        w.id = required_member(o, "id").get<std::string>();
        w.state = to_open_enum<amperity::workflow_state>(required_member(o, "state"));
        w.type = required_member(o, "type").get<std::string>();
        set_optional(o, "name", w.name);
        w.tenant = required_member(o, "tenant").get<std::string>();
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
    }
};

template <>
struct adl_serializer<amperity::workflow_list> {
    static void from_json(json const& o, amperity::workflow_list& l) {
        using namespace amperity_bench::nlohmann_peer;
        if (!o.is_object()) fail("expected an object");
        l.data = required_member(o, "data").get<std::vector<amperity::workflow>>();
        set_optional(o, "next_token", l.next_token);
        set_optional_int(o, "total", l.total);
    }
};

} // namespace nlohmann

namespace amperity_bench {
namespace {

template <class T>
class nlohmann_decoder_impl {
public:
    explicit nlohmann_decoder_impl(std::string_view json) : json_(json) {}

    bool decode(T& out) {
        try {
            out = nlohmann::json::parse(json_).get<T>();
        } catch (std::exception const&) {
            return false;
        }
        return true;
    }

private:
    std::string_view json_;
};

} // namespace

#define AMPERITY_BENCH_NLOHMANN_VERSION                                                         \
    AMPERITY_BENCH_STRINGIFY(NLOHMANN_JSON_VERSION_MAJOR)                                          \
    "." AMPERITY_BENCH_STRINGIFY(NLOHMANN_JSON_VERSION_MINOR) "." AMPERITY_BENCH_STRINGIFY(        \
        NLOHMANN_JSON_VERSION_PATCH)

decoder_info const nlohmann_decoder{"nlohmann", "nlohmann/json " AMPERITY_BENCH_NLOHMANN_VERSION,
                                    true, &bind_typed<nlohmann_decoder_impl>};

} // namespace amperity_bench
