// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_ROUTING_HPP
#define AMPERITY_EMULATOR_ROUTING_HPP

// The route table, built from the generated operation list: one route per operation (method,
// path template, operationId) whose invoke reads the parameters (and body) through the generated
// tables and calls that operation's handler. An operation without a handler is a compile error
// here, not a 501 at run time. Internal to the amperity_emulator library.

#include "handlers/handlers.hpp"
#include "message.hpp"
#include "params.hpp"
#include "text.hpp"

#include <amperity/model.hpp>

#include <array>
#include <concepts>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

namespace amperity::emulator::detail {

/// Op has a handler: handle(context const&, Op, Op::params_type const&), plus
/// Op::request_type const& when it takes a body (handlers/handlers.hpp).
template <class Op>
concept handled_without_body = amperity::operation_descriptor<Op> && !operation_with_body<Op> &&
                               requires(context const& cx, typename Op::params_type const& params) {
    { handle(cx, Op{}, params) } -> std::same_as<response>;
};
template <class Op>
concept handled_with_body = operation_with_body<Op> &&
    requires(context const& cx, typename Op::params_type const& params,
             typename Op::request_type const& body) {
    { handle(cx, Op{}, params, body) } -> std::same_as<response>;
};
template <class Op>
concept handled = handled_without_body<Op> || handled_with_body<Op>;

/// Reads Op's parameters and body, then hands them to its handler; a 400 when they do not read.
template <handled Op>
response invoke(context const& cx, param_map const& path, param_map const& query) {
    auto const params = parse_params<Op>(cx.req, path, query);
    if (!params)
        return error(400, params.error().message(), cx.p);
    if constexpr (operation_with_body<Op>) {
        auto const body = parse_body<Op>(cx.req);
        if (!body)
            return error(400, body.error(), cx.p);
        return handle(cx, Op{}, *params, *body);
    } else {
        return handle(cx, Op{}, *params);
    }
}

struct route {
    std::string_view operation_id;
    std::string_view method;
    std::string_view path_template;
    response (*invoke)(context const& cx, param_map const& path, param_map const& query);
};

/// Op's route. The static_assert is how an operation without a handler fails to compile; the
/// empty route after it only keeps that the one error.
template <class Op>
constexpr route route_of() {
    static_assert(handled<Op>, "amperity: this operation of the spec has no handler in the "
                               "emulator; declare response handle(context const&, Op, "
                               "Op::params_type const&[, Op::request_type const&]) in "
                               "tools/emulator/handlers/handlers.hpp and define it");
    if constexpr (handled<Op>)
        return {Op::operation_id, Op::method, Op::path_template, &invoke<Op>};
    else
        return {};
}

template <class... Ops>
constexpr std::array<route, sizeof...(Ops)> make_routes(std::tuple<Ops...> const*) {
    return {route_of<Ops>()...};
}

/// One route per operation of `Operations` (a std::tuple of descriptors, in practice
/// amperity::all_operations), in its order.
template <class Operations>
inline constexpr auto routes_of = make_routes(static_cast<Operations const*>(nullptr));

/// A route whose template matched a path, with the path parameters it captured.
struct route_match {
    route const* matched;
    param_map path_params;
};

/// Every route of amperity::all_operations whose template matches `path` (any method). Path
/// parameters are percent-decoded and must not be empty: "/workflow/runs/" matches nothing.
std::vector<route_match> match_routes(std::string_view path);

} // namespace amperity::emulator::detail

#endif // AMPERITY_EMULATOR_ROUTING_HPP
