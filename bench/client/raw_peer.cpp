// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// The limit: the least a Beast program does for the same calls. Per connection an
// ssl_stream<tcp_stream> (the same TLS settings as the client: TLS 1.2 at least, the CA file,
// peer and host name verification, SNI); per call http::async_write of a request built once
// per coroutine (the same header fields the client sends) and http::async_read into a fresh
// response<string_body>, then the same decoder the client uses (amperity::decode<workflow>), so
// that only the transport differs. No retries, no deadlines beyond a 10 s stream timeout, no
// pool: each coroutine owns its connection.
//
//   get_seq      one coroutine, one keep-alive connection
//   get_pool64   8 coroutines, each with its own keep-alive connection, taking calls from a
//                shared counter: 8 connections busy all the time with no pool bookkeeping (the
//                client runs 64 coroutines that wait for one of its 8 connections)
//   get_conn64   64 coroutines, 64 connections
//   run_seq      a fresh connection per POST (resolve, connect, full TLS handshake with no
//                session reuse, the exchange, a TLS close_notify): "the raw fresh-connection
//                POST loop"; the client, too, never sends run-workflow on a reused connection.
//                As `raw-keepalive`: every POST over one keep-alive connection (a reference row).

#include "peer.hpp"

#include <amperity/amperity.hpp>
#include <amperity/version.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace amperity_bench::client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;
using namespace std::chrono_literals;

using tls_stream = beast::ssl_stream<beast::tcp_stream>;

struct connection {
    connection(asio::any_io_executor ex, ssl::context& ctx) : stream(std::move(ex), ctx) {}
    tls_stream stream;
    beast::flat_buffer buffer;
};

struct endpoint_url {
    std::string host, port, prefix; // "localhost", "8443", "/api"
};

endpoint_url parse(std::string_view url) {
    constexpr std::string_view scheme = "https://";
    if (url.substr(0, scheme.size()) != scheme)
        throw std::runtime_error("the raw peer speaks https only: " + std::string(url));
    url.remove_prefix(scheme.size());
    auto const slash = url.find('/');
    auto const authority = url.substr(0, slash);
    endpoint_url out;
    out.prefix = slash == std::string_view::npos ? "" : std::string(url.substr(slash));
    auto const colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    out.port = colon == std::string_view::npos ? "443" : std::string(authority.substr(colon + 1));
    return out;
}

class raw_peer final : public peer {
public:
    raw_peer(settings const& s, bool keep_alive_post)
        : s_(s), url_(parse(s.base_url)), keep_alive_post_(keep_alive_post),
          ctx_(ssl::context::tls_client) {
        SSL_CTX_set_min_proto_version(ctx_.native_handle(), TLS1_2_VERSION);
        // No session cache: every fresh connection is a full handshake.
        SSL_CTX_set_session_cache_mode(ctx_.native_handle(), SSL_SESS_CACHE_OFF);
        ctx_.set_verify_mode(ssl::verify_peer);
        ctx_.load_verify_file(s.ca_file);
        body_ = amperity::encode(bench_run_request.to_wire());
        if (s_.what == mode::get_idle)
            throw std::runtime_error("the raw peer has no get_idle mode (it does not detect "
                                     "connections the server closed while idle)");
    }

    std::string_view name() const noexcept override {
        return keep_alive_post_ ? "raw-keepalive" : "raw";
    }

    void start(asio::io_context& io, std::uint64_t calls, tally& t, bool timed) override {
        counter_ = call_counter{0, calls};
        timed_ = timed;
        std::size_t const coroutines = s_.what == mode::get_pool64   ? 8
                                       : s_.what == mode::get_conn64 ? 64
                                                                     : 1;
        // Connections outlive a phase: the warm-up's serve the timed calls.
        conns_.resize(coroutines);
        for (std::size_t i = 0; i < coroutines; ++i)
            asio::co_spawn(io, worker(conns_[i], t), asio::detached);
    }

    amperity::workflow const& sample() const noexcept override { return sample_; }

private:
    http::request<http::string_body> make_request(bool post) const {
        http::request<http::string_body> req;
        req.method(post ? http::verb::post : http::verb::get);
        req.target(post ? url_.prefix + "/workflow/runs"
                        : url_.prefix + "/workflow/runs/" + s_.workflow_id);
        req.version(11);
        req.set(http::field::host, url_.host + ":" + url_.port);
        req.set(http::field::user_agent, "amperity-cpp/" AMPERITY_VERSION_STRING);
        req.set(http::field::accept, "application/json");
        req.set(http::field::authorization, "Bearer " + s_.token);
        req.set("amperity-tenant", s_.tenant);
        req.set("api-version", amperity::api_version);
        if (post) {
            req.set(http::field::content_type, "application/json");
            req.body() = body_;
            req.prepare_payload();
        }
        return req;
    }

    /// Resolve, connect, TLS handshake; an empty pointer (and a counted failure) on error.
    asio::awaitable<std::unique_ptr<connection>> connect(tally& t) {
        auto ex = co_await asio::this_coro::executor;
        auto c = std::make_unique<connection>(ex, ctx_);
        asio::ip::tcp::resolver resolver(ex);
        auto [rec, endpoints] = co_await resolver.async_resolve(
            url_.host, url_.port, asio::as_tuple(asio::use_awaitable));
        if (rec) {
            t.fail("resolving: " + rec.message());
            co_return nullptr;
        }
        beast::get_lowest_layer(c->stream).expires_after(10s);
        auto [cec, ep] = co_await beast::get_lowest_layer(c->stream)
                             .async_connect(endpoints, asio::as_tuple(asio::use_awaitable));
        (void)ep;
        if (cec) {
            t.fail("connecting: " + cec.message());
            co_return nullptr;
        }
        if (!SSL_ctrl(c->stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                      TLSEXT_NAMETYPE_host_name, url_.host.data())) {
            t.fail("TLS: cannot set SNI");
            co_return nullptr;
        }
        c->stream.set_verify_callback(ssl::host_name_verification(url_.host));
        auto [hec] = co_await c->stream.async_handshake(ssl::stream_base::client,
                                                        asio::as_tuple(asio::use_awaitable));
        if (hec) {
            t.fail("TLS handshake: " + hec.message());
            co_return nullptr;
        }
        co_return c;
    }

    /// One request and its response on `c`; false when `c` must not be used again.
    asio::awaitable<bool> exchange(connection& c, http::request<http::string_body> const& req,
                                   tally& t) {
        beast::get_lowest_layer(c.stream).expires_after(10s);
        auto [wec, written] =
            co_await http::async_write(c.stream, req, asio::as_tuple(asio::use_awaitable));
        (void)written;
        if (wec) {
            t.fail("writing: " + wec.message());
            co_return false;
        }
        http::response<http::string_body> res;
        auto [rec, read] =
            co_await http::async_read(c.stream, c.buffer, res, asio::as_tuple(asio::use_awaitable));
        (void)read;
        if (rec) {
            t.fail("reading: " + rec.message());
            co_return false;
        }
        if (res.result_int() != 200 && res.result_int() != 201) {
            t.fail("status " + std::to_string(res.result_int()));
            co_return res.keep_alive();
        }
        auto wf = amperity::decode<amperity::workflow>(res.body());
        if (!wf) t.fail("decoding: " + wf.error().message());
        else if (wf->id.empty()) t.fail("a workflow without an id");
        else {
            ++t.ok;
            if (!timed_) sample_ = std::move(*wf);
        }
        co_return res.keep_alive();
    }

    asio::awaitable<void> close(connection& c) {
        beast::get_lowest_layer(c.stream).expires_after(1s);
        co_await c.stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
        beast::get_lowest_layer(c.stream).close();
    }

    asio::awaitable<void> worker(std::unique_ptr<connection>& conn, tally& t) {
        bool const post = s_.what == mode::run_seq;
        bool const fresh = post && !keep_alive_post_;
        auto const req = make_request(post);
        while (counter_.take()) {
            if (!conn) conn = co_await connect(t);
            if (!conn) continue;
            bool const reusable = co_await exchange(*conn, req, t);
            if (fresh) co_await close(*conn);
            if (fresh || !reusable) conn.reset();
        }
    }

    settings s_;
    endpoint_url url_;
    bool keep_alive_post_;
    ssl::context ctx_;
    std::string body_;
    call_counter counter_;
    bool timed_ = false;
    amperity::workflow sample_;
    std::vector<std::unique_ptr<connection>> conns_;
};

} // namespace

std::unique_ptr<peer> make_raw_peer(asio::io_context&, settings const& s, bool keep_alive_post) {
    return std::make_unique<raw_peer>(s, keep_alive_post);
}

} // namespace amperity_bench::client
