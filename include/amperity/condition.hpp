// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_CONDITION_HPP
#define AMPERITY_CONDITION_HPP

// What kind of failure an error is, for code that acts on the kind rather than the exact code
// (a CLI's exit status, a metrics label, a retry decision of the caller's own):
//
//     if (ec == amperity::condition::api_client_error) ...   // any 4xx, token refused
//     switch (diag.outcome) { case amperity::condition::transport: ... }
//
// `ec == condition` works for every amperity::errc but errc::http_unexpected_status, whose kind
// depends on the status: diagnostics::outcome (set by every call) knows it, and
// classify(ec, http_status) computes it.

#include <amperity/error.hpp>

#include <boost/system/error_category.hpp>
#include <boost/system/error_condition.hpp>

#include <ostream>
#include <string>
#include <type_traits>

namespace amperity {

/// The kind of an error: compare an error_code with one (`ec == condition::transport`).
/// The table of which errc has which condition is @ref errors.
enum class condition : int {
    none = 0,         ///< success
    configuration,    ///< the client's options are unusable (URL, credentials, CA file)
    validation,       ///< refused before sending (config id, range, parameter, header value)
    transport,        ///< no usable answer: connection, TLS, framing, size, not HTTP
    decode,           ///< a document that does not match the spec (decode<T>)
    api_client_error, ///< the API refused the request (4xx), or the token endpoint refused
    api_server_error, ///< the API failed (5xx)
    outcome_unknown,  ///< a non-idempotent request was sent and its fate is unknown
    cancelled,        ///< cancelled through the completion handler's slot
    deadline,         ///< the call's deadline passed
    limit_reached,    ///< a listing stopped at the caller's cap with more left
    other,            ///< not an amperity::errc
};

/// The kind of `ec`; `http_status` (diagnostics::http_status) decides
/// errc::http_unexpected_status. Never returns `other` for an amperity::errc.
inline condition classify(boost::system::error_code ec, unsigned http_status = 0) noexcept {
    if (!ec) return condition::none;
    if (ec.category() != error_category()) return condition::other;
    auto const v = ec.value();
    switch (static_cast<errc>(v)) {
    case errc::ok: return condition::none;
    case errc::invalid_json:
    case errc::unexpected_type:
    case errc::missing_field:
    case errc::number_out_of_range:
    case errc::invalid_timestamp:
    case errc::invalid_enum_value:
    case errc::duplicate_member: return condition::decode;
    case errc::invalid_config_id:
    case errc::invalid_range:
    case errc::not_applicable_to_kind:
    case errc::missing_dependency:
    case errc::invalid_order:
    case errc::invalid_header_value:
    case errc::invalid_parameter:
    case errc::invalid_header_name:
    case errc::invalid_trace_context: return condition::validation;
    case errc::invalid_url:
    case errc::insecure_url:
    case errc::missing_credentials:
    case errc::proxy_auth_required: return condition::configuration;
    case errc::connection_failed:
    case errc::tls_verification_failed:
    case errc::connection_lost:
    case errc::response_too_large:
    case errc::invalid_response:
    case errc::proxy_refused: return condition::transport;
    case errc::outcome_unknown: return condition::outcome_unknown;
    case errc::deadline_exceeded: return condition::deadline;
    case errc::cancelled: return condition::cancelled;
    case errc::token_request_failed: return condition::api_client_error;
    case errc::limit_reached: return condition::limit_reached;
    case errc::http_unexpected_status:
        if (http_status >= 400 && http_status < 500) return condition::api_client_error;
        if (http_status >= 500 && http_status < 600) return condition::api_server_error;
        return condition::transport; // a 1xx, 3xx or nonsense status: no usable answer
    default: break;
    }
    return v >= 400 && v < 500 ? condition::api_client_error : condition::api_server_error;
}

namespace detail {

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor" // see error_category_impl
#endif
class condition_category_impl final : public boost::system::error_category {
public:
    constexpr condition_category_impl() noexcept : error_category(0x616d70636f6e6474ULL) {}

    char const* name() const noexcept override { return "amperity.condition"; }

    std::string message(int ev) const override { return message(ev, nullptr, 0); }

    char const* message(int ev, char*, std::size_t) const noexcept override {
        switch (static_cast<condition>(ev)) {
        case condition::none: return "success";
        case condition::configuration: return "the client's options are unusable";
        case condition::validation: return "the request was refused before sending";
        case condition::transport: return "no usable answer from the server";
        case condition::decode: return "the document does not match the spec";
        case condition::api_client_error: return "the API refused the request";
        case condition::api_server_error: return "the API failed";
        case condition::outcome_unknown: return "the request was sent but its outcome is unknown";
        case condition::cancelled: return "cancelled";
        case condition::deadline: return "deadline exceeded";
        case condition::limit_reached: return "stopped at the caller's limit";
        case condition::other: return "another library's error";
        }
        return "unknown amperity condition";
    }

    bool equivalent(boost::system::error_code const& code, int cond) const noexcept override {
        if (code.category() != ::amperity::error_category()) return false;
        // http_unexpected_status belongs to no condition here: its kind needs the status.
        if (code.value() == static_cast<int>(errc::http_unexpected_status)) return false;
        return static_cast<int>(classify(code)) == cond;
    }
};
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

} // namespace detail

/// The category of amperity::condition.
inline boost::system::error_category const& condition_category() noexcept {
    static constexpr detail::condition_category_impl instance;
    return instance;
}

/// The error_condition of `c`; found by ADL, so `ec == condition::x` works.
inline boost::system::error_condition make_error_condition(condition c) noexcept {
    return {static_cast<int>(c), condition_category()};
}

/// Streams the condition's message ("deadline exceeded"), e.g. for test output.
inline std::ostream& operator<<(std::ostream& os, condition c) {
    return os << make_error_condition(c).message();
}

} // namespace amperity

/// \cond
template <>
struct boost::system::is_error_condition_enum<amperity::condition> : std::true_type {};

/// \endcond
#endif // AMPERITY_CONDITION_HPP
