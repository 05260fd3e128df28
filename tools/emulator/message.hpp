// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_MESSAGE_HPP
#define AMPERITY_EMULATOR_MESSAGE_HPP

// Requests and responses as the emulator's logic sees them (no Beast types), and the error
// bodies every part of it answers with. Internal to the amperity_emulator library.

#include <amperity/emulator/options.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amperity::emulator::detail {

/// A request as the logic sees it. Header names are lower case.
struct request {
    std::string method;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    /// The first header of that (lower-case) name, or nullopt.
    std::optional<std::string_view> header(std::string_view lower_name) const;
};

struct response {
    unsigned status = 200;
    /// Extra headers; Content-Type (application/json) and x-request-id are added by the server.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

/// What the server learns about a request from its head, before reading the body.
struct plan {
    /// operationId, "oauth-token", "control" (/_emulator/...) or "unknown".
    std::string operation;
    std::string request_id;
    std::string trace_id;
    /// The fault this request consumed, if any.
    std::optional<fault> injected;
};

/// An error_response body carrying the request's ids, as Amperity sends them.
std::string error_body(unsigned status, std::string_view message, plan const& p);
/// An answer with an error_response body.
response error(unsigned status, std::string_view message, plan const& p);
/// The answer of a kind::status fault (with its Retry-After, if any).
response fault_status(fault const& f, plan const& p);

} // namespace amperity::emulator::detail

#endif // AMPERITY_EMULATOR_MESSAGE_HPP
