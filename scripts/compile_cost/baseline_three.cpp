// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
// The three-call baseline of scripts/compile-cost: a program that starts a run, follows it and
// lists runs, written on Asio + OpenSSL + Beast + Boost.JSON as a service team would without
// the SDK (one request helper coroutine, three JSON answers read). Compiled, never run.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;

char const* const host = "app.amperity.com";

asio::awaitable<boost::json::value> request(ssl::context& ctx, http::verb method,
                                            std::string target, std::string body) {
    auto ex = co_await asio::this_coro::executor;
    asio::ip::tcp::resolver resolver(ex);
    beast::ssl_stream<beast::tcp_stream> stream(ex, ctx);
    auto endpoints = co_await resolver.async_resolve(host, "443", asio::use_awaitable);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
    SSL_set_tlsext_host_name(stream.native_handle(), host);
    stream.set_verify_callback(ssl::host_name_verification(host));
    co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);

    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, host);
    req.set(http::field::authorization, "Bearer token");
    req.set("amperity-tenant", "acme");
    req.set("api-version", "2024-04-01");
    if (!body.empty()) {
        req.set(http::field::content_type, "application/json");
        req.body() = std::move(body);
    }
    req.prepare_payload();
    co_await http::async_write(stream, req, asio::use_awaitable);

    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    co_await http::async_read(stream, buffer, res, asio::use_awaitable);
    co_await stream.async_shutdown(asio::use_awaitable);
    co_return boost::json::parse(res.body());
}

asio::awaitable<void> run_follow_list(ssl::context& ctx) {
    // Named values, not temporaries built inside co_await: GCC 12 rejects the initializer list
    // there ("array used as initializer").
    std::string const runs = "/api/workflow/runs";
    std::string body = boost::json::serialize(boost::json::object{{"config_id", "cg-1"}});
    auto started = co_await request(ctx, http::verb::post, runs, std::move(body));
    std::string const id(started.at("id").as_string());
    auto run = co_await request(ctx, http::verb::get, runs + "/" + id, std::string());
    std::printf("%s %s\n", id.c_str(), run.at("state").as_string().c_str());
    auto page = co_await request(ctx, http::verb::get, runs + "?limit=10", std::string());
    for (auto const& r : page.at("data").as_array())
        std::printf("%s\n", r.at("id").as_string().c_str());
}

int main() {
    asio::io_context io;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);
    asio::co_spawn(io, run_follow_list(ctx), asio::detached);
    io.run();
}
