// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DIAGNOSTICS_HPP
#define AMPERITY_DIAGNOSTICS_HPP

// What a failed (or successful) call can tell beyond its error_code, in the manner of
// Boost.MySQL's diagnostics: pass one to any async_ call and read it in the completion.
// It never holds a secret: request bodies and token responses are never copied into it.

#include <amperity/condition.hpp>

#include <string>

namespace amperity {

/// What a call can tell beyond its error_code: pass one to the overload of any call that takes
/// it; it is filled in before the completion. Never holds a secret.
struct diagnostics {
    /// What kind of failure the call ended in (condition::none on success): the same as
    /// classify(ec, http_status), so callers can branch on it without reading any text.
    condition outcome = condition::none;
    /// The HTTP status of the last response (0 when none arrived).
    unsigned http_status = 0;
    /// The message of Amperity's error body in the last non-2xx response.
    std::string message;
    /// Amperity's id of the request (quote it to Amperity support).
    std::string request_id;
    /// Amperity's tracing id of the request.
    std::string trace_id;
    /// Attempts made (1 when there was no retry).
    unsigned attempts = 0;
    /// Whether the request of the last attempt was written to the connection, at least in part.
    bool request_written = false;
    /// The first 512 bytes of the last non-2xx or undecodable body (cut on a UTF-8 boundary).
    std::string body_excerpt;
    /// Our explanation of a transport or decoding failure, e.g.
    /// "connecting to 127.0.0.1:1: Connection refused" or "$.id: missing required field".
    std::string detail;
    /// The Deprecation header of the last response that had one.
    std::string deprecation;
    /// The Sunset header of the last response that had one.
    std::string sunset;

    /// Resets every member, for reusing one object across calls.
    void clear() { *this = diagnostics{}; }
};

} // namespace amperity

#endif // AMPERITY_DIAGNOSTICS_HPP
