// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_REQUEST_HPP
#define AMPERITY_DETAIL_REQUEST_HPP

// Request building: an operation's parameters to a target (path with percent-encoded path
// parameters, plus the query string) and header fields, through the generated parameter
// tables; and the bytes of one HTTP/1.1 request.
//
// The bytes: the start line and header fields are written into one reserved string, and the
// body is sent from where it already is (a two-buffer gather write, see http_transport):
// one allocation per attempt, no stream, no copy of the body.

#include <amperity/codec.hpp>
#include <amperity/detail/schema.hpp>
#include <amperity/detail/url.hpp>
#include <amperity/enum.hpp>
#include <amperity/error.hpp>
#include <amperity/operation.hpp>
#include <amperity/time.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace amperity::detail {

using amperity::request_body_t;

// ---- parameters to text -----------------------------------------------------------------
inline std::string param_text(std::string const& s) { return s; }
inline std::string param_text(std::int64_t v) { return std::to_string(v); }
inline std::string param_text(bool v) { return v ? "true" : "false"; }
inline std::string param_text(date_or_time const& v) { return format(v); }
inline std::string param_text(timestamp v) { return format_timestamp(v); }
template <closed_enum E>
std::string param_text(E e) {
    return std::string(to_string(e));
}
template <open_enum_type T>
std::string param_text(T const& e) {
    return std::string(e.wire());
}

struct built_target {
    std::string target; // path + query
    std::vector<std::pair<std::string, std::string>> headers;
};

/// Path template with percent-encoded path parameters, plus the query string.
template <class Op>
validation_result<built_target> build_target(std::string_view prefix,
                                             typename Op::params_type const& params) {
    built_target out;
    // The target is built in place, prefix first: one allocation for a call without a query.
    out.target.reserve(prefix.size() + Op::path_template.size() + 48);
    out.target.append(prefix).append(Op::path_template);
    std::size_t const path_at = prefix.size();
    std::string query;
    std::optional<validation_error> error;
    for_each_field<typename Op::params_type>([&](auto const& fd) {
        if (error) return;
        auto const& member = params.*(fd.member);
        using member_type = std::remove_cvref_t<decltype(member)>;
        std::optional<std::string> text;
        if constexpr (is_optional<member_type>::value) {
            if (member) text = param_text(*member);
        } else {
            text = param_text(member);
        }
        param_location where = param_location::query;
        for (auto const& p : Op::parameters)
            if (p.wire == fd.wire) where = p.location;
        if (!text) return;
        switch (where) {
        case param_location::path: {
            if (text->empty()) {
                error = validation_error(errc::invalid_parameter, std::string(fd.wire),
                                         "a path parameter must not be empty");
                return;
            }
            if (*text == "." || *text == "..") {
                // Percent-encoding does not help: %2E is a dot to every URL normaliser, so
                // "/workflow/runs/.." would name another resource.
                error = validation_error(errc::invalid_parameter, std::string(fd.wire),
                                         quoted_excerpt(*text) +
                                             " is a dot segment, not an id");
                return;
            }
            std::string const placeholder = "{" + std::string(fd.wire) + "}";
            auto const at = out.target.find(placeholder, path_at);
            if (at != std::string::npos)
                out.target.replace(at, placeholder.size(), percent_encode(*text));
            break;
        }
        case param_location::query:
            query += query.empty() ? '?' : '&';
            append_percent_encoded(query, fd.wire);
            query += '=';
            append_percent_encoded(query, *text);
            break;
        case param_location::header:
            if (!is_valid_header_value(*text)) {
                error = validation_error(errc::invalid_header_value, std::string(fd.wire),
                                         "contains a control character (CR, LF, ...)");
                return;
            }
            out.headers.emplace_back(std::string(fd.wire), std::move(*text));
            break;
        }
    });
    if (error) return *error;
    out.target += query;
    return out;
}

/// What a call sends on every attempt, prepared once: the target and the body's JSON. Requests
/// the spec has rules for (run-workflow) are validated however they were built: nothing
/// invalid is ever sent.
struct prepared_call {
    built_target target;
    std::string body; // empty for an operation without a request body
};

template <class Op>
validation_result<prepared_call> prepare_call(std::string_view prefix,
                                              typename Op::params_type const& params,
                                              request_body_t<Op> const& body) {
    prepared_call out;
    if constexpr (!std::is_void_v<typename Op::request_type>) {
        if constexpr (requires { validate(body); })
            if (auto v = validate(body); !v) return v.error();
        out.body = encode(body);
    }
    auto target = build_target<Op>(prefix, params);
    if (!target) return target.error();
    out.target = std::move(*target);
    return out;
}

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_REQUEST_HPP
