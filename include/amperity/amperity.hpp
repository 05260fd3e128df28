// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_AMPERITY_HPP
#define AMPERITY_AMPERITY_HPP

// The one header most users include: the model (amperity/model.hpp: generated types, codec,
// request builders), the client (amperity/client.hpp: async calls over HTTPS) and the ready
// observers (amperity/observers.hpp: JSON lines, metrics).
// Code that only decodes or builds requests can include amperity/model.hpp, which compiles
// much faster (no Beast or OpenSSL).

#include <amperity/client.hpp>
#include <amperity/model.hpp>
#include <amperity/observers.hpp>
#include <amperity/sync_client.hpp>
#include <amperity/version.hpp>

#endif // AMPERITY_AMPERITY_HPP
