// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_MODEL_HPP
#define AMPERITY_MODEL_HPP

// The model without networking: the generated types, enums, operations and request rules, the
// codec (amperity::decode<T>, amperity::encode) and the request builders. Cheap to include
// (no Beast, no OpenSSL); amperity/amperity.hpp adds the client.

#include <amperity/codec.hpp>
#include <amperity/config_id.hpp>
#include <amperity/enum.hpp>
#include <amperity/error.hpp>
#include <amperity/generated/all.hpp>
#include <amperity/operation.hpp>
#include <amperity/run_request.hpp>
#include <amperity/time.hpp>

#endif // AMPERITY_MODEL_HPP
