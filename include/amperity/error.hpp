// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_ERROR_HPP
#define AMPERITY_ERROR_HPP

// Error codes and the two error types of the model layer: decode_error (a response that does
// not match the spec) and validation_error (a request that must not be sent). Both carry an
// amperity::errc plus a message a human can act on; neither ever contains a secret, because
// nothing secret reaches the codec or the validators.

#include <boost/assert/source_location.hpp>
#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

/// The Amperity API SDK: the client (client, sync_client), its options, the model generated
/// from the spec (types, enums, operation descriptors), the codec (decode, encode), the request
/// builders (run_request, config_id) and the errors (errc, condition, diagnostics).
namespace amperity {

/// Everything that can go wrong in this library, as one error_code enum (Boost.MySQL style).
/// Each code's meaning, condition and whether the client retries it: @ref errors.
enum class errc : int {
    ok = 0, ///< success
    // decoding a response
    invalid_json = 1,     ///< not JSON at all (syntax, bad UTF-8, trailing characters, too deep)
    unexpected_type,      ///< JSON of the wrong type (a string where an integer belongs, ...)
    missing_field,        ///< a required field is absent or null
    number_out_of_range,  ///< an integer that does not fit, or a non-integral number
    invalid_timestamp,    ///< a string that is not an ISO 8601 date-time
    invalid_enum_value,   ///< a closed enum (run_mode, view) with an unknown value (also when
                          ///< a request is built from a run-time string)
    duplicate_member,     ///< a member the spec defines appears twice in one object
    // validating a request before it is sent
    invalid_config_id = 100,   ///< wrong prefix, empty, too long or bad characters
    invalid_range,             ///< range_from/range_to not a date or date-time
    not_applicable_to_kind,    ///< e.g. run_mode on an orchestration group
    missing_dependency,        ///< e.g. range_to without range_from
    invalid_order,             ///< range_from not before range_to
    // configuring a client or a call
    invalid_url = 200,         ///< base_url / token_url is not an http(s) URL we can use
    insecure_url,              ///< plain http to a host that is not loopback
    invalid_header_value,      ///< CR, LF or another control character in a header value
    missing_credentials,       ///< no token and no client credentials
    invalid_parameter,         ///< e.g. an empty path parameter (workflow-id)
    invalid_header_name,       ///< an extra header (call_options::headers) whose name is empty,
                               ///< not an HTTP token, or one the client sets itself
    invalid_trace_context,     ///< a traceparent or tracestate that is not W3C Trace Context
    // talking to the server
    connection_failed = 300,   ///< resolve/connect/TLS failed before the request was written
    tls_verification_failed,   ///< the server's certificate is untrusted or names another host
    connection_lost,           ///< reset, closed or timed out after the request was written
    response_too_large,        ///< the response exceeds client_options::max_response_bytes
    invalid_response,          ///< not HTTP, truncated, or a 2xx body that does not decode
    outcome_unknown,           ///< a non-idempotent request (run-workflow) was sent but its
                               ///< fate is unknown: check list-workflows before starting again
    deadline_exceeded,         ///< the call's overall deadline passed (retries included)
    cancelled,                 ///< cancelled through the completion handler's slot
    token_request_failed,      ///< the OAuth token endpoint refused or failed
    limit_reached,             ///< a listing stopped at the caller's item or page cap with more
                               ///< left (async_collect with collect_limits)
    proxy_auth_required,       ///< the proxy answered CONNECT with 407 (or 401): proxy_options::url
                               ///< has no user:password, or the proxy refused them
    proxy_refused,             ///< the proxy answered CONNECT with another non-2xx status
                               ///< (403: not allowed to that host or port; 502: cannot reach it)
    // HTTP statuses documented by Amperity (responses page), plus the gateway ones we retry
    http_bad_request = 400,         ///< 400 Bad Request
    http_unauthorized = 401,        ///< 401: the token is missing, invalid or expired
    http_forbidden = 403,           ///< 403: the token may not do this
    http_not_found = 404,           ///< 404 Not Found
    http_method_not_allowed = 405,  ///< 405 Method Not Allowed
    http_conflict = 409,            ///< 409 Conflict
    http_too_many_requests = 429,   ///< 429: rate limited (retried, honouring Retry-After)
    http_server_error = 500,        ///< 500 Server Error
    http_bad_gateway = 502,         ///< 502 Bad Gateway
    http_service_unavailable = 503, ///< 503 Service Unavailable
    http_gateway_timeout = 504,     ///< 504 Gateway Timeout
    http_unexpected_status = 599,   ///< any other non-2xx status (see diagnostics::http_status)
};

namespace detail {

// Boost's error_category has a public non-virtual destructor by design (categories are
// never deleted through a base pointer); keep users' -Wnon-virtual-dtor quiet about it.
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
#endif
class error_category_impl final : public boost::system::error_category {
public:
    // A fixed, unique id so that two copies of the category (different DSOs) compare equal.
    constexpr error_category_impl() noexcept : error_category(0x616d706572697479ULL) {}

    char const* name() const noexcept override { return "amperity"; }

    std::string message(int ev) const override { return message(ev, nullptr, 0); }

    char const* message(int ev, char*, std::size_t) const noexcept override {
        switch (static_cast<errc>(ev)) {
        case errc::ok: return "success";
        case errc::invalid_json: return "invalid JSON";
        case errc::unexpected_type: return "unexpected JSON type";
        case errc::missing_field: return "missing required field";
        case errc::number_out_of_range: return "number out of range";
        case errc::duplicate_member: return "duplicate member";
        case errc::invalid_timestamp: return "invalid ISO 8601 timestamp";
        case errc::invalid_enum_value: return "invalid enum value";
        case errc::invalid_config_id: return "invalid config id";
        case errc::invalid_range: return "invalid range bound";
        case errc::not_applicable_to_kind: return "option not applicable to this kind of config";
        case errc::missing_dependency: return "option requires another option";
        case errc::invalid_order: return "range_from must precede range_to";
        case errc::invalid_url: return "invalid URL";
        case errc::insecure_url: return "plain http is only allowed to loopback hosts";
        case errc::invalid_header_value: return "header value contains a control character";
        case errc::missing_credentials: return "no credentials configured";
        case errc::invalid_parameter: return "invalid parameter";
        case errc::invalid_header_name: return "invalid or reserved header name";
        case errc::invalid_trace_context: return "invalid W3C trace context";
        case errc::connection_failed: return "connection failed before the request was sent";
        case errc::tls_verification_failed: return "TLS certificate verification failed";
        case errc::connection_lost: return "connection lost after the request was sent";
        case errc::response_too_large: return "response too large";
        case errc::invalid_response: return "invalid response";
        case errc::outcome_unknown:
            return "outcome unknown: the request was sent but its result is unknown";
        case errc::deadline_exceeded: return "deadline exceeded";
        case errc::cancelled: return "cancelled";
        case errc::token_request_failed: return "OAuth token request failed";
        case errc::limit_reached: return "stopped at the item or page limit; more remain";
        case errc::proxy_auth_required: return "the proxy requires (other) credentials (407)";
        case errc::proxy_refused: return "the proxy refused the tunnel to the server";
        case errc::http_bad_request: return "400 Bad Request";
        case errc::http_unauthorized: return "401 Authentication Required";
        case errc::http_forbidden: return "403 Not Authorized";
        case errc::http_not_found: return "404 Not Found";
        case errc::http_method_not_allowed: return "405 Method Not Allowed";
        case errc::http_conflict: return "409 Conflict";
        case errc::http_too_many_requests: return "429 Too Many Requests";
        case errc::http_server_error: return "500 Server Error";
        case errc::http_bad_gateway: return "502 Bad Gateway";
        case errc::http_service_unavailable: return "503 Service Unavailable";
        case errc::http_gateway_timeout: return "504 Gateway Timeout";
        case errc::http_unexpected_status: return "unexpected HTTP status";
        }
        return "unknown amperity error";
    }
};
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

} // namespace detail

/// The category of amperity::errc.
inline boost::system::error_category const& error_category() noexcept {
    static constexpr detail::error_category_impl instance;
    return instance;
}

/// The error_code of `e` (in error_category()); found by ADL, so `ec == errc::x` works.
inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// Streams the code's message ("missing required field"), e.g. for test output.
inline std::ostream& operator<<(std::ostream& os, errc e) {
    return os << make_error_code(e).message();
}

namespace detail {

/// The longest prefix of `s` of at most `max_bytes` that does not end inside a UTF-8 sequence.
constexpr std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) noexcept {
    if (s.size() <= max_bytes) return s;
    std::size_t n = max_bytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

/// A value quoted for an error message: at most 64 bytes, cut on a UTF-8 character boundary
/// (a message must stay valid UTF-8), with "..." when clipped. Messages never echo unbounded
/// input.
inline std::string quoted_excerpt(std::string_view s) {
    auto const head = utf8_prefix(s, 64);
    std::string r = "\"";
    // Control characters are shown escaped: a message must not carry a raw CR/LF into a log.
    static constexpr char hex[] = "0123456789abcdef";
    for (char ch : head) {
        auto const c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f) {
            r += "\\x";
            r += hex[c >> 4];
            r += hex[c & 0xF];
        } else {
            r += ch;
        }
    }
    if (head.size() < s.size()) r += "...";
    r += '"';
    return r;
}

} // namespace detail

/// A response body that does not decode into the requested type.
///
/// `message()` names the JSON path of the failing element and what was expected, e.g.
/// `$.task_instances[3].timeout_ms: expected an integer, got a string`.
class decode_error {
public:
    decode_error() = default;
    /// A failure `code` at JSONPath `path`, with `detail` saying what was expected.
    decode_error(errc code, std::string path, std::string detail)
        : code_(code), path_(std::move(path)), detail_(std::move(detail)) {}

    /// The code as an error_code.
    boost::system::error_code code() const noexcept { return make_error_code(code_); }
    /// The code.
    errc value() const noexcept { return code_; }
    /// JSONPath of the failing element, `$` for the document itself.
    std::string const& path() const noexcept { return path_; }
    /// What was expected and what was found, without the path.
    std::string const& detail() const noexcept { return detail_; }
    /// "path: detail".
    std::string message() const { return path_ + ": " + detail_; }

    friend bool operator==(decode_error const&, decode_error const&) = default;

private:
    errc code_ = errc::ok;
    std::string path_ = "$";
    std::string detail_;
};

/// A request that was refused before anything was sent.
///
/// `field()` is the wire name of the offending request field (`config_id`, `range_to`, ...).
class validation_error {
public:
    validation_error() = default;
    /// A failure `code` of request field `field`, with `detail` saying what is wrong.
    validation_error(errc code, std::string field, std::string detail)
        : code_(code), field_(std::move(field)), detail_(std::move(detail)) {}

    /// The code as an error_code.
    boost::system::error_code code() const noexcept { return make_error_code(code_); }
    /// The code.
    errc value() const noexcept { return code_; }
    /// The wire name of the offending field.
    std::string const& field() const noexcept { return field_; }
    /// What is wrong, without the field.
    std::string const& detail() const noexcept { return detail_; }
    /// "field: detail".
    std::string message() const { return field_ + ": " + detail_; }

    friend bool operator==(validation_error const&, validation_error const&) = default;

private:
    errc code_ = errc::ok;
    std::string field_;
    std::string detail_;
};

/// Thrown only by `result<T, E>::value()` on an error (the result API itself never throws).
class error_exception : public boost::system::system_error {
public:
    /// An exception carrying `ec` and the message `what`.
    error_exception(boost::system::error_code ec, std::string const& what)
        : system_error(ec, what) {}
};

/// The result of decode<T>: a T or a decode_error.
template <class T>
using decode_result = boost::system::result<T, decode_error>;

/// The result of validating or building a request.
template <class T>
using validation_result = boost::system::result<T, validation_error>;

// Found by ADL from boost::system::result<T, E>::value().
/// Throws error_exception for `e`.
[[noreturn]] inline void throw_exception_from_error(decode_error const& e,
                                                    boost::source_location const& loc) {
    boost::throw_exception(error_exception(e.code(), e.message()), loc);
}

/// Throws error_exception for `e`.
[[noreturn]] inline void throw_exception_from_error(validation_error const& e,
                                                    boost::source_location const& loc) {
    boost::throw_exception(error_exception(e.code(), e.message()), loc);
}

} // namespace amperity

/// \cond
template <>
struct boost::system::is_error_code_enum<amperity::errc> : std::true_type {};

/// \endcond
#endif // AMPERITY_ERROR_HPP
