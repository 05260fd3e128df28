// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EXAMPLES_ENVIRONMENT_HPP
#define AMPERITY_EXAMPLES_ENVIRONMENT_HPP

// The examples' configuration, read from the environment the way the `amperity` CLI reads it:
//
//   AMPERITY_BASE_URL       the API (default: https://app.amperity.com/api)
//   AMPERITY_TENANT         the tenant id (required)
//   AMPERITY_ACCESS_TOKEN   a bearer token, or
//   AMPERITY_CLIENT_ID, AMPERITY_CLIENT_SECRET [, AMPERITY_TOKEN_URL]   OAuth client credentials
//   AMPERITY_CA_FILE        a PEM file of CAs to trust instead of the system's (optional)
//
// A production program would read the same settings from its own configuration; nothing here
// is specific to the emulator the examples are tested against.

#include <amperity/client_options.hpp>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace examples {

/// A non-empty environment variable, or "".
inline std::string env(char const* name) {
    char const* v = std::getenv(name);
    return v ? v : "";
}

/// Client options from the environment; throws std::runtime_error naming what is missing.
inline amperity::client_options options_from_environment() {
    amperity::client_options opts;
    if (auto url = env("AMPERITY_BASE_URL"); !url.empty()) opts.base_url = url;
    opts.tenant = env("AMPERITY_TENANT");
    if (opts.tenant.empty()) throw std::runtime_error("AMPERITY_TENANT is not set");
    opts.ca_file = env("AMPERITY_CA_FILE");

    if (auto token = env("AMPERITY_ACCESS_TOKEN"); !token.empty()) {
        opts.auth = amperity::bearer_token{amperity::secret(token)};
    } else if (auto id = env("AMPERITY_CLIENT_ID"); !id.empty()) {
        // Tokens are fetched, cached and refreshed by the client.
        opts.auth = amperity::client_credentials{id, amperity::secret(env("AMPERITY_CLIENT_SECRET")),
                                                 env("AMPERITY_TOKEN_URL")};
    } else {
        throw std::runtime_error("set AMPERITY_ACCESS_TOKEN, or AMPERITY_CLIENT_ID and "
                                 "AMPERITY_CLIENT_SECRET");
    }
    return opts;
}

} // namespace examples

#endif
