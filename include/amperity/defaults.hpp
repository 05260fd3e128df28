// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DEFAULTS_HPP
#define AMPERITY_DEFAULTS_HPP

// The client's default limits, one definition each: client_options starts from them, and so
// does the transport when it is used alone (the response fuzzer). The API version and the base
// URL come from the spec (generated/operations.hpp: api_version, servers); the rate limit's
// default is in rate_limit.hpp; retries' in retry.hpp.

#include <chrono>
#include <cstddef>

/// The client's default limits, which client_options starts from.
namespace amperity::defaults {

/// Resolve + connect + TLS handshake of one connection.
inline constexpr std::chrono::milliseconds connect_timeout{10000};
/// One attempt: from writing the request to the last byte of the response.
inline constexpr std::chrono::milliseconds response_timeout{60000};
/// The whole call, retries and the waits between them included.
inline constexpr std::chrono::milliseconds call_timeout{120000};
/// The largest response accepted: 16 MiB.
inline constexpr std::size_t max_response_bytes = 16u << 20;
/// Connections kept open to the API at most.
inline constexpr std::size_t max_connections = 8;
/// A pooled connection idle this long is closed rather than reused: below the keep-alive
/// timeouts of common servers and load balancers (nginx 75 s, AWS ALB 60 s, Azure 4 min), so the
/// client, not the server, ends an idle connection and no request races the server's close.
inline constexpr std::chrono::milliseconds idle_connection_timeout{30000};

} // namespace amperity::defaults

#endif // AMPERITY_DEFAULTS_HPP
