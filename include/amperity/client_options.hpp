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
//
// or, from the same AMPERITY_* variables the CLI reads (see from_env below):
//
//     auto opts = amperity::client_options::from_env().value();

#include <amperity/auth.hpp>
#include <amperity/defaults.hpp>
#include <amperity/generated/operations.hpp>
#include <amperity/observer.hpp>
#include <amperity/proxy.hpp>
#include <amperity/rate_limit.hpp>
#include <amperity/retry.hpp>
#include <amperity/version.hpp>

#include <amperity/error.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace amperity {

/// Called once per response that carries a Deprecation or Sunset header (name, value).
using deprecation_hook = std::function<void(std::string_view header, std::string_view value)>;

/// Where client_options::from_env reads a variable: its value, or nullopt when it is unset.
using env_lookup = std::function<std::optional<std::string>(std::string_view name)>;

/// Everything a client is configured with; the defaults follow Amperity's documentation.
struct client_options {
    /// https://app.amperity.com/api (AWS), https://{tenant}.amperity.com/api (Azure),
    /// https://app-aws-apse2.amperity.com/api (Australia). Plain http only to loopback.
    std::string base_url{servers[0]};
    /// Sent as the amperity-tenant header (a sandbox uses its own tenant id).
    std::string tenant;
    /// How the client authenticates (required: a client without credentials is refused).
    credentials auth;
    /// Sent as the api-version header: the version the model was generated for.
    std::string api_version{amperity::api_version};
    /// Sent as the User-Agent header.
    std::string user_agent = "amperity-cpp/" AMPERITY_VERSION_STRING;

    /// Resolve + connect + TLS handshake of one connection (through a proxy: resolving and
    /// connecting to the proxy, the CONNECT exchange and the TLS handshake through the tunnel).
    std::chrono::milliseconds connect_timeout = defaults::connect_timeout;
    /// One attempt: from writing the request to the last byte of the response.
    std::chrono::milliseconds response_timeout = defaults::response_timeout;
    /// The whole call, retries and the waits between them included.
    std::chrono::milliseconds call_timeout = defaults::call_timeout;

    /// When and how often a failed attempt is retried (retry.hpp).
    retry_policy retry;
    /// The client-side rate limit (rate_limit.hpp).
    amperity::rate_limit rate_limit;

    /// TLS trust: the system store unless a CA file or directory is given.
    std::string ca_file;
    /// A directory of hashed CA certificates (OpenSSL c_rehash layout).
    std::string ca_dir;

    /// An HTTP proxy for the HTTPS connections (CONNECT tunnels), and the hosts that bypass
    /// it; empty: direct connections. See proxy.hpp (and proxy_from_env() for curl's
    /// HTTPS_PROXY / NO_PROXY variables).
    proxy_options proxy;

    /// Larger responses fail with errc::response_too_large.
    std::size_t max_response_bytes = defaults::max_response_bytes;
    /// Connections kept open to the API at most.
    std::size_t max_connections = defaults::max_connections;
    /// A pooled connection idle this long is closed instead of reused (zero: every call opens a
    /// connection of its own). Keep it below the keep-alive timeout of the server and of any load
    /// balancer in between (the default, 30 s, is: nginx 75 s, AWS ALB 60 s, Azure 4 min). Before
    /// reuse a connection is also checked for the server's close; one closed under the request
    /// anyway is replaced by a fresh connection without costing an attempt.
    std::chrono::milliseconds idle_connection_timeout = defaults::idle_connection_timeout;

    /// Called with every Deprecation or Sunset header (empty: not called).
    deprecation_hook on_deprecation;

    /// Sees every call's attempts, retries, responses and outcome (observer.hpp), on the
    /// client's executor; null (the default) costs nothing. Several at once: observer_list
    /// (observers.hpp).
    std::shared_ptr<amperity::observer> observer;

    /// The options from the environment: the defaults above, overridden by each variable that is
    /// set and not empty. The same variables the `amperity` CLI reads:
    ///
    /// | variable | option |
    /// |---|---|
    /// | `AMPERITY_BASE_URL` | base_url |
    /// | `AMPERITY_TENANT` | tenant |
    /// | `AMPERITY_API_VERSION` | api_version |
    /// | `AMPERITY_ACCESS_TOKEN` | auth = bearer_token |
    /// | `AMPERITY_CLIENT_ID`, `AMPERITY_CLIENT_SECRET`, `AMPERITY_TOKEN_URL` | auth = client_credentials |
    /// | `AMPERITY_CA_FILE`, `AMPERITY_CA_DIR` | ca_file, ca_dir |
    /// | `AMPERITY_TIMEOUT` (seconds, decimals allowed) | call_timeout |
    /// | `AMPERITY_MAX_ATTEMPTS` (1 to 10) | retry.max_attempts |
    /// | `https_proxy` else `HTTPS_PROXY`, `no_proxy` else `NO_PROXY` | proxy (as proxy_from_env) |
    ///
    /// A bad value is a validation_error whose field() names the variable and whose detail says
    /// what is wrong (never quoting a secret): a URL that client::create would refuse, a
    /// control character, a timeout that is not a positive number, both a token and client
    /// credentials, or only half of the client credentials. Variables that are absent are not
    /// errors: the client reports what is still missing (tenant, credentials) when it is made.
    /// Secrets come from here or from code; the library never reads them from a command line.
    static validation_result<client_options> from_env();
    /// The same, reading variables through `lookup` (for tests, or a configuration source of
    /// your own that uses the same names).
    static validation_result<client_options> from_env(env_lookup const& lookup);
};

} // namespace amperity

#include <amperity/impl/client_options.hpp>

#endif // AMPERITY_CLIENT_OPTIONS_HPP
