// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_TESTS_ORACLE_DOM_CODEC_HPP
#define AMPERITY_TESTS_ORACLE_DOM_CODEC_HPP

// The reference decoder, kept by the tests as the oracle of the differential test, the
// fuzzer and the decode benchmark (no production code uses it): parse into a boost::json DOM,
// then walk the generated field tables. Simple and obviously right; the library's direct
// decoder must agree with it exactly. The wording of every error comes from
// amperity/detail/codec_common.hpp, shared with the direct decoder.
//
// Decoding rules (the spec's info.description states them for users):
// - unknown object members are ignored, at any depth;
// - a required member that is absent or null is an error; for an optional member null means
//   absent;
// - integers are int64; an integral JSON double (172800000.0, 8.64e7) is accepted, anything
//   fractional or out of range is an error, never rounded or clamped;
// - closed enums must hold a known value; open enums keep any string verbatim.

#include <amperity/detail/codec_common.hpp>
#include <amperity/detail/schema.hpp>
#include <amperity/enum.hpp>
#include <amperity/error.hpp>
#include <amperity/time.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>
#include <boost/version.hpp>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace amperity::oracle {

namespace json = boost::json;
using namespace amperity::detail;

inline char const* describe_kind(json::value const& v) noexcept {
    switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::int64:
    case json::kind::uint64: return "an integer";
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
    }
    return "an unknown value";
}

inline bool fail_type(json::value const& v, char const* expected, decode_failure& f) {
    f.code = errc::unexpected_type;
    f.detail = message::type_mismatch(expected, describe_kind(v));
    return false;
}

inline bool read(json::value const& v, std::string& out, decode_failure& f) {
    if (!v.is_string()) return fail_type(v, "a string", f);
    auto const& s = v.get_string();
    out.assign(s.data(), s.size());
    return true;
}

inline bool read(json::value const& v, bool& out, decode_failure& f) {
    if (!v.is_bool()) return fail_type(v, "a boolean", f);
    out = v.get_bool();
    return true;
}

/// Accepts int64, uint64 up to INT64_MAX, and integral doubles in int64 range.
inline bool read(json::value const& v, std::int64_t& out, decode_failure& f) {
    switch (v.kind()) {
    case json::kind::int64: out = v.get_int64(); return true;
    case json::kind::uint64:
        if (v.get_uint64() > static_cast<std::uint64_t>(INT64_MAX)) {
            f.code = errc::number_out_of_range;
            f.detail = message::integer_too_large(v.get_uint64());
            return false;
        }
        out = static_cast<std::int64_t>(v.get_uint64());
        return true;
    case json::kind::double_: {
        double const d = v.get_double();
        // An integer written as a double is trusted only below 10^15 (15 significant
        // digits): beyond 2^53 a double no longer holds every integer (9007199254740993.0
        // parses as ...992), and Boost 1.81's decimal conversion can be an ulp off for longer
        // mantissas. Refuse rather than guess. This also covers integer literals outside
        // int64, which the parser turns into doubles, and infinities.
        if (!(std::isfinite(d) && d > -1e15 && d < 1e15)) {
            f.code = errc::number_out_of_range;
            f.detail = message::not_exact_integer;
            return false;
        }
        if (std::trunc(d) != d) {
            f.code = errc::number_out_of_range;
            f.detail = message::fractional;
            return false;
        }
        out = static_cast<std::int64_t>(d);
        return true;
    }
    default: return fail_type(v, "an integer", f);
    }
}

inline bool read(json::value const& v, timestamp& out, decode_failure& f) {
    if (!v.is_string()) return fail_type(v, "an ISO 8601 date-time string", f);
    auto const& s = v.get_string();
    auto r = parse_timestamp(std::string_view(s.data(), s.size()));
    if (!r) {
        f.code = errc::invalid_timestamp;
        f.detail = message::bad_timestamp(std::string_view(s.data(), s.size()), r.error, r.position);
        return false;
    }
    out = r.value;
    return true;
}

inline bool read(json::value const& v, date_or_time& out, decode_failure& f) {
    if (!v.is_string()) return fail_type(v, "a date or ISO 8601 date-time string", f);
    auto const& s = v.get_string();
    auto r = date_or_time::parse(std::string_view(s.data(), s.size()));
    if (!r) {
        f.code = errc::invalid_timestamp;
        f.detail = message::bad_date_or_time(std::string_view(s.data(), s.size()), r.error, r.position);
        return false;
    }
    out = r.value;
    return true;
}

// Boost.JSON 1.81 parses overflowing numbers (1e400) as infinity, which no JSON text can
// express: refuse them where free-form JSON is kept, so encode() always writes valid JSON.
inline bool check_finite(json::value const& v, decode_failure& f) {
    switch (v.kind()) {
    case json::kind::double_:
        if (std::isfinite(v.get_double())) return true;
        f.code = errc::number_out_of_range;
        f.detail = message::double_out_of_range;
        return false;
    case json::kind::array: {
        auto const& a = v.get_array();
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!check_finite(a[i], f)) {
                f.path.insert(0, index_path(i));
                return false;
            }
        return true;
    }
    case json::kind::object:
        for (auto const& kv : v.get_object())
            if (!check_finite(kv.value(), f)) {
                f.path.insert(0, member_path(kv.key()));
                return false;
            }
        return true;
    default: return true;
    }
}

inline bool read(json::value const& v, json::value& out, decode_failure& f) {
    if (!check_finite(v, f)) return false;
    out = v;
    return true;
}

template <closed_enum E>
bool read(json::value const& v, E& out, decode_failure& f) {
    if (!v.is_string()) return fail_type(v, "a string", f);
    auto const& s = v.get_string();
    std::string_view sv(s.data(), s.size());
    if (auto e = lookup_enum<E>(sv)) {
        out = *e;
        return true;
    }
    f.code = errc::invalid_enum_value;
    f.detail = message::bad_enum(enum_traits<E>::expected, sv);
    return false;
}

template <open_enum_type T>
bool read(json::value const& v, T& out, decode_failure& f) {
    if (!v.is_string()) return fail_type(v, "a string", f);
    auto const& s = v.get_string();
    out.assign_wire(std::string_view(s.data(), s.size()));
    return true;
}

template <described_object T>
bool read(json::value const& v, T& out, decode_failure& f);

template <class T, class A>
bool read(json::value const& v, std::vector<T, A>& out, decode_failure& f) {
    if (!v.is_array()) return fail_type(v, "an array", f);
    auto const& arr = v.get_array();
    out.resize(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
        if (!read(arr[i], out[i], f)) {
            f.path.insert(0, index_path(i));
            return false;
        }
    }
    return true;
}

/// Members are visited in document order, so that the first error in the text is the one
/// reported (the direct decoder cannot do otherwise); required members that are absent are
/// reported after that, in spec order.
template <described_object T>
bool read(json::value const& v, T& out, decode_failure& f) {
    if (!v.is_object()) return fail_type(v, "an object", f);
    std::uint64_t seen = 0;
    for (auto const& kv : v.get_object()) {
        std::string_view const key(kv.key().data(), kv.key().size());
        bool ok = true;
        std::size_t index = 0;
        // A plain linear search, deliberately independent of the generated key dispatch.
        for_each_field<T>([&](auto const& fd) {
            if (fd.wire != key) {
                ++index;
                return;
            }
            seen |= std::uint64_t{1} << index;
            index = 64; // found: skip the remaining fields
            auto& member = out.*(fd.member);
            using member_type = std::remove_cvref_t<decltype(member)>;
            json::value const& value = kv.value();
            if constexpr (is_optional<member_type>::value) {
                if (value.is_null()) {
                    member.reset();
                    return;
                }
                if (!member) member.emplace();
                ok = read(value, *member, f);
            } else {
                if (value.is_null()) {
                    f.code = errc::missing_field;
                    f.detail = message::missing_field(expected_text<member_type>());
                    ok = false;
                } else {
                    ok = read(value, member, f);
                }
            }
        });
        if (!ok) {
            f.path.insert(0, member_path(key));
            return false;
        }
    }
    std::size_t index = 0;
    bool ok = true;
    for_each_field<T>([&](auto const& fd) {
        bool const present = seen & (std::uint64_t{1} << index++);
        if (!ok || present) return;
        auto& member = out.*(fd.member);
        using member_type = std::remove_cvref_t<decltype(member)>;
        if constexpr (is_optional<member_type>::value) {
            member.reset();
        } else {
            f.code = errc::missing_field;
            f.detail = message::missing_field(expected_text<member_type>());
            f.path.insert(0, member_path(fd.wire));
            ok = false;
        }
    });
    return ok;
}

/// Parses text into a DOM; the failure names the byte offset.
inline bool parse_json(std::string_view text, std::optional<json::value>& out,
                       json::storage_ptr sp, decode_failure& f) {
    json::parse_options opts;
    opts.max_depth = max_json_depth;
#if BOOST_VERSION >= 108300
    // Exact decimal-to-double conversion; 1.81 and 1.82 may be one ulp off (a documented
    // limitation for numbers inside free-form members such as workflow_error::data).
    opts.numbers = json::number_precision::precise;
#endif
    json::stream_parser p(json::storage_ptr(), opts);
    p.reset(std::move(sp));
    boost::system::error_code ec;
    std::size_t const n = p.write_some(text.data(), text.size(), ec);
    if (!ec && n < text.size()) {
        // write_some stops after the first complete value; anything left is not whitespace.
        f.code = errc::invalid_json;
        f.detail = message::trailing_characters(n);
        return false;
    }
    if (!ec) p.finish(ec);
    if (ec) {
        f.code = errc::invalid_json;
        f.detail = message::invalid_json(text.empty(), n, ec);
        return false;
    }
    out.emplace(p.release()); // move-constructs: keeps the caller's memory resource
    return true;
}

template <class T>
decode_result<T> dom_decode(std::string_view text) {
    unsigned char buffer[4096];
    json::monotonic_resource mr(buffer, sizeof buffer);
    decode_failure f;
    std::optional<json::value> doc;
    if (!parse_json(text, doc, &mr, f)) return decode_error(f.code, "$", std::move(f.detail));
    T out{};
    if (!read(*doc, out, f)) return decode_error(f.code, "$" + f.path, std::move(f.detail));
    return out;
}

} // namespace amperity::oracle

#endif // AMPERITY_TESTS_ORACLE_DOM_CODEC_HPP
