// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_TLS_HPP
#define AMPERITY_DETAIL_TLS_HPP

// The TLS context every connection of a client shares: certificate verification always on,
// TLS 1.2 at least, the system's CAs unless the options name a CA file or directory, and client
// sessions handed to the transports' resumption caches (detail/tls_session.hpp). Host name
// checks (and SNI) are per connection, in detail/transport.hpp.

#include <amperity/client_options.hpp>
#include <amperity/error.hpp>
#include <amperity/detail/tls_session.hpp>
#include <amperity/detail/url.hpp>

#include <boost/asio/ssl/context.hpp>

#include <openssl/ssl.h>

#include <memory>

namespace amperity::detail {

inline validation_result<std::shared_ptr<boost::asio::ssl::context>>
make_tls_context(client_options const& opts) {
    namespace ssl = boost::asio::ssl;
    auto tls = std::make_shared<ssl::context>(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(tls->native_handle(), TLS1_2_VERSION);
    tls->set_verify_mode(ssl::verify_peer);
    tls_session_cache::enable_resumption(tls->native_handle());
    boost::system::error_code ec;
    if (!opts.ca_file.empty()) {
        tls->load_verify_file(opts.ca_file, ec);
        if (ec)
            return validation_error(errc::invalid_url, "ca_file",
                                    quoted_excerpt(opts.ca_file) + ": " + ec.message());
    }
    if (!opts.ca_dir.empty()) {
        tls->add_verify_path(opts.ca_dir, ec);
        if (ec)
            return validation_error(errc::invalid_url, "ca_dir",
                                    quoted_excerpt(opts.ca_dir) + ": " + ec.message());
    }
    if (opts.ca_file.empty() && opts.ca_dir.empty()) tls->set_default_verify_paths(ec);
    return tls;
}

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_TLS_HPP
