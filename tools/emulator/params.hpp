// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_PARAMS_HPP
#define AMPERITY_EMULATOR_PARAMS_HPP

// A request read through the generated tables: the inverse of what the client does to build it
// (build_target and the body in client.hpp).
//
// parse_params: for each member of Op::params_type, in spec order
// (object_schema<params_type>::fields), Op::parameters says where its text is (path capture,
// query string or header) and the member's type says how to read it. The first problem found is
// the 400 answer, "<wire name>: <what is wrong>", as a validation_error. Query parameters the
// operation does not declare are ignored.
//
// parse_body: Op::request_type decoded from a JSON body and validated where the spec has rules.
//
// What a type cannot say is left to the handlers: page tokens, relations between parameters,
// ids that must exist. Internal to the amperity_emulator library.

#include "message.hpp"
#include "text.hpp"

#include <amperity/model.hpp>

#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace amperity::emulator::detail {

/// The largest page the emulator serves: the bound on `limit` (the spec does not document the
/// service's).
inline constexpr std::int64_t max_page_size = 1000;

// One parameter's text into its member; the error names the parameter. The types are those the
// client can write (its param_text overloads), so whatever the client sends can be read back.
validation_result<void> read_param(std::string_view wire, std::string_view text, std::string& out);
/// Bounded for the parameters the emulator bounds (`limit`: 1 to max_page_size).
validation_result<void> read_param(std::string_view wire, std::string_view text, std::int64_t& out);
/// "true" or "false", nothing else.
validation_result<void> read_param(std::string_view wire, std::string_view text, bool& out);
validation_result<void> read_param(std::string_view wire, std::string_view text,
                                   amperity::date_or_time& out);
validation_result<void> read_param(std::string_view wire, std::string_view text,
                                   amperity::timestamp& out);

template <amperity::closed_enum E>
validation_result<void> read_param(std::string_view wire, std::string_view text, E& out) {
    auto e = amperity::parse_enum<E>(text);
    if (!e)
        return validation_error(e.error().value(), std::string(wire), e.error().detail());
    out = *e;
    return {};
}

/// Any string: an open enum keeps what it does not know.
template <amperity::detail::open_enum_type T>
validation_result<void> read_param(std::string_view, std::string_view text, T& out) {
    out.assign_wire(text);
    return {};
}

/// Where Op expects the parameter `wire`; like build_target, the query when its table does not
/// say.
template <amperity::operation_descriptor Op>
constexpr param_location location_of(std::string_view wire) noexcept {
    for (auto const& p : Op::parameters)
        if (p.wire == wire)
            return p.location;
    return param_location::query;
}

/// Op's parameters from the captures of its path template (percent-decoded), the decoded query
/// string and the request's headers.
template <amperity::operation_descriptor Op>
validation_result<typename Op::params_type> parse_params(request const& req, param_map const& path,
                                                         param_map const& query) {
    using params_type = typename Op::params_type;
    params_type out{};
    std::optional<validation_error> failed;
    amperity::detail::for_each_field<params_type>([&](auto const& fd) {
        if (failed)
            return;
        param_location const where = location_of<Op>(fd.wire);
        std::optional<std::string_view> text;
        if (where == param_location::header) {
            text = req.header(lower(fd.wire));
        } else {
            auto const& from = where == param_location::path ? path : query;
            if (auto it = from.find(fd.wire); it != from.end())
                text = it->second;
        }
        if (!text) {
            if (fd.required)
                failed = validation_error(errc::invalid_parameter, std::string(fd.wire),
                                          where == param_location::header
                                              ? "missing required header"
                                              : "missing required query parameter");
            return;
        }
        auto& member = out.*(fd.member);
        validation_result<void> read;
        if constexpr (amperity::detail::is_optional<std::remove_cvref_t<decltype(member)>>::value)
            read = read_param(fd.wire, *text, member.emplace());
        else
            read = read_param(fd.wire, *text, member);
        if (!read)
            failed = read.error();
    });
    if (failed)
        return *failed;
    return out;
}

/// An operation that takes a request body (run-workflow).
template <class Op>
concept operation_with_body =
    amperity::operation_descriptor<Op> && !std::is_void_v<typename Op::request_type>;

/// Op's request body; the error is the 400 message. Checked as the client checks it before
/// sending: JSON, decodable into Op::request_type, and valid by the spec's rules if it has any.
template <operation_with_body Op>
boost::system::result<typename Op::request_type, std::string> parse_body(request const& req) {
    using boost::system::in_place_error;
    if (media_type(req.header("content-type")) != "application/json")
        return {in_place_error, "Content-Type must be application/json"};
    auto decoded = amperity::decode<typename Op::request_type>(req.body);
    if (!decoded)
        return {in_place_error, "invalid request body: " + decoded.error().message()};
    if constexpr (requires { validate(*decoded); })
        if (auto valid = validate(*decoded); !valid)
            return {in_place_error, valid.error().message()};
    return std::move(*decoded);
}

} // namespace amperity::emulator::detail

#endif // AMPERITY_EMULATOR_PARAMS_HPP
