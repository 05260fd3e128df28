// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_AMPERITY_HPP
#define AMPERITY_AMPERITY_HPP

// The one header most users include: the generated model (types, enums, operations, request
// rules), the codec (amperity::decode<T>, amperity::encode) and the request builders.

#include <amperity/codec.hpp>
#include <amperity/config_id.hpp>
#include <amperity/enum.hpp>
#include <amperity/error.hpp>
#include <amperity/generated/all.hpp>
#include <amperity/operation.hpp>
#include <amperity/run_request.hpp>
#include <amperity/time.hpp>

#endif // AMPERITY_AMPERITY_HPP
