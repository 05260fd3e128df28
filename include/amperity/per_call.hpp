// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_PER_CALL_HPP
#define AMPERITY_PER_CALL_HPP

// amperity::call_options, the options of one call, and their validation. Its own header, free
// of the generated model, because the generated call members (generated/client_ops.hpp) take
// it; users include it through call_options.hpp or amperity.hpp.

#include <amperity/diagnostics.hpp>
#include <amperity/error.hpp>
#include <amperity/retry.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amperity {

/// Options of one call, taken by every async_ call just before the completion token (beside
/// the overload taking a diagnostics&). An aggregate: name only what differs from the client.
///
///     amperity::diagnostics diag;
///     amperity::call_options o{.timeout = 5s, .traceparent = span_traceparent, .diag = &diag};
///     auto wf = co_await c.async_get_workflow({.workflow_id = id}, o, asio::use_awaitable);
///
/// Everything is checked before anything is sent (validate_call_options() below): a bad header
/// or trace context completes the call with errc::invalid_header_name,
/// errc::invalid_header_value or errc::invalid_trace_context (condition::validation), naming
/// the header. The options are
/// copied when the call starts; only `diag` must outlive the call.
struct call_options {
    /// The whole call, retries and the waits between them included; overrides
    /// client_options::call_timeout.
    std::optional<std::chrono::milliseconds> timeout{};
    /// Overrides client_options::retry for this call: the attempts and the backoff. It never
    /// changes *what* may be retried: a non-idempotent operation (run-workflow) is still never
    /// resent once written, whatever max_attempts says (retry.hpp, decide()).
    std::optional<retry_policy> retry{};
    /// Extra request headers (name, value), sent on every attempt after the client's own. A
    /// name must be an HTTP token and must not be one the client sets (Authorization,
    /// Proxy-Authorization, amperity-tenant, api-version, Host, Content-Type, Content-Length,
    /// Transfer-Encoding, Connection, TE, User-Agent, Accept, Accept-Encoding, traceparent,
    /// tracestate; compared case-insensitively); a value must not hold a control character
    /// (CR, LF, ...).
    std::vector<std::pair<std::string, std::string>> headers{};
    /// W3C Trace Context, sent as the traceparent / tracestate headers when not empty:
    /// "00-<32 lowercase hex trace id>-<16 lowercase hex parent id>-<2 hex flags>" (neither id
    /// all zeros); tracestate at most 32 list members and 512 characters, printable ASCII.
    /// tracestate without traceparent is refused (W3C: it is meaningless alone).
    std::string traceparent{};
    std::string tracestate{}; ///< see traceparent
    /// Filled in before the completion, like the diagnostics& overloads; must outlive the call.
    diagnostics* diag = nullptr;
};

namespace detail {

inline bool is_lower_hex(std::string_view s) noexcept {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

inline bool all_zeros(std::string_view s) noexcept {
    return s.find_first_not_of('0') == std::string_view::npos;
}

inline bool is_http_token(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char ch : s) {
        auto const c = static_cast<unsigned char>(ch);
        bool const ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                        (c >= 'A' && c <= 'Z') ||
                        std::string_view("!#$%&'*+-.^_`|~").find(ch) != std::string_view::npos;
        if (!ok) return false;
    }
    return true;
}

inline bool iequals_ascii(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    auto lower = [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    };
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

/// Headers the client writes itself: an extra header may not replace or duplicate them.
/// (Accept-Encoding too: a compressed answer would not decode.)
inline constexpr std::array<std::string_view, 15> reserved_headers{
    "authorization", "proxy-authorization", "amperity-tenant", "api-version",
    "host",          "content-type",        "content-length",  "transfer-encoding",
    "connection",    "user-agent",          "accept",          "accept-encoding",
    "traceparent",   "tracestate",          "te"};

} // namespace detail

/// Checks a traceparent value (W3C Trace Context, version 00).
inline validation_result<void> validate_traceparent(std::string_view tp) {
    auto bad = [](std::string why) {
        return validation_error(errc::invalid_trace_context, "traceparent", std::move(why));
    };
    if (tp.size() != 55 || tp[2] != '-' || tp[35] != '-' || tp[52] != '-')
        return bad("must be \"00-<32 hex>-<16 hex>-<2 hex>\" (55 characters), got " +
                   detail::quoted_excerpt(tp));
    auto const version = tp.substr(0, 2);
    auto const trace_id = tp.substr(3, 32);
    auto const parent_id = tp.substr(36, 16);
    auto const flags = tp.substr(53, 2);
    if (version != "00") return bad("version must be 00, got " + detail::quoted_excerpt(version));
    if (!detail::is_lower_hex(trace_id) || !detail::is_lower_hex(parent_id) ||
        !detail::is_lower_hex(flags))
        return bad("trace id, parent id and flags must be lowercase hex digits");
    if (detail::all_zeros(trace_id)) return bad("the trace id must not be all zeros");
    if (detail::all_zeros(parent_id)) return bad("the parent id must not be all zeros");
    return {};
}

/// Checks a tracestate value: at most 32 list members, 512 characters, printable ASCII.
inline validation_result<void> validate_tracestate(std::string_view ts) {
    auto bad = [](std::string why) {
        return validation_error(errc::invalid_trace_context, "tracestate", std::move(why));
    };
    if (ts.size() > 512)
        return bad("is " + std::to_string(ts.size()) + " characters long; at most 512 are allowed");
    std::size_t members = 0;
    bool in_member = false;
    for (char ch : ts) {
        auto const c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c > 0x7e)
            return bad("contains a control or non-ASCII character: " + detail::quoted_excerpt(ts));
        if (ch == ',') {
            in_member = false;
        } else if (ch != ' ' && ch != '\t' && !in_member) {
            in_member = true;
            ++members;
        }
    }
    if (members > 32)
        return bad("has " + std::to_string(members) + " list members; at most 32 are allowed");
    return {};
}

/// Checks what call_options adds to a request; the call runs this before anything is sent.
inline validation_result<void> validate_call_options(call_options const& o) {
    for (auto const& [name, value] : o.headers) {
        if (!detail::is_http_token(name))
            return validation_error(errc::invalid_header_name, "headers",
                                    name.empty() ? std::string("a header name is empty")
                                                 : detail::quoted_excerpt(name) +
                                                       " is not a valid header name");
        for (auto reserved : detail::reserved_headers)
            if (detail::iequals_ascii(name, reserved))
                return validation_error(errc::invalid_header_name, name,
                                        "is set by the client and cannot be given per call" +
                                            std::string(reserved == "traceparent" ||
                                                                reserved == "tracestate"
                                                            ? " (use call_options::" +
                                                                  std::string(reserved) + ")"
                                                            : ""));
        for (char ch : value) {
            auto const c = static_cast<unsigned char>(ch);
            if (c < 0x20 || c == 0x7f)
                return validation_error(errc::invalid_header_value, name,
                                        "contains a control character (CR, LF, ...)");
        }
    }
    if (!o.traceparent.empty())
        if (auto v = validate_traceparent(o.traceparent); !v) return v.error();
    if (!o.tracestate.empty()) {
        if (o.traceparent.empty())
            return validation_error(errc::invalid_trace_context, "tracestate",
                                    "is set without a traceparent");
        if (auto v = validate_tracestate(o.tracestate); !v) return v.error();
    }
    return {};
}

} // namespace amperity

#endif // AMPERITY_PER_CALL_HPP
