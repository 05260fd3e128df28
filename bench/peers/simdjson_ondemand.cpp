// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// simdjson_ondemand: simdjson's On-Demand API decoding straight into a reused value ("S" of
// shared/reference/json-perf.md section 7). The parser is reused and the input is padded once,
// when the decoder is bound, outside the timed loop. Members are read in whatever order they
// come (field iteration plus a chain of raw key comparisons), so the shuffled and unknown-member
// documents work; find_field_unordered would rescan the object for every member.
//
// The On-Demand code below is compiled for SIMDJSON_BUILTIN_IMPLEMENTATION (chosen from this
// TU's flags: "fallback" without -march); stage 1 runs in the shared library's runtime-selected
// implementation. Both are printed as benchmark context.

#include "peers.hpp"

#include <simdjson.h>

#include <boost/json/parse.hpp>

#include <cstdint>

namespace amperity_bench {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

error_code read(od::value v, std::string& out) {
    std::string_view s;
    if (auto e = v.get_string().get(s)) return e;
    out.assign(s.data(), s.size());
    return SUCCESS;
}

error_code read(od::value v, std::int64_t& out) { return v.get_int64().get(out); }

error_code read(od::value v, amperity::timestamp& out) {
    std::string_view s;
    if (auto e = v.get_string().get(s)) return e;
    auto const r = amperity::parse_timestamp(s);
    out = r.value;
    return r ? SUCCESS : simdjson::INCORRECT_TYPE;
}

template <class Open>
    requires std::is_base_of_v<amperity::open_enum<typename Open::value_type>, Open>
error_code read(od::value v, Open& out) {
    std::string_view s;
    if (auto e = v.get_string().get(s)) return e;
    out.assign_wire(s);
    return SUCCESS;
}

// Free-form JSON; never present in the corpus, so the round trip costs nothing here.
error_code read(od::value v, boost::json::value& out) {
    od::json_type type;
    if (auto e = v.type().get(type)) return e;
    std::string_view raw;
    if (type == od::json_type::object) {
        od::object o;
        if (auto e = v.get_object().get(o)) return e;
        if (auto e = o.raw_json().get(raw)) return e;
    } else if (type == od::json_type::array) {
        od::array a;
        if (auto e = v.get_array().get(a)) return e;
        if (auto e = a.raw_json().get(raw)) return e;
    } else {
        raw = v.raw_json_token();
    }
    boost::system::error_code ec;
    out = boost::json::parse(raw, ec);
    return ec ? simdjson::INCORRECT_TYPE : SUCCESS;
}

error_code read(od::value v, amperity::workflow_error& out);
error_code read(od::value v, amperity::workflow_task_instance& out);
error_code read(od::value v, amperity::workflow& out);

// Reuses the elements already there, so their strings keep their capacity.
template <class T>
error_code read(od::value v, std::vector<T>& out) {
    od::array arr;
    if (auto e = v.get_array().get(arr)) return e;
    std::size_t n = 0;
    for (auto element : arr) {
        od::value ev;
        if (auto e = std::move(element).get(ev)) return e;
        if (n == out.size()) out.emplace_back();
        if (auto e = read(ev, out[n])) return e;
        ++n;
    }
    out.resize(n);
    return SUCCESS;
}

// Null means "no value" for an optional member.
template <class T>
error_code read_optional(od::value v, std::optional<T>& out) {
    bool null = false;
    if (auto e = v.is_null().get(null)) return e;
    if (null) {
        out.reset();
        return SUCCESS;
    }
    if (!out) out.emplace();
    return read(v, *out);
}

// Resets an optional member the object did not have.
template <class T>
void reset_if_absent(std::uint32_t seen, unsigned bit, std::optional<T>& member) {
    if (!(seen & (1u << bit))) member.reset();
}

// Records that member number `bit` was present, and passes on how reading it went.
error_code mark(std::uint32_t& seen, unsigned bit, error_code e) {
    seen |= 1u << bit;
    return e;
}

bool has_all(std::uint32_t seen, std::uint32_t required) { return (seen & required) == required; }

// Calls on_member(key, value) for each member of v, in document order. The key is compared raw
// (simdjson's fast idiom, no unescaping): a member whose name is spelled with escapes ("\u0069d")
// counts as unknown here, where the reference decoder would match it. The corpus has none.
template <class F>
error_code for_each_member(od::value v, F&& on_member) {
    od::object obj;
    if (auto e = v.get_object().get(obj)) return e;
    for (auto member : obj) {
        od::raw_json_string key;
        if (auto e = member.key().get(key)) return e;
        od::value value;
        if (auto e = member.value().get(value)) return e;
        if (auto e = on_member(key, value)) return e;
    }
    return SUCCESS;
}

error_code read(od::value v, amperity::workflow_error& out) {
    std::uint32_t seen = 0;
    auto e = for_each_member(v, [&](od::raw_json_string key, od::value m) -> error_code {
        if (key == "type") return mark(seen, 0, read(m, out.type));
        if (key == "message") return mark(seen, 1, read(m, out.message));
        if (key == "attribution") return mark(seen, 2, read_optional(m, out.attribution));
        if (key == "data") return mark(seen, 3, read_optional(m, out.data));
        return SUCCESS;
    });
    if (e) return e;
    if (!has_all(seen, 0b11)) return simdjson::NO_SUCH_FIELD;
    reset_if_absent(seen, 2, out.attribution);
    reset_if_absent(seen, 3, out.data);
    return SUCCESS;
}

error_code read(od::value v, amperity::workflow_task_instance& out) {
    std::uint32_t seen = 0;
    auto e = for_each_member(v, [&](od::raw_json_string key, od::value m) -> error_code {
        if (key == "id") return mark(seen, 0, read(m, out.id));
        if (key == "state") return mark(seen, 1, read(m, out.state));
        if (key == "tenant") return mark(seen, 2, read(m, out.tenant));
        if (key == "created_at") return mark(seen, 3, read_optional(m, out.created_at));
        if (key == "ended_at") return mark(seen, 4, read_optional(m, out.ended_at));
        if (key == "execution_type") return mark(seen, 5, read_optional(m, out.execution_type));
        if (key == "label") return mark(seen, 6, read_optional(m, out.label));
        if (key == "run_id") return mark(seen, 7, read_optional(m, out.run_id));
        if (key == "state_changed_at")
            return mark(seen, 8, read_optional(m, out.state_changed_at));
        if (key == "task_definition_id")
            return mark(seen, 9, read_optional(m, out.task_definition_id));
        if (key == "task_definition_type")
            return mark(seen, 10, read_optional(m, out.task_definition_type));
        if (key == "timeout_ms") return mark(seen, 11, read_optional(m, out.timeout_ms));
        if (key == "workflow_id") return mark(seen, 12, read_optional(m, out.workflow_id));
        if (key == "error") return mark(seen, 13, read_optional(m, out.error));
        return SUCCESS;
    });
    if (e) return e;
    if (!has_all(seen, 0b111)) return simdjson::NO_SUCH_FIELD;
    reset_if_absent(seen, 3, out.created_at);
    reset_if_absent(seen, 4, out.ended_at);
    reset_if_absent(seen, 5, out.execution_type);
    reset_if_absent(seen, 6, out.label);
    reset_if_absent(seen, 7, out.run_id);
    reset_if_absent(seen, 8, out.state_changed_at);
    reset_if_absent(seen, 9, out.task_definition_id);
    reset_if_absent(seen, 10, out.task_definition_type);
    reset_if_absent(seen, 11, out.timeout_ms);
    reset_if_absent(seen, 12, out.workflow_id);
    reset_if_absent(seen, 13, out.error);
    return SUCCESS;
}

error_code read(od::value v, amperity::workflow& out) {
    std::uint32_t seen = 0;
    auto e = for_each_member(v, [&](od::raw_json_string key, od::value m) -> error_code {
        if (key == "id") return mark(seen, 0, read(m, out.id));
        if (key == "state") return mark(seen, 1, read(m, out.state));
        if (key == "type") return mark(seen, 2, read(m, out.type));
        if (key == "tenant") return mark(seen, 3, read(m, out.tenant));
        if (key == "created_at") return mark(seen, 4, read(m, out.created_at));
        if (key == "name") return mark(seen, 5, read_optional(m, out.name));
        if (key == "ended_at") return mark(seen, 6, read_optional(m, out.ended_at));
        if (key == "principal_id") return mark(seen, 7, read_optional(m, out.principal_id));
        if (key == "principal_name") return mark(seen, 8, read_optional(m, out.principal_name));
        if (key == "principal_email")
            return mark(seen, 9, read_optional(m, out.principal_email));
        if (key == "launched_version")
            return mark(seen, 10, read_optional(m, out.launched_version));
        if (key == "current_version")
            return mark(seen, 11, read_optional(m, out.current_version));
        if (key == "warn_after_ms") return mark(seen, 12, read_optional(m, out.warn_after_ms));
        if (key == "task_instances")
            return mark(seen, 13, read_optional(m, out.task_instances));
        if (key == "error") return mark(seen, 14, read_optional(m, out.error));
        return SUCCESS;
    });
    if (e) return e;
    if (!has_all(seen, 0b11111)) return simdjson::NO_SUCH_FIELD;
    reset_if_absent(seen, 5, out.name);
    reset_if_absent(seen, 6, out.ended_at);
    reset_if_absent(seen, 7, out.principal_id);
    reset_if_absent(seen, 8, out.principal_name);
    reset_if_absent(seen, 9, out.principal_email);
    reset_if_absent(seen, 10, out.launched_version);
    reset_if_absent(seen, 11, out.current_version);
    reset_if_absent(seen, 12, out.warn_after_ms);
    reset_if_absent(seen, 13, out.task_instances);
    reset_if_absent(seen, 14, out.error);
    return SUCCESS;
}

error_code read(od::value v, amperity::workflow_list& out) {
    std::uint32_t seen = 0;
    auto e = for_each_member(v, [&](od::raw_json_string key, od::value m) -> error_code {
        if (key == "data") return mark(seen, 0, read(m, out.data));
        if (key == "next_token") return mark(seen, 1, read_optional(m, out.next_token));
        if (key == "total") return mark(seen, 2, read_optional(m, out.total));
        return SUCCESS;
    });
    if (e) return e;
    if (!has_all(seen, 0b1)) return simdjson::NO_SUCH_FIELD;
    reset_if_absent(seen, 1, out.next_token);
    reset_if_absent(seen, 2, out.total);
    return SUCCESS;
}

template <class T>
class ondemand_decoder {
public:
    explicit ondemand_decoder(std::string_view json) : padded_(json) {}

    bool decode(T& out) {
        od::document doc;
        if (parser_.iterate(padded_).get(doc)) return false;
        od::value root;
        if (doc.get_value().get(root)) return false;
        return read(root, out) == SUCCESS;
    }

private:
    simdjson::padded_string padded_;
    od::parser parser_;
};

} // namespace

std::string simdjson_implementations() {
    return AMPERITY_BENCH_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION) " (stage 1 in the library: " +
           std::string(simdjson::get_active_implementation()->name()) + ")";
}

decoder_info const simdjson_ondemand_decoder{
    "simdjson_ondemand", "simdjson " AMPERITY_BENCH_STRINGIFY(SIMDJSON_VERSION), true,
    &bind_typed<ondemand_decoder>};

} // namespace amperity_bench
