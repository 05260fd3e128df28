// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_CLIENT_OPTIONS_HPP
#define AMPERITY_CLIENT_OPTIONS_HPP

// Everything a client is configured with. Defaults follow Amperity's documentation: the spec's
// first server (the AWS base URL) and API version, 10 requests per second, and the limits in
// defaults.hpp.
//
//     amperity::client_options opts;
//     opts.tenant = "acme";
//     opts.auth = amperity::bearer_token{amperity::secret(std::getenv("AMPERITY_ACCESS_TOKEN"))};

#include <amperity/auth.hpp>
#include <amperity/defaults.hpp>
#include <amperity/generated/operations.hpp>
#include <amperity/observer.hpp>
#include <amperity/rate_limit.hpp>
#include <amperity/retry.hpp>
#include <amperity/version.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace amperity {

/// Called once per response that carries a Deprecation or Sunset header (name, value).
using deprecation_hook = std::function<void(std::string_view header, std::string_view value)>;

struct client_options {
    /// https://app.amperity.com/api (AWS), https://{tenant}.amperity.com/api (Azure),
    /// https://app-aws-apse2.amperity.com/api (Australia). Plain http only to loopback.
    std::string base_url{servers[0]};
    /// Sent as the amperity-tenant header (a sandbox uses its own tenant id).
    std::string tenant;
    credentials auth;
    std::string api_version{amperity::api_version};
    std::string user_agent = "amperity-cpp/" AMPERITY_VERSION_STRING;

    /// Resolve + connect + TLS handshake of one connection.
    std::chrono::milliseconds connect_timeout = defaults::connect_timeout;
    /// One attempt: from writing the request to the last byte of the response.
    std::chrono::milliseconds response_timeout = defaults::response_timeout;
    /// The whole call, retries and the waits between them included.
    std::chrono::milliseconds call_timeout = defaults::call_timeout;

    retry_policy retry;
    amperity::rate_limit rate_limit;

    /// TLS trust: the system store unless a CA file or directory is given.
    std::string ca_file;
    std::string ca_dir;

    std::size_t max_response_bytes = defaults::max_response_bytes;
    std::size_t max_connections = defaults::max_connections;

    deprecation_hook on_deprecation;

    /// Sees every call's attempts, retries, responses and outcome (observer.hpp), on the
    /// client's executor; null (the default) costs nothing. Several at once: observer_list
    /// (observers.hpp).
    std::shared_ptr<amperity::observer> observer;
};

} // namespace amperity

#endif // AMPERITY_CLIENT_OPTIONS_HPP
