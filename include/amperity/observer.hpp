// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_OBSERVER_HPP
#define AMPERITY_OBSERVER_HPP

// amperity::observer: hooks a client calls at each step of a call (attempt start, response,
// retry, final outcome), for logging, metrics and tracing. Set one with client_options::observer
// (null, the default, costs nothing: no event is built). Ready adapters are in
// amperity/observers.hpp: json_lines_observer (one JSON line per event), metrics_observer
// (counters and a latency histogram, Prometheus text) and observer_list (fan-out).
//
//     struct my_log : amperity::observer {
//         void on_outcome(amperity::outcome_event const& e) override {
//             std::clog << e.operation << ": " << e.error.message() << '\n';
//         }
//     };
//     opts.observer = std::make_shared<my_log>();
//
// Events never carry a secret: no token, no Authorization header, no request or response
// body. Their string_views are valid only during the hook; copy what you keep.

#include <amperity/condition.hpp>

#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace amperity {

/// What every event of one call shares.
struct call_event_base {
    /// The operationId of the spec: "run-workflow", "get-workflow", ...
    std::string_view operation;
    /// A process-wide id of the call (1, 2, ...), the same on each of its events: join attempts
    /// and retries to their call. Each page of async_collect and each poll of
    /// async_follow_workflow is a call of its own.
    std::uint64_t call_id = 0;
};

/// An attempt is about to be made (before the token is fetched and the request written).
struct attempt_event : call_event_base {
    std::string_view method;        ///< "GET", "POST"
    std::string_view path_template; ///< the spec's path, e.g. "/workflow/runs/{workflow-id}"
    /// The request target as sent (base path + path + query). Caller data, never a credential
    /// (those travel in headers).
    std::string_view target;
    unsigned attempt = 0;          ///< 1 for the first
    std::string_view traceparent;  ///< call_options::traceparent, empty when none
};

/// The connection an attempt's request went out on.
struct connection_info {
    /// A pooled keep-alive connection (false: one opened for this attempt).
    bool reused = false;
    /// A connection opened for this attempt whose TLS session was resumed (an abbreviated
    /// handshake with a session from an earlier connection to the same host).
    bool tls_resumed = false;
    /// Pooled connections the server turned out to have closed, replaced by a fresh connection
    /// within this attempt (0 or 1): the request was sent again at once, with no backoff and no
    /// attempt spent. Only for operations that may be repeated.
    unsigned replaced = 0;
};

/// An attempt ended: a response arrived (status != 0), or it failed without one.
struct response_event : call_event_base {
    unsigned attempt = 0; ///< 1 for the first attempt
    /// The HTTP status; 0 when no response arrived (connection failure, timeout, token
    /// endpoint unreachable).
    unsigned status = 0;
    /// What the attempt amounts to: empty for a readable 2xx, else the error it would end the
    /// call with (errc::http_service_unavailable, errc::connection_lost, ...).
    boost::system::error_code error;
    /// From the start of the attempt (an OAuth token fetch, when one is needed, included) to
    /// the end of the response or the failure.
    std::chrono::microseconds latency{0};
    /// Amperity's request_id / trace_id from an error body; request_id also from an
    /// x-request-id response header. Empty when absent; scrubbed of secrets.
    std::string_view request_id;
    std::string_view trace_id; ///< see request_id
    std::size_t bytes = 0; ///< response body bytes read
    /// How the request went out (default when no connection was made).
    connection_info connection;
};

/// The call will make another attempt after `delay`.
struct retry_event : call_event_base {
    unsigned attempt = 0;             ///< the attempt that failed (1 for the first)
    boost::system::error_code reason; ///< e.g. errc::http_service_unavailable
    condition kind = condition::none; ///< classify(reason, status)
    /// Our explanation (scrubbed), e.g. "the server answered 503" or a transport detail.
    std::string_view text;
    std::chrono::milliseconds delay{0}; ///< the backoff chosen (Retry-After included)
};

/// The call completed (once per call, also when it was refused before sending).
struct outcome_event : call_event_base {
    boost::system::error_code error;  ///< what the completion handler receives
    condition kind = condition::none; ///< classify(error, status): outcome_unknown, deadline...
    unsigned attempts = 0;            ///< 0 when refused before the first attempt
    unsigned status = 0;              ///< the last HTTP status, 0 when none
    std::chrono::microseconds latency{0}; ///< the whole call, waits included
};

/// Hooks of a client's calls. Every hook has an empty default: override what you need.
///
/// Called on the client's executor, synchronously, in the middle of the call: keep them short
/// (hand slow work to another thread or queue). An observer shared by several clients on
/// several threads must synchronise itself (the adapters in observers.hpp do).
///
/// Exceptions: a hook that throws does not break the call. The client catches and ignores
/// whatever a hook throws, because a logging or metrics failure must never change the result
/// of a call (an exception escaping mid-call could turn a started run-workflow into an
/// exception that hides it was started). Report your own errors inside the hook.
class observer {
public:
    virtual ~observer() = default;
    /// An attempt is about to be sent (after the rate limit's wait and the token).
    virtual void on_attempt(attempt_event const&) {}
    /// An attempt ended, with a response or without one.
    virtual void on_response(response_event const&) {}
    /// The call will retry after `delay`, for `reason`.
    virtual void on_retry(retry_event const&) {}
    /// The call completed: once per call, success or not, outcome_unknown included.
    virtual void on_outcome(outcome_event const&) {}

protected:
    /// An interface: made and copied only as part of a derived observer.
    observer() = default;
    /// @copydoc observer()
    observer(observer const&) = default;
    /// @copydoc observer()
    observer& operator=(observer const&) = default;
};

} // namespace amperity

#endif // AMPERITY_OBSERVER_HPP
