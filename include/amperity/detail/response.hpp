// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_RESPONSE_HPP
#define AMPERITY_DETAIL_RESPONSE_HPP

// What a call makes of one exchange's result: the error code for a failure or a status, and
// what diagnostics keep of the response (Amperity's error body, Deprecation and Sunset headers),
// always scrubbed of secrets.

#include <amperity/client_options.hpp>
#include <amperity/codec.hpp>
#include <amperity/detail/http_exchange.hpp>
#include <amperity/detail/redact.hpp>
#include <amperity/diagnostics.hpp>
#include <amperity/error.hpp>
#include <amperity/generated/types.hpp>
#include <amperity/generated/schemas.hpp>
#include <amperity/retry.hpp>

#include <string>
#include <string_view>

namespace amperity::detail {

inline errc status_errc(unsigned status) noexcept {
    switch (status) {
    case 400: return errc::http_bad_request;
    case 401: return errc::http_unauthorized;
    case 403: return errc::http_forbidden;
    case 404: return errc::http_not_found;
    case 405: return errc::http_method_not_allowed;
    case 409: return errc::http_conflict;
    case 429: return errc::http_too_many_requests;
    case 500: return errc::http_server_error;
    case 502: return errc::http_bad_gateway;
    case 503: return errc::http_service_unavailable;
    case 504: return errc::http_gateway_timeout;
    default: return errc::http_unexpected_status;
    }
}

inline errc failure_errc(attempt_failure f, unsigned status) noexcept {
    switch (f) {
    case attempt_failure::not_sent: return errc::connection_failed;
    case attempt_failure::tls_rejected: return errc::tls_verification_failed;
    case attempt_failure::lost_after_write: return errc::connection_lost;
    case attempt_failure::unreadable_body: return errc::invalid_response;
    case attempt_failure::too_large: return errc::response_too_large;
    case attempt_failure::insecure: return errc::insecure_url;
    case attempt_failure::proxy_auth_required: return errc::proxy_auth_required;
    case attempt_failure::proxy_refused: return errc::proxy_refused;
    case attempt_failure::none: break;
    }
    return status_errc(status);
}

/// Everything a server sent that diagnostics keep, scrubbed of secrets before it is cut.
inline void scrub(diagnostics& diag, redactor const& secrets) {
    for (auto* field : {&diag.message, &diag.request_id, &diag.trace_id, &diag.body_excerpt,
                        &diag.detail, &diag.deprecation, &diag.sunset})
        secrets.scrub_in_place(*field);
}

/// A non-2xx body: an excerpt, and Amperity's error fields when it is an ErrorResponse.
inline void record_error_body(diagnostics& diag, std::string const& body,
                              redactor const& secrets) {
    diag.body_excerpt = secrets.scrub_prefix(body, 512);
    if (auto e = decode<error_response>(body)) {
        diag.message = e->message;
        diag.request_id = e->request_id.value_or("");
        diag.trace_id = e->trace_id.value_or("");
    }
}

/// The response's Deprecation and Sunset headers, into diagnostics and the options' hook.
inline void record_deprecation(diagnostics& diag, response_fields const& fields,
                               redactor const& secrets, deprecation_hook const& hook) {
    for (std::string_view name : {"Deprecation", "Sunset"}) {
        auto const& field = name == "Deprecation" ? fields.deprecation : fields.sunset;
        if (!field) continue;
        std::string value = secrets.scrub_prefix(*field, 256);
        (name == "Deprecation" ? diag.deprecation : diag.sunset) = value;
        if (hook) hook(name, value);
    }
}

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_RESPONSE_HPP
