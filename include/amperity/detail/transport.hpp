// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_TRANSPORT_HPP
#define AMPERITY_DETAIL_TRANSPORT_HPP

// One HTTP/1.1 exchange over a pooled keep-alive connection (TLS or, for loopback only, plain).
//
// Pool: up to max_connections connections per client; callers beyond that wait (on a timer,
// bounded by their deadline) for one to be released. Idle connections are reused LIFO, and only
// when healthy: idle for less than idle_timeout (client_options::idle_connection_timeout), and a
// non-blocking peek finds neither the server's close (FIN, or a TLS close_notify) nor stray
// bytes. A pooled connection can still be closed by the server between the peek and our write;
// a request that may be repeated is then sent again at once on a fresh connection (exchange()).
// A request that must not be repeated (run-workflow) always gets a fresh connection: on a reused
// keep-alive connection a server-side close can race with our write, and then "written but maybe
// not processed" could not be told from "lost after processing". Every new TLS connection offers
// a session from the transport's resumption cache (detail/tls_session.hpp), so a fresh
// connection to a host seen before costs an abbreviated handshake.
//
// Through a proxy (detail/proxy.hpp): the TCP connection goes to the proxy, a CONNECT request
// asks it for a tunnel to the target, and the TLS handshake with the target (its certificate
// and host name checked, its name as SNI) runs through the tunnel. All of it is the connect
// phase, under connect_timeout; nothing of the API request is written before it succeeds, so
// any failure there is "not sent" (a 407 or other refusal is final: see retry.hpp). A tunnel is
// then an ordinary connection: pooled, reused and dropped like a direct one.
//
// The exchange reports what happened in terms the retry rules need (retry.hpp): whether
// anything was written, and which way it failed.
//
// GCC 12 and inline coroutines: GCC 12 emits the body (the .actor and .destroy clones, as local
// symbols) of every non-template inline coroutine in every translation unit that sees its
// definition, whether it is called or not, and then everything those bodies use: TLS, Beast,
// the pool. With eight such coroutines, merely including <amperity/amperity.hpp> cost 45 s and
// 2.9 MB of object code per translation unit at -O0 (clang 14: 11 s, 18 KB), and every binary
// carried one copy per translation unit. Each library coroutine that is not already a template
// is therefore a template with a defaulted parameter (`template <class = void>`, marked
// "lazy"): it is compiled only where it is used. A unit test keeps new ones from slipping in.

#include <amperity/detail/deadline.hpp>
#include <amperity/detail/http_exchange.hpp>
#include <amperity/detail/proxy.hpp>
#include <amperity/detail/tls_session.hpp>
#include <amperity/detail/url.hpp>
#include <amperity/detail/wait_queue.hpp>
#include <amperity/retry.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <amperity/detail/push_options.hpp>

namespace amperity::detail {

namespace ssl = boost::asio::ssl; // asio, beast, http, clock: see http_exchange.hpp

class connection {
public:
    using plain = beast::tcp_stream;
    using tls = beast::ssl_stream<beast::tcp_stream>;

    connection(asio::any_io_executor ex, ssl::context* ctx, std::size_t max_buffer)
        : buffer(max_buffer), stream_(ctx ? stream_type(std::in_place_type<tls>, ex, *ctx)
                                          : stream_type(std::in_place_type<plain>, ex)) {}

    beast::tcp_stream& lowest() {
        return std::visit([](auto& s) -> beast::tcp_stream& { return beast::get_lowest_layer(s); },
                          stream_);
    }
    tls* tls_stream() { return std::get_if<tls>(&stream_); }

    template <class F>
    decltype(auto) visit(F&& f) {
        return std::visit(std::forward<F>(f), stream_);
    }

    beast::flat_buffer buffer;
    clock::time_point idle_since{};

private:
    using stream_type = std::variant<plain, tls>;
    stream_type stream_;
};

class http_transport {
public:
    /// `proxy`: the route every connection to `target` takes (none: direct).
    http_transport(asio::any_io_executor ex, url target, std::shared_ptr<ssl::context> ctx,
                   transport_limits limits, std::optional<proxy_route> proxy = std::nullopt)
        : ex_(std::move(ex)), target_(std::move(target)), ctx_(std::move(ctx)),
          limits_(limits), proxy_(std::move(proxy)) {}

    url const& target() const noexcept { return target_; }
    proxy_route const* proxy() const noexcept { return proxy_ ? &*proxy_ : nullptr; }

    /// Sends `req` and reads the response; never throws for network conditions.
    /// `fresh_connection`: the request must not be repeated (run-workflow), so it goes on a
    /// connection of its own, opened for it and closed after it. Otherwise a pooled connection
    /// is used when one is healthy; if that connection turns out to have been closed by the
    /// server (the request failed before any byte of a response arrived, without a timeout),
    /// the request is sent once more, at once, on a fresh connection: the server's keep-alive
    /// close raced our write, and the call has not failed (urllib3 and Go's net/http do the
    /// same for requests that may be repeated). That costs the call no attempt and no backoff;
    /// exchange_result::replays counts it.
    template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
    asio::awaitable<exchange_result> exchange(outgoing_request const& req,
                                              clock::time_point deadline, bool fresh_connection) {
        exchange_result r;
        if (!co_await acquire_slot(deadline, r)) co_return r;
        slot_guard guard{this};

        std::unique_ptr<connection> conn;
        if (!fresh_connection) conn = take_idle();
        for (;;) {
            bool const reused = conn != nullptr;
            if (!conn) {
                conn = std::make_unique<connection>(ex_, target_.tls ? ctx_.get() : nullptr,
                                                    limits_.max_header_bytes + 64 * 1024);
                bool const connected = co_await connect(*conn, deadline, r);
                if (!connected) co_return r;
            }
            r.reused = reused;
            // Write, then read (here rather than in a coroutine of their own: each nested
            // coroutine is a frame, and Asio's allocator recycles none over 1,020 bytes). The
            // whole attempt (write + read) is bounded by the response timeout.
            auto const attempt_deadline =
                std::min(after(clock::now(), limits_.response_timeout), deadline);
            conn->lowest().expires_at(attempt_deadline);
            // The head and the body as one gather write: no serializer (Beast's serializing
            // write, composed with the TLS stream's write, was the deepest instantiation in
            // the client) and no copy of the body.
            std::array<asio::const_buffer, 2> const wire{
                asio::buffer(req.head), asio::buffer(req.body.data(), req.body.size())};
            auto [wec, written] = co_await conn->visit([&](auto& s) {
                return asio::async_write(s, wire, asio::as_tuple(asio::use_awaitable));
            });
            r.written = written > 0;
            bool reusable = false;
            if (wec) {
                fail_io(r, wec,
                        r.written ? attempt_failure::lost_after_write : attempt_failure::not_sent,
                        "sending the request");
            } else {
                co_await conn->visit([&](auto& stream) {
                    return read_response(stream, conn->buffer, limits_, r, reusable);
                });
            }
            if (reused && stale(r)) {
                unsigned const replays = r.replays + 1;
                r = exchange_result{};
                r.replays = replays;
                conn.reset(); // the server's side is gone: nothing to shut down politely
                continue;
            }
            if (reusable && !fresh_connection) give_back(std::move(conn));
            else if (r.failure == attempt_failure::none) close_in_background(std::move(conn));
            // else: a broken or oversized message; the connection is dropped with `conn`.
            co_return r;
        }
    }

    /// TLS sessions held for resumption (detail/tls_session.hpp).
    std::size_t cached_tls_sessions() const noexcept { return sessions_.size(); }

private:
    struct slot_guard {
        http_transport* t;
        ~slot_guard() { t->release_slot(); }
    };

    /// A pooled connection the server had already closed: the exchange failed in the write or
    /// before the first byte of a response, and not for a timeout or a cancellation.
    static bool stale(exchange_result const& r) noexcept {
        return !r.received && !r.timed_out && !r.cancelled &&
               (r.failure == attempt_failure::not_sent ||
                r.failure == attempt_failure::lost_after_write);
    }

    template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
    asio::awaitable<bool> acquire_slot(clock::time_point deadline, exchange_result& r) {
        while (active_ >= limits_.max_connections) {
            if (co_await waiters_.wait(ex_, deadline)) continue;
            if (clock::now() >= deadline) {
                r.failure = attempt_failure::not_sent;
                r.timed_out = true;
                r.detail = "no connection became free before the deadline";
                co_return false;
            }
            auto cs = co_await asio::this_coro::cancellation_state;
            if (cs.cancelled() != asio::cancellation_type::none) {
                r.failure = attempt_failure::not_sent;
                r.cancelled = true;
                r.detail = "cancelled while waiting for a connection";
                co_return false;
            }
        }
        ++active_;
        co_return true;
    }

    void release_slot() {
        --active_;
        waiters_.notify_one();
    }

    std::unique_ptr<connection> take_idle() {
        auto const now = clock::now();
        while (!idle_.empty()) {
            auto c = std::move(idle_.back());
            idle_.pop_back();
            if (now - c->idle_since < limits_.idle_timeout && healthy(*c)) return c;
        }
        return nullptr;
    }

    /// An idle connection is reusable only if the peer has not closed it and has sent nothing
    /// since the last response (a stray byte would be read as the next call's answer). A
    /// non-blocking peek tells which, without consuming anything.
    static bool healthy(connection& c) {
        auto& sock = c.lowest().socket();
        if (!sock.is_open() || c.buffer.size() != 0) return false;
        boost::system::error_code ec, restore;
        sock.non_blocking(true, ec);
        if (ec) return false;
        char byte = 0;
        sock.receive(asio::buffer(&byte, 1), asio::socket_base::message_peek, ec);
        sock.non_blocking(false, restore);
        return ec == asio::error::would_block && !restore; // 0 bytes (EOF) or data: drop it
    }

    void give_back(std::unique_ptr<connection> c) {
        c->idle_since = clock::now();
        c->lowest().expires_never();
        idle_.push_back(std::move(c));
        if (idle_.size() > limits_.max_connections) idle_.erase(idle_.begin());
    }

    static void fail_io(exchange_result& r, boost::system::error_code ec, attempt_failure f,
                        char const* what) {
        r.failure = f;
        if (ec == beast::error::timeout) r.timed_out = true;
        if (ec == asio::error::operation_aborted) r.cancelled = true;
        r.detail = std::string(what) + ": " + ec.message();
    }

    template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
    asio::awaitable<bool> connect(connection& c, clock::time_point deadline, exchange_result& r) {
        using namespace asio::experimental::awaitable_operators;
        auto const connect_deadline = std::min(after(clock::now(), limits_.connect_timeout), deadline);
        // Through a proxy, the TCP connection goes to the proxy; errors name it (never with
        // its user info).
        std::string const& host = proxy_ ? proxy_->host : target_.host;
        std::string const& port = proxy_ ? proxy_->port : target_.port;
        std::string const peer =
            proxy_ ? "the proxy " + proxy_->display() : target_.host_header();
        // The answer of the last resolution is used again for resolve_cache_ttl (what curl
        // does, with the same 60 s): a run-workflow opens a connection every time, and
        // getaddrinfo on Asio's resolver thread was a measurable part of it. Dropped when a
        // connection to it fails, so a moved server is looked up again at the next attempt.
        asio::ip::tcp::resolver::results_type endpoints;
        auto const now = clock::now();
        if (resolved_at_ && now - *resolved_at_ < resolve_cache_ttl) {
            endpoints = resolved_;
        } else {
            // Resolution has no timeout of its own: race it against the connect deadline.
            asio::ip::tcp::resolver resolver(ex_);
            asio::steady_timer timer(ex_, connect_deadline);
            auto resolved = co_await (
                resolver.async_resolve(host, port, asio::as_tuple(asio::use_awaitable)) ||
                timer.async_wait(asio::as_tuple(asio::use_awaitable)));
            if (resolved.index() == 1) {
                r.failure = attempt_failure::not_sent;
                r.timed_out = true;
                r.detail = "resolving " + (proxy_ ? peer : host) + ": timed out";
                co_return false;
            }
            auto [rec, found] = std::get<0>(std::move(resolved));
            if (rec) {
                fail_io(r, rec, attempt_failure::not_sent,
                        ("resolving " + (proxy_ ? peer : host)).c_str());
                co_return false;
            }
            if (!target_.tls) {
                // Plain http is for loopback only, and a name is only as loopback as what it
                // resolves to (an /etc/hosts entry or a DNS answer can point "localhost"
                // anywhere). (Plain http never goes through a proxy: see
                // proxy_settings::for_target.)
                for (auto const& e : found) {
                    if (!e.endpoint().address().is_loopback()) {
                        r.failure = attempt_failure::insecure;
                        r.detail = "plain http://" + target_.host_header() + " resolved to " +
                                   e.endpoint().address().to_string() +
                                   ", which is not a loopback address; use https";
                        co_return false;
                    }
                }
            }
            endpoints = found;
            resolved_ = std::move(found);
            resolved_at_ = now;
        }
        c.lowest().expires_at(connect_deadline);
        auto [cec, ep] = co_await c.lowest().async_connect(endpoints,
                                                           asio::as_tuple(asio::use_awaitable));
        (void)ep;
        if (cec) {
            resolved_at_.reset(); // look the name up again next time
            fail_io(r, cec, attempt_failure::not_sent, ("connecting to " + peer).c_str());
            co_return false;
        }
        if (proxy_) {
            bool const tunnel = co_await open_tunnel(c, r);
            if (!tunnel) co_return false;
        }
        if (auto* s = c.tls_stream()) {
            // SSL_set_tlsext_host_name is a macro with a C cast; call what it expands to.
            if (!target_.is_ip_literal() &&
                !SSL_ctrl(s->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                          TLSEXT_NAMETYPE_host_name, const_cast<char*>(target_.host.c_str()))) {
                r.failure = attempt_failure::not_sent;
                r.detail = "TLS: cannot set the server name (SNI)";
                co_return false;
            }
            s->set_verify_mode(ssl::verify_peer);
            s->set_verify_callback(ssl::host_name_verification(target_.host));
            // Asio asks OpenSSL to free a connection's record buffers whenever they are empty,
            // which costs about seven allocations per request on a kept-alive connection; keep
            // them (about 34 KiB per connection, at most max_connections of them).
            SSL_clear_mode(s->native_handle(), SSL_MODE_RELEASE_BUFFERS);
            SSL_SESSION const* const offered = sessions_.attach(s->native_handle());
            auto [hec] = co_await s->async_handshake(ssl::stream_base::client,
                                                     asio::as_tuple(asio::use_awaitable));
            sessions_.settle(s->native_handle(), offered, !hec);
            r.resumed = !hec && SSL_session_reused(s->native_handle()) == 1;
            if (hec) {
                long const verify = SSL_get_verify_result(s->native_handle());
                if (verify != X509_V_OK) {
                    r.failure = attempt_failure::tls_rejected;
                    r.detail = std::string("TLS: the certificate of ") + target_.host_header() +
                               " was rejected: " + X509_verify_cert_error_string(verify);
                } else {
                    std::string const what =
                        proxy_ ? "TLS handshake through the proxy " + proxy_->display()
                               : std::string("TLS handshake");
                    fail_io(r, hec, attempt_failure::not_sent, what.c_str());
                }
                co_return false;
            }
        }
        co_return true;
    }

    /// Asks the proxy for a tunnel to the target on the freshly connected `c` (still under the
    /// connect deadline). The proxy's answer is read with a bounded header and no body (a 2xx
    /// to CONNECT has none; after any other status the connection is dropped).
    template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
    asio::awaitable<bool> open_tunnel(connection& c, exchange_result& r) {
        std::string const name = proxy_->display();
        secret const request(connect_request(target_, *proxy_)); // may hold the credential
        auto [wec, written] = co_await asio::async_write(
            c.lowest(), asio::buffer(request.reveal()), asio::as_tuple(asio::use_awaitable));
        (void)written;
        if (wec) {
            fail_io(r, wec, attempt_failure::not_sent,
                    ("sending CONNECT to the proxy " + name).c_str());
            co_return false;
        }
        beast::flat_buffer head(max_proxy_header_bytes);
        http::response_parser<http::empty_body> parser;
        parser.skip(true); // no body, whatever the header says
        parser.header_limit(static_cast<std::uint32_t>(max_proxy_header_bytes));
        auto [rec, n] = co_await http::async_read_header(c.lowest(), head, parser,
                                                         asio::as_tuple(asio::use_awaitable));
        (void)n;
        if (rec) {
            fail_io(r, rec, attempt_failure::not_sent,
                    ("reading the answer of the proxy " + name + " to CONNECT").c_str());
            co_return false;
        }
        auto const status = parser.get().result_int();
        auto const reason = parser.get().reason();
        std::string const line =
            quoted_excerpt(std::to_string(status) + " " +
                           std::string(reason.data(), reason.size()));
        std::string const what = "the proxy " + name + " answered CONNECT " +
                                 tunnel_authority(target_) + " with " + line;
        // 407 is the status for this; tinyproxy 1.11 answers wrong credentials with 401.
        // Either is the proxy's authentication (the server has seen nothing).
        if (status == 407 || status == 401) {
            r.failure = attempt_failure::proxy_auth_required;
            r.detail = what + (proxy_->authorization.empty()
                                   ? ": it requires credentials (user and password in the "
                                     "proxy URL)"
                                   : ": it refused the user and password given");
            co_return false;
        }
        if (status < 200 || status > 299) {
            r.failure = attempt_failure::proxy_refused;
            r.detail = what;
            co_return false;
        }
        if (head.size() != 0) {
            // The server speaks only after our ClientHello: these bytes are the proxy's.
            r.failure = attempt_failure::not_sent;
            r.detail = what + ", then sent bytes of its own into the tunnel";
            co_return false;
        }
        co_return true;
    }

    /// How long a resolution is used again (curl's default DNS cache timeout).
    static constexpr std::chrono::seconds resolve_cache_ttl{60};

    /// The proxy's answer to CONNECT (status line and header fields) may not be longer.
    static constexpr std::size_t max_proxy_header_bytes = 16 * 1024;

    /// Ends a connection that served its one request politely (close_notify, then the TCP
    /// close) without making the call wait: the call completes with its response while the
    /// connection winds down on the executor, within a second. Waiting for the server's
    /// close_notify was a round trip on every run-workflow. The connection no longer reports
    /// TLS sessions (a ticket arriving now is not kept), so it may outlive the transport.
    template <class = void> // lazy: it instantiates a coroutine (see the top of this file)
    void close_in_background(std::unique_ptr<connection> c) {
        if (auto* s = c->tls_stream()) tls_session_cache::detach(s->native_handle());
        asio::co_spawn(ex_, close_owned(std::move(c)), asio::detached);
    }

    template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
    static asio::awaitable<void> close_owned(std::unique_ptr<connection> c) {
        co_await close(*c);
    }

    template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
    static asio::awaitable<void> close(connection& c) {
        if (auto* s = c.tls_stream()) {
            // A polite close_notify, bounded; a peer that just drops the connection
            // (stream_truncated) is fine.
            c.lowest().expires_after(std::chrono::seconds(1));
            co_await s->async_shutdown(asio::as_tuple(asio::use_awaitable));
        }
        boost::system::error_code ignored;
        c.lowest().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        c.lowest().close();
    }

    asio::any_io_executor ex_;
    url target_;
    std::shared_ptr<ssl::context> ctx_;
    transport_limits limits_;
    std::optional<proxy_route> proxy_;
    tls_session_cache sessions_; // before idle_: connections point at it until destroyed
    asio::ip::tcp::resolver::results_type resolved_; // the last resolution (see connect())
    std::optional<clock::time_point> resolved_at_;
    std::size_t active_ = 0;
    wait_queue waiters_; // callers waiting for a connection slot
    std::vector<std::unique_ptr<connection>> idle_;
};

} // namespace amperity::detail

#include <amperity/detail/pop_options.hpp>

#endif // AMPERITY_DETAIL_TRANSPORT_HPP
