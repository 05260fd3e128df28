// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// detail::tls_session_cache with real OpenSSL handshakes in memory (a BIO pair per connection,
// a self-signed certificate made here): sessions are kept, offered and resumed; TLS 1.3
// sessions are used once and TLS 1.2 ones again; a rejected session is dropped; the cache
// stays within its capacity; two caches on one context keep to their own connections. The
// integration suite client_connections shows the same against nginx.
#include <amperity/detail/tls_session.hpp>

#include <boost/test/unit_test.hpp>

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>

namespace {

using amperity::detail::tls_session_cache;

template <class T, void (*Free)(T*)>
struct deleter {
    void operator()(T* p) const noexcept { Free(p); }
};
using ctx_ptr = std::unique_ptr<SSL_CTX, deleter<SSL_CTX, SSL_CTX_free>>;
using ssl_ptr = std::unique_ptr<SSL, deleter<SSL, SSL_free>>;

/// A server context with a fresh self-signed P-256 certificate; `max_version` caps the
/// protocol; each server has its own ticket keys (a new server rejects the old tickets).
ctx_ptr make_server(int max_version) {
    ctx_ptr ctx(SSL_CTX_new(TLS_server_method()));
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<unsigned char const*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_sign(cert, key, EVP_sha256());
    SSL_CTX_use_certificate(ctx.get(), cert);
    SSL_CTX_use_PrivateKey(ctx.get(), key);
    X509_free(cert);
    EVP_PKEY_free(key);
    SSL_CTX_set_max_proto_version(ctx.get(), max_version);
    return ctx;
}

ctx_ptr make_client() {
    ctx_ptr ctx(SSL_CTX_new(TLS_client_method()));
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr); // the cache is under test here
    tls_session_cache::enable_resumption(ctx.get());
    return ctx;
}

/// One connection: a handshake, then a byte from the server read by the client (TLS 1.3
/// tickets travel after the handshake and reach the client when it reads). Returns whether
/// the client's session was resumed.
bool connect_once(SSL_CTX* client_ctx, SSL_CTX* server_ctx, tls_session_cache& cache,
                  bool* handshake_ok = nullptr) {
    ssl_ptr client(SSL_new(client_ctx)), server(SSL_new(server_ctx));
    BIO *client_bio = nullptr, *server_bio = nullptr;
    BOOST_REQUIRE(BIO_new_bio_pair(&client_bio, 0, &server_bio, 0) == 1);
    SSL_set_bio(client.get(), client_bio, client_bio);
    SSL_set_bio(server.get(), server_bio, server_bio);
    SSL_set_connect_state(client.get());
    SSL_set_accept_state(server.get());
    SSL_SESSION const* offered = cache.attach(client.get());
    bool client_done = false, server_done = false, failed = false;
    for (int round = 0; round < 50 && !(client_done && server_done) && !failed; ++round) {
        if (!client_done) {
            int const rc = SSL_do_handshake(client.get());
            client_done = rc == 1;
            failed = rc <= 0 && SSL_get_error(client.get(), rc) != SSL_ERROR_WANT_READ;
        }
        if (!server_done && !failed) {
            int const rc = SSL_do_handshake(server.get());
            server_done = rc == 1;
            failed = rc <= 0 && SSL_get_error(server.get(), rc) != SSL_ERROR_WANT_READ;
        }
    }
    cache.settle(client.get(), offered, client_done && !failed);
    if (handshake_ok) *handshake_ok = client_done && server_done && !failed;
    if (failed) return false;
    char byte = 'x';
    BOOST_REQUIRE(SSL_write(server.get(), &byte, 1) == 1);
    BOOST_REQUIRE(SSL_read(client.get(), &byte, 1) == 1); // processes the tickets first
    return SSL_session_reused(client.get()) == 1;
}

} // namespace

BOOST_AUTO_TEST_SUITE(tls_session)

BOOST_AUTO_TEST_CASE(tls13_sessions_resume_and_are_used_once) {
    auto server = make_server(TLS1_3_VERSION);
    SSL_CTX_set_num_tickets(server.get(), 1); // one ticket per connection
    auto client = make_client();
    tls_session_cache cache;
    BOOST_TEST(!connect_once(client.get(), server.get(), cache)); // full handshake
    BOOST_TEST(cache.size() == 1u);
    for (int i = 0; i < 5; ++i) {
        BOOST_TEST(connect_once(client.get(), server.get(), cache)); // resumed
        // The ticket offered was taken out, the one the resumption brought kept: still one
        // (two if an offered ticket stayed in the cache).
        BOOST_TEST(cache.size() == 1u);
    }
}

BOOST_AUTO_TEST_CASE(tls12_sessions_resume_and_stay) {
    auto server = make_server(TLS1_2_VERSION);
    auto client = make_client();
    tls_session_cache cache;
    BOOST_TEST(!connect_once(client.get(), server.get(), cache));
    BOOST_TEST_REQUIRE(cache.size() == 1u);
    for (int i = 0; i < 3; ++i) {
        BOOST_TEST(connect_once(client.get(), server.get(), cache));
        BOOST_TEST(cache.size() >= 1u); // kept for the next connection
    }
}

BOOST_AUTO_TEST_CASE(a_rejected_session_is_dropped_and_a_full_handshake_follows) {
    for (int version : {TLS1_3_VERSION, TLS1_2_VERSION}) {
        BOOST_TEST_CONTEXT("max version " << std::hex << version) {
            auto first = make_server(version);
            auto client = make_client();
            tls_session_cache cache;
            BOOST_TEST(!connect_once(client.get(), first.get(), cache));
            auto const held = cache.size();
            BOOST_TEST_REQUIRE(held >= 1u);
            // Another server (other ticket keys) rejects it: a full handshake, which succeeds.
            auto second = make_server(version);
            bool ok = false;
            BOOST_TEST(!connect_once(client.get(), second.get(), cache, &ok));
            BOOST_TEST(ok);
            // Then resumption with the new server's session.
            BOOST_TEST(connect_once(client.get(), second.get(), cache));
            if (version == TLS1_2_VERSION) BOOST_TEST(cache.size() == 1u); // the rejected one left
        }
    }
}

BOOST_AUTO_TEST_CASE(the_cache_keeps_at_most_its_capacity) {
    auto server = make_server(TLS1_3_VERSION);
    SSL_CTX_set_num_tickets(server.get(), 5); // five sessions per connection
    auto client = make_client();
    tls_session_cache cache(3);
    BOOST_TEST(!connect_once(client.get(), server.get(), cache));
    BOOST_TEST(cache.size() == 3u); // five arrived; the two oldest were dropped
    for (int i = 0; i < 3; ++i) {
        BOOST_TEST(connect_once(client.get(), server.get(), cache));
        BOOST_TEST(cache.size() == 3u);
    }
}

BOOST_AUTO_TEST_CASE(two_caches_on_one_context_keep_to_their_own_connections) {
    auto server = make_server(TLS1_3_VERSION);
    auto client = make_client(); // one context, as the API and the token endpoint share
    tls_session_cache api, token;
    BOOST_TEST(!connect_once(client.get(), server.get(), api));
    BOOST_TEST(api.size() >= 1u);
    BOOST_TEST(token.size() == 0u);
    BOOST_TEST(!connect_once(client.get(), server.get(), token)); // nothing of api's offered
    BOOST_TEST(token.size() >= 1u);
}

BOOST_AUTO_TEST_CASE(a_connection_without_a_cache_keeps_nothing) {
    auto server = make_server(TLS1_3_VERSION);
    auto client = make_client();
    ssl_ptr c(SSL_new(client.get())), s(SSL_new(server.get()));
    BIO *cb = nullptr, *sb = nullptr;
    BOOST_REQUIRE(BIO_new_bio_pair(&cb, 0, &sb, 0) == 1);
    SSL_set_bio(c.get(), cb, cb);
    SSL_set_bio(s.get(), sb, sb);
    SSL_set_connect_state(c.get());
    SSL_set_accept_state(s.get());
    for (int i = 0; i < 20; ++i) {
        SSL_do_handshake(c.get());
        SSL_do_handshake(s.get());
    }
    char byte = 'x';
    BOOST_REQUIRE(SSL_write(s.get(), &byte, 1) == 1);
    BOOST_REQUIRE(SSL_read(c.get(), &byte, 1) == 1); // the callback ran and declined: no leak
    BOOST_TEST(SSL_session_reused(c.get()) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
