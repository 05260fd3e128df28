// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_RANDOM_HPP
#define AMPERITY_EMULATOR_RANDOM_HPP

// Random ids and keys from OpenSSL's RAND_bytes: request and trace ids, run and task ids,
// issued OAuth tokens, the page-token key. Internal to the amperity_emulator library.

#include <cstddef>
#include <span>
#include <string>

namespace amperity::emulator::detail {

/// Fills `out`; throws std::runtime_error when the generator fails.
void random_bytes(std::span<unsigned char> out);
/// `bytes` random bytes as lower-case hex (trace ids).
std::string random_hex(std::size_t bytes);
/// A random version 4 UUID, lower case (request ids).
std::string uuid();
/// A random string of `n` characters from [A-Za-z0-9] (run ids, OAuth tokens).
std::string random_alnum(std::size_t n);

} // namespace amperity::emulator::detail

#endif // AMPERITY_EMULATOR_RANDOM_HPP
