// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_AUTH_HPP
#define AMPERITY_AUTH_HPP

// How a client authenticates: one of three sources of the bearer token it sends.
//
//     opts.auth = amperity::bearer_token{amperity::secret(token)};             // fixed token
//     opts.auth = amperity::client_credentials{id, amperity::secret(s), url};  // OAuth2
//     opts.auth = amperity::token_provider{[&](bool refresh) { return vault.token(refresh); }};
//
// What the client does with each is in detail/auth.hpp.

#include <amperity/secret.hpp>

#include <boost/system/result.hpp>

#include <functional>
#include <string>
#include <variant>

namespace amperity {

/// A static access token (JWT) generated from an API key in the Amperity UI.
struct bearer_token {
    /// The token, sent as "Authorization: Bearer ...".
    secret token;
};

/// OAuth2 client credentials: the client exchanges them for access tokens at `token_url`
/// (POST, form-encoded grant_type=client_credentials), caches the token and refreshes it
/// before it expires. An empty token_url means base_url + "/v0/oauth2/token", the path the
/// Amperity documentation shows; take the real one from the UI's "Get OAuth credentials".
struct client_credentials {
    /// The OAuth client id.
    std::string client_id;
    /// The OAuth client secret.
    secret client_secret;
    /// The token endpoint (empty: base_url + "/v0/oauth2/token").
    std::string token_url;
};

/// The caller's own source of access tokens (a vault, a sidecar, a file a rotation job
/// rewrites): a client with one never needs replacing when the token rotates.
///
/// `get` is called on the client's executor before every attempt, with `refresh` false, and
/// once more with `refresh` true after the API refused the token it returned (401): the
/// provider should then fetch a new one rather than hand back its cached one. It must not
/// block for long (it runs on the I/O thread). An error, or an empty or malformed token,
/// fails the call with errc::token_request_failed; the error's message (never the token)
/// becomes diagnostics::detail. Every token it returns is scrubbed from diagnostics.
struct token_provider {
    /// The token source: `get(refresh)`, see above.
    std::function<boost::system::result<secret>(bool refresh)> get;
};

/// How a client authenticates; std::monostate (the default) means not configured.
using credentials = std::variant<std::monostate, bearer_token, client_credentials, token_provider>;

} // namespace amperity

#endif // AMPERITY_AUTH_HPP
