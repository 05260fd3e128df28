// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// rapidjson: rapidjson::Document::Parse with default flags (so no UTF-8 validation, unlike
// Boost.JSON and simdjson), a new Document per call as the RapidJSON tutorial does, then the DOM
// copied by hand into a reused value ("R" of shared/reference/json-perf.md section 7).
//
// RapidJSON allocates with malloc, which the operator new counter cannot see, so the Document
// uses counting_crt_allocator: RapidJSON's CrtAllocator plus a count, otherwise the default.

#include "peers.hpp"

#include "../alloc_counter.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/json/parse.hpp>

#include <cstdlib>

namespace amperity_bench {
namespace {

// rapidjson::CrtAllocator, counted.
class counting_crt_allocator {
public:
    [[maybe_unused]] static constexpr bool kNeedFree = true; // the Allocator concept

    void* Malloc(std::size_t size) {
        if (size == 0) return nullptr;
        allocations::record();
        return std::malloc(size);
    }

    void* Realloc(void* original, std::size_t, std::size_t size) {
        if (size == 0) {
            std::free(original);
            return nullptr;
        }
        allocations::record();
        return std::realloc(original, size);
    }

    static void Free(void* p) { std::free(p); }
};

using rj_document =
    rapidjson::GenericDocument<rapidjson::UTF8<>,
                               rapidjson::MemoryPoolAllocator<counting_crt_allocator>,
                               counting_crt_allocator>;
using rj_value = rj_document::ValueType;

bool read(rj_value const& v, std::string& out) {
    if (!v.IsString()) return false;
    out.assign(v.GetString(), v.GetStringLength());
    return true;
}

bool read(rj_value const& v, std::int64_t& out) {
    if (!v.IsInt64()) return false;
    out = v.GetInt64();
    return true;
}

bool read(rj_value const& v, amperity::timestamp& out) {
    if (!v.IsString()) return false;
    auto const r = amperity::parse_timestamp(std::string_view(v.GetString(), v.GetStringLength()));
    out = r.value;
    return static_cast<bool>(r);
}

template <class Open>
    requires std::is_base_of_v<amperity::open_enum<typename Open::value_type>, Open>
bool read(rj_value const& v, Open& out) {
    if (!v.IsString()) return false;
    out.assign_wire(std::string_view(v.GetString(), v.GetStringLength()));
    return true;
}

// Free-form JSON; never present in the corpus, so the round trip costs nothing here.
bool read(rj_value const& v, boost::json::value& out) {
    rapidjson::StringBuffer text;
    rapidjson::Writer<rapidjson::StringBuffer> writer(text);
    if (!v.Accept(writer)) return false;
    boost::system::error_code ec;
    out = boost::json::parse(std::string_view(text.GetString(), text.GetSize()), ec);
    return !ec;
}

bool read(rj_value const& v, amperity::workflow_error& out);
bool read(rj_value const& v, amperity::workflow_task_instance& out);
bool read(rj_value const& v, amperity::workflow& out);

template <class T>
bool read(rj_value const& v, std::vector<T>& out) {
    if (!v.IsArray()) return false;
    out.resize(v.Size());
    std::size_t i = 0;
    for (auto const& e : v.GetArray())
        if (!read(e, out[i++])) return false;
    return true;
}

// Absent and null both mean "no value" for an optional member.
rj_value const* find(rj_value const& o, std::string_view key) {
    auto const it = o.FindMember(
        rj_value(rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size()))));
    return it != o.MemberEnd() && !it->value.IsNull() ? &it->value : nullptr;
}

template <class T>
bool required(rj_value const& o, std::string_view key, T& out) {
    auto const* v = find(o, key);
    return v && read(*v, out);
}

template <class T>
bool optional(rj_value const& o, std::string_view key, std::optional<T>& out) {
    auto const* v = find(o, key);
    if (!v) {
        out.reset();
        return true;
    }
    if (!out) out.emplace();
    return read(*v, *out);
}

bool read(rj_value const& v, amperity::workflow_error& out) {
    return v.IsObject() && required(v, "type", out.type) && required(v, "message", out.message) &&
           optional(v, "attribution", out.attribution) && optional(v, "data", out.data);
}

bool read(rj_value const& v, amperity::workflow_task_instance& out) {
    return v.IsObject() && required(v, "id", out.id) && required(v, "state", out.state) &&
           required(v, "tenant", out.tenant) && optional(v, "created_at", out.created_at) &&
           optional(v, "ended_at", out.ended_at) &&
           optional(v, "execution_type", out.execution_type) && optional(v, "label", out.label) &&
           optional(v, "run_id", out.run_id) &&
           optional(v, "state_changed_at", out.state_changed_at) &&
           optional(v, "task_definition_id", out.task_definition_id) &&
           optional(v, "task_definition_type", out.task_definition_type) &&
           optional(v, "timeout_ms", out.timeout_ms) &&
           optional(v, "workflow_id", out.workflow_id) && optional(v, "error", out.error);
}

bool read(rj_value const& v, amperity::workflow& out) {
    return v.IsObject() && required(v, "id", out.id) && required(v, "state", out.state) &&
           required(v, "type", out.type) && optional(v, "name", out.name) &&
           required(v, "tenant", out.tenant) && required(v, "created_at", out.created_at) &&
           optional(v, "ended_at", out.ended_at) && optional(v, "principal_id", out.principal_id) &&
           optional(v, "principal_name", out.principal_name) &&
           optional(v, "principal_email", out.principal_email) &&
           optional(v, "launched_version", out.launched_version) &&
           optional(v, "current_version", out.current_version) &&
           optional(v, "warn_after_ms", out.warn_after_ms) &&
           optional(v, "task_instances", out.task_instances) && optional(v, "error", out.error);
}

bool read(rj_value const& v, amperity::workflow_list& out) {
    return v.IsObject() && required(v, "data", out.data) &&
           optional(v, "next_token", out.next_token) && optional(v, "total", out.total);
}

template <class T>
class rapidjson_dom {
public:
    explicit rapidjson_dom(std::string_view json) : json_(json) {}

    bool decode(T& out) {
        rj_document doc;
        doc.Parse(json_.data(), json_.size());
        return !doc.HasParseError() && read(doc, out);
    }

private:
    std::string_view json_;
};

} // namespace

decoder_info const rapidjson_decoder{"rapidjson", "RapidJSON " RAPIDJSON_VERSION_STRING, true,
                                     &bind_typed<rapidjson_dom>};

} // namespace amperity_bench
