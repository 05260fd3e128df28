// The baseline of scripts/compile-cost: what a service team would write without the SDK, one
// HTTPS POST with a JSON body and a JSON answer, as a coroutine on Asio + OpenSSL + Beast +
// Boost.JSON (the libraries the SDK is built on). Compiled, never run.

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

asio::awaitable<void> start_workflow(ssl::context& ctx) {
    auto ex = co_await asio::this_coro::executor;
    char const* host = "app.amperity.com";
    asio::ip::tcp::resolver resolver(ex);
    beast::ssl_stream<beast::tcp_stream> stream(ex, ctx);
    auto endpoints = co_await resolver.async_resolve(host, "443", asio::use_awaitable);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
    SSL_set_tlsext_host_name(stream.native_handle(), host);
    stream.set_verify_callback(ssl::host_name_verification(host));
    co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);

    http::request<http::string_body> req{http::verb::post, "/api/workflow/runs", 11};
    req.set(http::field::host, host);
    req.set(http::field::authorization, "Bearer token");
    req.set(http::field::content_type, "application/json");
    req.set("amperity-tenant", "acme");
    req.set("api-version", "2024-04-01");
    req.body() = boost::json::serialize(boost::json::object{{"config_id", "cg-1"}});
    req.prepare_payload();
    co_await http::async_write(stream, req, asio::use_awaitable);

    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    co_await http::async_read(stream, buffer, res, asio::use_awaitable);
    auto doc = boost::json::parse(res.body());
    std::printf("%s\n", doc.at("id").as_string().c_str());
    co_await stream.async_shutdown(asio::use_awaitable);
}

int main() {
    asio::io_context io;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);
    asio::co_spawn(io, start_workflow(ctx), asio::detached);
    io.run();
}
