// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_CERTIFICATE_HPP
#define AMPERITY_EMULATOR_CERTIFICATE_HPP

// Internal to the amperity_emulator library.

#include <string>
#include <vector>

namespace amperity::emulator::detail {

/// The TLS material generated at start: a self-signed CA and a leaf it signed, as PEM.
struct tls_material {
    std::string ca_pem;
    std::string cert_pem;
    std::string key_pem;
};

/// Generates a P-256 CA (CA:TRUE, keyCertSign) and a leaf (serverAuth, subjectAltName from
/// `names`: IP entries for addresses, DNS otherwise), both valid from now-1h to now+1d.
/// Throws std::invalid_argument for an unusable name, std::runtime_error when OpenSSL fails.
tls_material make_tls_material(std::vector<std::string> const& names);

/// make_tls_material, kept in `dir` (see options::tls_dir): loads ca.pem, cert.pem and key.pem
/// when all three are there, else generates them and writes them (the key 0600). An empty
/// `dir` only generates. Throws std::runtime_error when a file cannot be read or written.
tls_material load_or_make_tls_material(std::string const& dir,
                                       std::vector<std::string> const& names);

} // namespace amperity::emulator::detail

#endif // AMPERITY_EMULATOR_CERTIFICATE_HPP
