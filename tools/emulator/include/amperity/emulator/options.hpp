// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_OPTIONS_HPP
#define AMPERITY_EMULATOR_OPTIONS_HPP

// The emulator's vocabulary without Asio: its options, the faults a test injects and the stats
// it keeps. <amperity/emulator/emulator.hpp> adds the server; code that only describes
// faults or reads stats can include this header alone.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amperity::emulator {

/// One injected failure, consumed by the next request whose operation matches.
///
/// `process` says whether the request is handled (its effects happen: a run starts) before the
/// failure. Defaults per kind: reset_before_read false (the body is not even read),
/// reset_after_read true, status true for 5xx and false for 429 and other 4xx, every other
/// kind true. A fault that still sends a response (delay, truncated_body, slow_drip) with
/// process = false sends a 503 error body in place of the handler's answer.
///
/// Faults are consumed oldest first, one count per matching request, whatever the outcome of
/// the request (even a 401). Requests to /_emulator/... never consume faults.
struct fault {
    /// What the fault does.
    enum class kind {
        delay,             ///< wait `delay`, then answer normally
        reset_before_read, ///< read the request head, then reset the TCP connection (RST);
                           ///< with process = true it behaves like reset_after_read
        reset_after_read,  ///< read the whole request, then reset the connection, no answer
        status,            ///< answer `status` with an error body (and Retry-After if set)
        truncated_body,    ///< Content-Length N, then close after N/2 body bytes
        malformed_body,    ///< a 2xx whose body is not JSON
        oversized_body,    ///< a 2xx with a valid-looking JSON body of 64 MiB, streamed
        slow_drip,         ///< the body a few bytes at a time, spread over `delay`
    };
    /// What the fault does.
    kind what;
    /// operationId ("run-workflow", "get-workflow", ..., "oauth-token") or "*" for any API
    /// operation. "*" never matches the token endpoint or the /_emulator control endpoints.
    std::string operation = "*";
    /// kind::status: the status to answer (429, 500, 502, 503, 504, ...).
    unsigned status = 503;
    /// Retry-After value to send with the faulty answer (seconds or an HTTP-date).
    std::optional<std::string> retry_after{};
    /// kind::delay: the wait before answering; kind::slow_drip: the time over which the body
    /// is sent (1 s when zero).
    std::chrono::milliseconds delay{0};
    /// Handle the request before failing? Empty: the default of the kind (see above).
    std::optional<bool> process{};
    /// How many matching requests it applies to.
    unsigned count = 1;
};

/// "delay", "reset_before_read", ...: the snake_case name used by the control endpoint.
std::string_view to_string(fault::kind k) noexcept;
/// The inverse of to_string; nullopt for an unknown name.
std::optional<fault::kind> parse_fault_kind(std::string_view name) noexcept;
/// The effective `process` of a fault: its own value or the default of its kind.
bool processes(fault const& f) noexcept;

/// The api-version values an emulator accepts unless told otherwise: the one the SDK was
/// generated for (amperity::api_version, from the spec). Defined in the emulator library, so
/// that this header stays free of the model.
std::vector<std::string> default_api_versions();

/// How an emulator server is set up: address, TLS, accepted credentials, run timing.
struct options {
    /// Listen address; loopback only ("127.0.0.1", "::1", "localhost" or another 127.x).
    std::string host = "127.0.0.1";
    /// 0: an ephemeral port (read it back with server::port()).
    unsigned short port = 0;
    /// TLS with a CA and leaf certificate generated at start (trust it via ca_pem()).
    bool tls = true;
    /// subjectAltNames of the leaf certificate: IP entries for addresses, DNS otherwise.
    std::vector<std::string> cert_names = {"localhost", "127.0.0.1", "::1"};
    /// The amperity-tenant header value every API request must carry.
    std::string tenant = "acme";
    /// Static bearer tokens that are accepted.
    std::vector<std::string> tokens = {"emulator-token"};
    /// OAuth2 client credentials accepted by base_path + "/v0/oauth2/token".
    std::string client_id = "emulator-client";
    /// The secret that goes with client_id.
    std::string client_secret = "emulator-secret";
    /// expires_in of issued OAuth tokens; they are refused after it.
    std::chrono::seconds token_lifetime{3600};
    /// Accepted api-version values; by default the spec's (amperity::api_version).
    std::vector<std::string> api_versions = default_api_versions();
    /// Requests per second per tenant (token bucket, burst = max(1, rate)); 0 = unlimited.
    /// Excess requests get 429 with Retry-After: 1.
    double rate_limit = 0;
    /// A run is `scheduled` for this long, then `running`.
    std::chrono::milliseconds schedule_delay{200};
    /// A run is `running` for this long (its tasks run one after another), then it ends.
    std::chrono::milliseconds run_duration{1500};
    /// Task instances each run has.
    unsigned tasks_per_run = 3;
    /// API routes are base_path + the spec's path ("/api/workflow/runs").
    std::string base_path = "/api";
    /// Headers added to every API response, e.g. {"Deprecation", "Tue, 1 Sep 2024 23:59:59 GMT"}
    /// and {"Sunset", ...} to rehearse a version's deprecation.
    std::vector<std::pair<std::string, std::string>> response_headers{};
    /// When set, the TLS material lives in this directory: ca.pem, cert.pem and key.pem are
    /// loaded from it when present, else generated and written there. A restarted emulator
    /// then keeps its CA, and clients that trust it keep working (scripts/soak kills and
    /// restarts one mid-run).
    std::string tls_dir{};
    /// Receives one line per request (method, target, operation, status, fault) when set.
    /// Lines never contain secrets: no bodies, and Authorization is shown as "<redacted>".
    std::function<void(std::string_view)> log;
    /// Request headers (lower-case names) whose values each log line ends with, as
    /// ` name=value` (absent: `name=-`): lets tests see what a client sent, e.g. {"traceparent"}.
    /// authorization and proxy-authorization are never shown.
    std::vector<std::string> log_headers{};
};

/// What an emulator has seen since it started or was reset.
struct stats {
    /// Runs started (run-workflow requests processed).
    std::uint64_t runs_started = 0;
    std::uint64_t requests = 0; ///< API and token requests (not /_emulator/...)
    /// OAuth tokens issued.
    std::uint64_t tokens_issued = 0;
    std::uint64_t rejected_auth = 0; ///< 401s: bad token, wrong tenant, bad client credentials
    /// Requests answered 429 by the rate limit.
    std::uint64_t rate_limited = 0;
    std::uint64_t connections = 0; ///< TCP connections accepted
    /// Per operationId ("run-workflow", "oauth-token", ...); unknown routes count as "unknown".
    std::map<std::string, std::uint64_t> requests_by_operation;
};

/// The stats as the JSON object GET /_emulator/stats answers.
std::string to_json(stats const& s);

} // namespace amperity::emulator

#endif // AMPERITY_EMULATOR_OPTIONS_HPP
