// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_OPERATION_HPP
#define AMPERITY_OPERATION_HPP

// The vocabulary of the generated operation descriptors. Each operation of the spec becomes a
// struct with static members (see include/amperity/generated/operations.hpp):
//
//     struct run_workflow_operation {
//         static constexpr std::string_view operation_id = "run-workflow";
//         static constexpr std::string_view method = "POST";
//         static constexpr std::string_view path_template = "/workflow/runs";
//         static constexpr unsigned success_status = 201;   // any 2xx is accepted
//         static constexpr bool idempotent = false;          // drives the retry rules
//         static constexpr bool paginated = false;
//         using params_type = run_workflow_params;
//         using request_type = workflow_run_request;         // void when there is no body
//         using response_type = workflow;
//         static constexpr std::array<parameter_info, 2> parameters{...};
//     };
//
// The client is generic over these: adding an operation to the spec adds a call without
// hand-written transport code.

#include <concepts>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace amperity {

/// Where a parameter goes in the request.
enum class param_location : unsigned char {
    path,   ///< substituted into the path template
    query,  ///< in the query string
    header, ///< a request header
};

/// One parameter of an operation as the spec declares it.
struct parameter_info {
    /// The name on the wire.
    std::string_view wire;
    /// Path, query string or header.
    param_location location;
    /// Whether the spec requires it.
    bool required;
};

/// Satisfied by every generated operation descriptor.
template <class Op>
concept operation_descriptor = requires {
    { Op::operation_id } -> std::convertible_to<std::string_view>;
    { Op::method } -> std::convertible_to<std::string_view>;
    { Op::path_template } -> std::convertible_to<std::string_view>;
    { Op::success_status } -> std::convertible_to<unsigned>;
    { Op::idempotent } -> std::convertible_to<bool>;
    { Op::paginated } -> std::convertible_to<bool>;
    typename Op::params_type;
    typename Op::request_type;
    typename Op::response_type;
    Op::parameters;
};

/// The body argument of an operation's call: its request type, or std::monostate for an
/// operation without a request body.
template <operation_descriptor Op>
using request_body_t = std::conditional_t<std::is_void_v<typename Op::request_type>,
                                          std::monostate, typename Op::request_type>;

/// The item type of a paginated list operation (the element of its response's `data`).
template <operation_descriptor Op>
    requires(Op::paginated)
using page_item_t =
    typename decltype(std::declval<typename Op::response_type>().data)::value_type;

} // namespace amperity

#endif // AMPERITY_OPERATION_HPP
