// libFuzzer target: the client's response path, fed from an in-memory stream: the bytes are
// what a server sent after our request. read_response (interim 1xx handling, framing, the
// header, body and buffer limits) runs over beast::test::stream exactly as over TLS, then a
// 2xx body is decoded as a workflow, as get-workflow would. Checks: no crash, leak or UB; the
// body never exceeds max_response_bytes; the read buffer never exceeds its maximum; a
// reusable connection is always at a message boundary with a final status.
#include <amperity/codec.hpp>
#include <amperity/detail/http_exchange.hpp>
#include <amperity/model.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    namespace asio = boost::asio;
    namespace beast = boost::beast;
    asio::io_context io;
    beast::test::stream client(io);
    beast::test::stream server(io);
    client.connect(server);
    server.write_some(asio::buffer(data, size));
    server.close(); // end of stream after the bytes

    amperity::detail::transport_limits limits;
    limits.max_response_bytes = 64 * 1024;
    limits.max_header_bytes = 8 * 1024;
    std::size_t const max_buffer = limits.max_header_bytes + 64 * 1024;
    beast::flat_buffer buffer(max_buffer);
    amperity::detail::exchange_result r;
    bool reusable = false;
    bool done = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            co_await amperity::detail::read_response(client, buffer, limits, r, reusable);
            done = true;
        },
        asio::detached);
    io.run();
    if (!done) std::abort();
    if (r.body.size() > limits.max_response_bytes) std::abort();
    if (buffer.size() > max_buffer) std::abort();
    if (reusable && (buffer.size() != 0 || r.status < 200)) std::abort();
    if (r.failure == amperity::attempt_failure::none && r.status >= 200 && r.status < 300)
        (void)amperity::decode<amperity::workflow>(r.body);
    return 0;
}
