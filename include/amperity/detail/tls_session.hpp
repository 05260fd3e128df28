// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_TLS_SESSION_HPP
#define AMPERITY_DETAIL_TLS_SESSION_HPP

// TLS session resumption on the client side: every new connection to a host offers a session
// (a ticket) the host issued on an earlier connection, and a host that accepts it skips the
// certificate exchange and the key agreement of a full handshake. run-workflow, which always
// opens a fresh connection (detail/transport.hpp), is what gains most.
//
// One cache per transport, that is per client and per host (the API's, and the OAuth token
// endpoint's when there is one): a session is only ever offered to the host, port and server
// name it came from, through the same route. It holds at most `capacity` sessions, the newest
// first; the oldest is dropped.
//
// How sessions arrive: OpenSSL hands a client every session it should keep to the context's
// "new session" callback (a TLS 1.3 server sends its tickets after the handshake, with or after
// the first response; TLS 1.2 during it). The callback is installed once per context
// (enable_resumption); each connection's SSL object points, through its ex_data slot, at the
// cache of the transport that made it, so one context can serve several transports.
//
// Copies: the cache holds its own copy of every session, and a TLS 1.2 session is offered as a
// copy too, because OpenSSL marks the session object of a connection freed without a TLS
// shutdown "not resumable" (see on_new_session); a session that is not resumable anyway is
// dropped when met.
//
// Single use for TLS 1.3: RFC 8446 (C.4) asks clients not to offer a ticket twice (a passive
// observer could link the connections), so a TLS 1.3 session is taken out of the cache when it
// is offered; servers send two tickets per handshake and one more after each resumption. A TLS
// 1.2 session stays until it is rejected or dropped. A session the server did not accept
// (a rejected ticket, after a server restart or a key rotation: a full handshake follows, and
// OpenSSL does it without a round trip more) or whose handshake failed is removed.
//
// Threads: a client runs on one executor, so the cache is not locked; the callback runs inside
// SSL_read/SSL_do_handshake of a connection of that client.
//
// Certificate checks: a resumed handshake sends no certificate; the session carries the result
// of the full handshake it came from, which verified this host's certificate and name.

#include <openssl/ssl.h>

#include <algorithm>
#include <cstddef>
#include <deque>

namespace amperity::detail {

class tls_session_cache {
public:
    /// Sessions kept at most.
    static constexpr std::size_t default_capacity = 16;

    explicit tls_session_cache(std::size_t capacity = default_capacity) noexcept
        : capacity_(std::max<std::size_t>(capacity, 1)) {}
    ~tls_session_cache() { clear(); }
    tls_session_cache(tls_session_cache const&) = delete;
    tls_session_cache& operator=(tls_session_cache const&) = delete;

    /// Installs the callback that routes new sessions to the caches (idempotent). Without it a
    /// cache stays empty.
    static void enable_resumption(SSL_CTX* ctx) noexcept {
        // CLIENT: OpenSSL reports client sessions; NO_INTERNAL_STORE: they are kept here only.
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
        SSL_CTX_sess_set_new_cb(ctx, &tls_session_cache::on_new_session);
    }

    /// Prepares `ssl` (before its handshake): offers the newest session, if any, and makes this
    /// cache receive the sessions the server issues on it. Returns the session offered (only an
    /// identity, for settle(); null when none).
    SSL_SESSION const* attach(SSL* ssl) noexcept {
        SSL_set_ex_data(ssl, slot(), this);
        while (!sessions_.empty() && SSL_SESSION_is_resumable(sessions_.front()) != 1) {
            SSL_SESSION_free(sessions_.front());
            sessions_.pop_front();
        }
        if (sessions_.empty()) return nullptr;
        SSL_SESSION* const s = sessions_.front();
        SSL_SESSION* offer = nullptr;
        if (SSL_SESSION_get_protocol_version(s) >= TLS1_3_VERSION) {
            sessions_.pop_front(); // single use: the connection gets the cache's reference
            offer = s;
        } else {
            offer = SSL_SESSION_dup(s); // a copy of its own: see on_new_session
            if (offer == nullptr) return nullptr;
        }
        int const ok = SSL_set_session(ssl, offer); // takes a reference of its own
        SSL_SESSION_free(offer);
        return ok == 1 ? s : nullptr;
    }

    /// After the handshake of `ssl` (`ok`: it succeeded): a session offered and not resumed
    /// (rejected, or the handshake failed) is never offered again.
    void settle(SSL* ssl, SSL_SESSION const* offered, bool ok) noexcept {
        if (offered == nullptr || (ok && SSL_session_reused(ssl) == 1)) return;
        auto it = std::find(sessions_.begin(), sessions_.end(), offered);
        if (it == sessions_.end()) return;
        SSL_SESSION_free(*it);
        sessions_.erase(it);
    }

    /// `ssl` stops reporting sessions to any cache (before it may outlive its transport).
    static void detach(SSL* ssl) noexcept { SSL_set_ex_data(ssl, slot(), nullptr); }

    /// Sessions held now.
    std::size_t size() const noexcept { return sessions_.size(); }

    void clear() noexcept {
        for (SSL_SESSION* s : sessions_) SSL_SESSION_free(s);
        sessions_.clear();
    }

private:
    /// Keeps `s` (this cache now owns the reference it was given), newest first.
    void keep(SSL_SESSION* s) noexcept {
        sessions_.push_front(s);
        while (sessions_.size() > capacity_) {
            SSL_SESSION_free(sessions_.back());
            sessions_.pop_back();
        }
    }

    /// OpenSSL's new-session callback. The cache keeps a copy, never the connection's own
    /// session object: OpenSSL marks a connection's session not resumable when the connection
    /// is freed without a TLS shutdown (ssl_clear_bad_session), which is how a pooled
    /// connection the server closed, or any broken one, ends; the copies are not touched.
    /// Returns 0: OpenSSL keeps (and later frees) the reference it handed over.
    static int on_new_session(SSL* ssl, SSL_SESSION* s) noexcept {
        auto* cache = static_cast<tls_session_cache*>(SSL_get_ex_data(ssl, slot()));
        if (cache == nullptr || SSL_SESSION_is_resumable(s) != 1) return 0;
        if (SSL_SESSION* copy = SSL_SESSION_dup(s)) cache->keep(copy);
        return 0;
    }

    /// The SSL ex_data index that points at a connection's cache (one per process).
    static int slot() noexcept {
        static int const index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
        return index;
    }

    std::size_t capacity_;
    std::deque<SSL_SESSION*> sessions_;
};

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_TLS_SESSION_HPP
