// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_CODEC_HPP
#define AMPERITY_CODEC_HPP

// The public codec contract. Code outside the library relies on exactly these names:
//
//     amperity::decode<T>(std::string_view json) -> amperity::decode_result<T>
//         (boost::system::result<T, amperity::decode_error>: has_value(), value(), operator*,
//          error(); error().message() names the JSON path and what was expected)
//     amperity::encode(value) -> std::string, JSON that decodes back to an equal value
//
// T is any type generated from the spec (amperity::workflow, amperity::workflow_list, ...) or a
// std::vector of one.

#include <amperity/detail/dom_codec.hpp>
#include <amperity/error.hpp>

#include <boost/json/serialize.hpp>

#include <string>
#include <string_view>

namespace amperity {

/// Decodes a JSON document into T. Never throws on bad input and never reads past `json`.
///
///     auto wf = amperity::decode<amperity::workflow>(body);
///     if (!wf) std::cerr << wf.error().message() << '\n';
///     else     std::cout << wf->id << ' ' << wf->state.wire() << '\n';
template <class T>
decode_result<T> decode(std::string_view json) {
    return detail::dom_decode<T>(json);
}

/// Encodes a value as compact JSON; optional members that are empty are omitted.
template <class T>
std::string encode(T const& value) {
    return boost::json::serialize(detail::to_json(value));
}

} // namespace amperity

#endif // AMPERITY_CODEC_HPP
