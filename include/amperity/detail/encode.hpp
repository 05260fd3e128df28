// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_ENCODE_HPP
#define AMPERITY_DETAIL_ENCODE_HPP

// The encoder: a generated struct to a boost::json DOM through its field table, serialized by
// amperity::encode (codec.hpp). Requests are small; this is not a hot path.

#include <amperity/detail/codec_common.hpp>
#include <amperity/detail/schema.hpp>
#include <amperity/enum.hpp>
#include <amperity/time.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace amperity::detail {

namespace json = boost::json;

inline json::value to_json(std::string const& s) { return json::string(s); }
inline json::value to_json(bool b) { return b; }
inline json::value to_json(std::int64_t i) { return i; }
inline json::value to_json(json::value const& v) { return v; }
inline json::value to_json(timestamp t) { return json::string(format_timestamp(t)); }
inline json::value to_json(date_or_time const& t) { return json::string(format(t)); }

template <closed_enum E>
json::value to_json(E e) {
    return json::string(to_string(e));
}

template <open_enum_type T>
json::value to_json(T const& e) {
    return json::string(e.wire());
}

template <described_object T>
json::value to_json(T const& obj);

template <class T, class A>
json::value to_json(std::vector<T, A> const& vec) {
    json::array arr;
    arr.reserve(vec.size());
    for (auto const& e : vec) arr.push_back(to_json(e));
    return arr;
}

template <described_object T>
json::value to_json(T const& obj) {
    json::object o;
    for_each_field<T>([&](auto const& fd) {
        auto const& member = obj.*(fd.member);
        using member_type = std::remove_cvref_t<decltype(member)>;
        if constexpr (is_optional<member_type>::value) {
            if (member) o[fd.wire] = to_json(*member);
        } else {
            o[fd.wire] = to_json(member);
        }
    });
    return o;
}

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_ENCODE_HPP
