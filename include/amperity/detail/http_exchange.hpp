// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_HTTP_EXCHANGE_HPP
#define AMPERITY_DETAIL_HTTP_EXCHANGE_HPP

// One HTTP/1.1 exchange at the message level, whatever stream carries it: the request's bytes
// (outgoing_request), the limits on what may come back, and read_response, which reads the
// final response within them. The connection pool that uses these is detail/transport.hpp; the
// response fuzzer drives read_response from memory.

#include <amperity/defaults.hpp>
#include <amperity/detail/url.hpp>
#include <amperity/retry.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <array>
#include <cstddef>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include <amperity/detail/push_options.hpp>

namespace amperity::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using clock = std::chrono::steady_clock;

/// One HTTP/1.1 request as it goes on the wire: `head` (start line, header fields, the empty
/// line) and `body`, which stays where its owner keeps it until the exchange completes.
/// Header values are checked by whoever supplies them (client options when the client is made,
/// parameters in build_target, tokens when obtained): nothing here re-validates.
struct outgoing_request {
    std::string head;
    std::string_view body;
};

class request_writer {
public:
    request_writer(std::string_view method, std::string_view target, std::size_t fields_size) {
        head_.reserve(method.size() + target.size() + fields_size + 64);
        head_.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
    }

    request_writer& field(std::string_view name, std::string_view value) {
        return field(name, {}, value);
    }
    /// A value in two pieces (`Bearer ` and a token): no temporary holds the whole value.
    request_writer& field(std::string_view name, std::string_view prefix, std::string_view value) {
        head_.append(name).append(": ").append(prefix).append(value).append("\r\n");
        return *this;
    }

    /// Ends the head. Content-Length is sent with a body, and with an empty one for the methods
    /// that normally carry one (what Beast's prepare_payload does).
    outgoing_request finish(std::string_view method, std::string_view body) {
        if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
            field("Content-Length", std::to_string(body.size()));
        head_.append("\r\n");
        return outgoing_request{std::move(head_), body};
    }

private:
    std::string head_;
};

struct transport_limits {
    std::chrono::milliseconds connect_timeout = defaults::connect_timeout;
    std::chrono::milliseconds response_timeout = defaults::response_timeout;
    std::size_t max_response_bytes = defaults::max_response_bytes;
    std::size_t max_connections = defaults::max_connections;
    /// A pooled connection idle this long is closed instead of reused (0: never reused).
    std::chrono::milliseconds idle_timeout = defaults::idle_connection_timeout;
    /// Status line + header fields, and separately any one chunk-size line or the trailer:
    /// the read buffer never holds more than this plus one read (64 KiB), whatever arrives.
    std::size_t max_header_bytes = 64 * 1024;
};

/// The response header fields the client acts on; the others are not kept (the parser's copy
/// lives in a per-response arena, see read_response). Absent fields are empty optionals.
struct response_fields {
    std::optional<std::string> retry_after; ///< Retry-After
    std::optional<std::string> deprecation; ///< Deprecation
    std::optional<std::string> sunset;      ///< Sunset
    std::optional<std::string> request_id;  ///< X-Request-Id
};

/// What one request/response exchange came to.
struct exchange_result {
    attempt_failure failure = attempt_failure::none;
    bool written = false;            // any byte of the request reached the socket
    bool timed_out = false;
    bool cancelled = false;
    bool received = false;           // any byte of a response arrived
    bool reused = false;             // the final try ran on a pooled (kept-alive) connection
    bool resumed = false;            // its TLS session was resumed (abbreviated handshake)
    unsigned replays = 0;            // tries on a fresh connection after a stale pooled one
    unsigned status = 0;             // 0 when no status line was read
    std::string body;
    response_fields fields;          // the header fields the client acts on
    std::string detail;              // transport-level explanation, no secrets
};

/// Copies the fields response_fields keeps out of a parsed header.
template <class Fields>
void keep_fields(Fields const& header, response_fields& out) {
    auto keep = [&](auto name, std::optional<std::string>& into) {
        if (auto it = header.find(name); it != header.end())
            into.emplace(it->value().data(), it->value().size());
        else
            into.reset();
    };
    keep(http::field::retry_after, out.retry_after);
    keep("Deprecation", out.deprecation);
    keep("Sunset", out.sunset);
    keep("X-Request-Id", out.request_id);
}

/// Interim responses tolerated before the final one (the last counts as the flood).
inline constexpr unsigned max_interim_responses = 17;

/// Reads the final response of one exchange from `stream` (any Beast AsyncReadStream: a TCP or
/// TLS stream, or an in-memory test stream for the fuzzer) into `r`. Interim (1xx) responses
/// (100 Continue, 103 Early Hints) precede the final one: Beast completes a message at each, so
/// read until a final status, a bounded number of times; 101 Switching Protocols is final (we
/// never ask for an upgrade) and not reusable. Memory is bounded by the limits whatever
/// arrives: the body by max_response_bytes, the header by max_header_bytes, and the buffer
/// (chunk-size lines with extensions, trailers) by its own maximum. `reusable` says whether
/// the connection ends exactly at a message boundary and may serve another request.
template <class Stream>
asio::awaitable<void> read_response(Stream& stream, beast::flat_buffer& buffer,
                                    transport_limits const& limits, exchange_result& r,
                                    bool& reusable) {
    reusable = false;
    for (unsigned interim = 0;; ++interim) {
        // The header fields live in an arena in this frame (Beast allocates each field, and
        // the reason phrase, on its own: six allocations for an ordinary answer); a header
        // larger than the arena spills to the heap, bounded by max_header_bytes.
        std::array<std::byte, 2048> arena_bytes;
        std::pmr::monotonic_buffer_resource arena(arena_bytes.data(), arena_bytes.size());
        using fields_allocator = std::pmr::polymorphic_allocator<char>;
        http::response_parser<http::string_body, fields_allocator> parser(
            std::piecewise_construct, std::make_tuple(), std::make_tuple(fields_allocator(&arena)));
        parser.body_limit(limits.max_response_bytes);
        parser.header_limit(static_cast<std::uint32_t>(
            std::min<std::size_t>(limits.max_header_bytes, 0xffffffffu)));
        auto [rec, n] =
            co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        (void)n;
        if (parser.got_some()) r.received = true;
        bool const header_done = parser.is_header_done();
        if (header_done) r.status = parser.get().result_int();
        if (rec) {
            if (header_done) keep_fields(parser.get().base(), r.fields);
            if (rec == http::error::body_limit || rec == http::error::header_limit ||
                rec == http::error::buffer_overflow) {
                r.failure = attempt_failure::too_large;
                r.detail = rec == http::error::body_limit
                               ? "the response is larger than max_response_bytes (" +
                                     std::to_string(limits.max_response_bytes) + " bytes)"
                               : "the response's " +
                                     std::string(parser.is_header_done()
                                                     ? "chunk framing or trailer"
                                                     : "status line and header") +
                                     " exceeds " + std::to_string(limits.max_header_bytes) +
                                     " bytes";
            } else {
                r.failure = attempt_failure::lost_after_write;
                if (rec == beast::error::timeout) r.timed_out = true;
                if (rec == asio::error::operation_aborted) r.cancelled = true;
                r.detail = "reading the response: " + rec.message();
            }
            co_return;
        }
        if (r.status >= 100 && r.status < 200 && r.status != 101) {
            if (interim + 1 >= max_interim_responses) {
                r.failure = attempt_failure::unreadable_body;
                r.detail = "the server sent more than " +
                           std::to_string(max_interim_responses - 1) +
                           " interim (1xx) responses";
                co_return;
            }
            r.status = 0;
            continue;
        }
        // Reuse only a connection that is exactly at a message boundary: a server that sent
        // more than one response (or bytes after it) must not answer the next call.
        reusable = parser.get().keep_alive() && buffer.size() == 0 && r.status >= 200;
        keep_fields(parser.get().base(), r.fields);
        r.body = std::move(parser.get().body());
        // We send no Accept-Encoding, so the body must be as is: a gzip body would otherwise be
        // "decoded" as garbage JSON and reported as a confusing syntax error.
        auto const& header = parser.get().base();
        if (auto it = header.find(http::field::content_encoding); it != header.end()) {
            auto v = it->value();
            while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
            while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
            if (!beast::iequals(v, "identity")) {
                r.failure = attempt_failure::unreadable_body;
                r.detail = "the response has Content-Encoding " +
                           quoted_excerpt(std::string_view(v.data(), v.size())) +
                           ", which was not asked for";
            }
        }
        co_return;
    }
}
} // namespace amperity::detail

#include <amperity/detail/pop_options.hpp>

#endif // AMPERITY_DETAIL_HTTP_EXCHANGE_HPP
