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

#include <amperity/detail/direct_codec.hpp>
#include <amperity/detail/encode.hpp>
#include <amperity/error.hpp>

#include <boost/json/serialize.hpp>

#include <string>
#include <string_view>

namespace amperity {

namespace detail {

/// The streaming form of direct_decode, which names the byte where invalid JSON was found the
/// way the DOM reference decoder (a stream_parser) does: the text as a first part that may
/// continue, then the end of input.
template <class T>
AMPERITY_COLD bool direct_decode_streaming(json::basic_parser<direct_handler>& parser,
                                           std::string_view text, T& out, decode_failure& f) {
    parser.reset();
    parser.handler().begin(value_slot(out));
    boost::system::error_code ec;
    std::size_t const n = parser.write_some(true, text.data(), text.size(), ec);
    if (!ec && n < text.size()) {
        f = {};
        f.code = errc::invalid_json;
        f.detail = message::trailing_characters(n);
        return false;
    }
    if (!ec) parser.write_some(false, nullptr, 0, ec);
    if (ec) {
        f = {};
        f.code = errc::invalid_json;
        f.detail = message::invalid_json(text.empty(), n, ec);
        return false;
    }
    if (parser.handler().failed()) {
        f = std::move(parser.handler().failure());
        return false;
    }
    return true;
}

/// Parses `text` into `out` through `parser` (whose handler and buffers are reused).
template <class T>
bool direct_decode(json::basic_parser<direct_handler>& parser, std::string_view text, T& out,
                   decode_failure& f) {
    parser.reset();
    parser.handler().begin(value_slot(out));
    boost::system::error_code ec;
    // The whole text as the last part: the parser never suspends at the end of the document
    // (which would allocate its state stack in a fresh decoder, and cost a second call). A
    // complete document, with or without trailing characters, gives the same events and the
    // same offset either way; invalid JSON is decoded again in the streaming form, which
    // reports the offset the reference decoder reports.
    std::size_t const n = parser.write_some(false, text.data(), text.size(), ec);
    if (ec) [[unlikely]]
        return direct_decode_streaming(parser, text, out, f);
    if (n < text.size()) {
        f = {};
        f.code = errc::invalid_json;
        f.detail = message::trailing_characters(n);
        return false;
    }
    if (parser.handler().failed()) {
        f = std::move(parser.handler().failure());
        return false;
    }
    return true;
}

inline json::parse_options direct_parse_options() noexcept {
    json::parse_options opts;
    opts.max_depth = max_json_depth;
    return opts;
}

} // namespace detail

/// Success or the reason a document was refused.
using decode_status = boost::system::result<void, decode_error>;

/// A reusable decoder: keeps the parser's buffers between documents, and decodes into an
/// existing value, reusing its storage (strings keep their capacity, vectors their elements).
/// Decoding a document of the same shape again allocates nothing.
///
///     amperity::decoder<amperity::workflow> d;
///     amperity::workflow wf;
///     for (auto const& body : bodies)
///         if (auto st = d.decode(body, wf); !st) log(st.error().message());
///
/// On failure `out` holds a valid but unspecified value. One decoder per thread.
template <class T>
class decoder {
public:
    decoder() : parser_(detail::direct_parse_options()) {}

    /// Decodes `json` into `out`, reusing its storage.
    decode_status decode(std::string_view json, T& out) {
        detail::decode_failure f;
        if (!detail::direct_decode(parser_, json, out, f))
            return decode_error(f.code, "$" + f.path, std::move(f.detail));
        return {};
    }

private:
    boost::json::basic_parser<detail::direct_handler> parser_;
};

/// Decodes a JSON document into a new T. Never throws on bad input (only std::bad_alloc can
/// escape) and never reads past `json`.
///
///     auto wf = amperity::decode<amperity::workflow>(body);
///     if (!wf) std::cerr << wf.error().message() << '\n';
///     else     std::cout << wf->id << ' ' << wf->state.wire() << '\n';
template <class T>
decode_result<T> decode(std::string_view json) {
    T out{};
    auto st = decoder<T>{}.decode(json, out);
    if (!st) return st.error();
    return out;
}

/// decode() into an existing value, reusing its storage (see decoder<T>).
template <class T>
decode_status decode_into(std::string_view json, T& out) {
    return decoder<T>{}.decode(json, out);
}

/// Encodes a value as compact JSON; optional members that are empty are omitted.
template <class T>
std::string encode(T const& value) {
    return boost::json::serialize(detail::to_json(value));
}

} // namespace amperity

#endif // AMPERITY_CODEC_HPP
