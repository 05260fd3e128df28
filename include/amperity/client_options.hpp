// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_CLIENT_OPTIONS_HPP
#define AMPERITY_CLIENT_OPTIONS_HPP

// Everything a client is configured with. Defaults follow Amperity's documentation: the AWS base
// URL, API version 2024-04-01, 10 requests per second.
//
//     amperity::client_options opts;
//     opts.tenant = "acme";
//     opts.auth = amperity::bearer_token{amperity::secret(std::getenv("AMPERITY_ACCESS_TOKEN"))};

#include <amperity/rate_limit.hpp>
#include <amperity/retry.hpp>
#include <amperity/secret.hpp>
#include <amperity/version.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <variant>

namespace amperity {

/// A static access token (JWT) generated from an API key in the Amperity UI.
struct bearer_token {
    secret token;
};

/// OAuth2 client credentials: the client exchanges them for access tokens at `token_url`
/// (POST, form-encoded grant_type=client_credentials), caches the token and refreshes it
/// before it expires. An empty token_url means base_url + "/v0/oauth2/token", the path the
/// Amperity documentation shows; take the real one from the UI's "Get OAuth credentials".
struct client_credentials {
    std::string client_id;
    secret client_secret;
    std::string token_url;
};

using credentials = std::variant<std::monostate, bearer_token, client_credentials>;

/// Called once per response that carries a Deprecation or Sunset header (name, value).
using deprecation_hook = std::function<void(std::string_view header, std::string_view value)>;

struct client_options {
    /// https://app.amperity.com/api (AWS), https://{tenant}.amperity.com/api (Azure),
    /// https://app-aws-apse2.amperity.com/api (Australia). Plain http only to loopback.
    std::string base_url = "https://app.amperity.com/api";
    /// Sent as the amperity-tenant header (a sandbox uses its own tenant id).
    std::string tenant;
    credentials auth;
    std::string api_version = "2024-04-01";
    std::string user_agent = "amperity-cpp/" AMPERITY_VERSION_STRING;

    /// Resolve + connect + TLS handshake of one connection.
    std::chrono::milliseconds connect_timeout{10000};
    /// One attempt: from writing the request to the last byte of the response.
    std::chrono::milliseconds response_timeout{60000};
    /// The whole call, retries and the waits between them included.
    std::chrono::milliseconds call_timeout{120000};

    retry_policy retry;
    amperity::rate_limit rate_limit;

    /// TLS trust: the system store unless a CA file or directory is given.
    std::string ca_file;
    std::string ca_dir;

    std::size_t max_response_bytes = 16u << 20;
    std::size_t max_connections = 8;

    deprecation_hook on_deprecation;
};

} // namespace amperity

#endif // AMPERITY_CLIENT_OPTIONS_HPP
