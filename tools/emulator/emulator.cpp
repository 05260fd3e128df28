// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

// The emulator's network side: accept loop, one coroutine per connection (on its own strand),
// TLS, HTTP/1.1 keep-alive, and the faults applied on the wire. What to answer is decided by
// detail::api (api.cpp); this file only moves bytes. It is the one heavy Beast/Asio/SSL
// translation unit of the library.

#include <amperity/emulator/emulator.hpp>

#include "api.hpp"
#include "certificate.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <boost/system/system_error.hpp>

#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <type_traits>

namespace amperity::emulator {
namespace detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

constexpr std::size_t max_request_body = 1u << 20;
constexpr std::chrono::seconds idle_timeout{120};     // a keep-alive connection waiting
constexpr std::chrono::seconds io_timeout{30};        // one read or write in progress
constexpr std::chrono::seconds handshake_timeout{10}; // TLS handshake and shutdown
constexpr std::uint64_t oversized_body_bytes = 64ull << 20;

using plain_stream = beast::tcp_stream;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

// Responses are serialized to bytes first and written with one asio::async_write: the same
// bytes as http::async_write, but one composed write per stream type instead of one per body
// type and write kind (over TLS each of those is a deep template instantiation; this file took
// twice as long to compile).

/// A response's header section (status line, fields, blank line), as http::write sends it.
std::string header_bytes(http::response_header<> const& head) {
    std::ostringstream os;
    os << head;
    return std::move(os).str();
}

/// A whole response (prepare_payload already applied), as http::write sends it.
template <class Body>
std::string message_bytes(http::response<Body> const& msg) {
    std::ostringstream os;
    os << msg;
    return std::move(os).str();
}

template <class Stream>
constexpr bool is_tls = std::is_same_v<Stream, tls_stream>;

/// What stop() needs of a connection, whatever its stream type.
class connection_base {
public:
    connection_base() = default;
    connection_base(connection_base const&) = delete;
    connection_base& operator=(connection_base const&) = delete;
    virtual ~connection_base() = default;
    /// Closes the socket and cancels any wait; thread-safe (runs on the connection's strand).
    virtual void close() = 0;
};

template <class Stream>
class connection final : public connection_base,
                         public std::enable_shared_from_this<connection<Stream>> {
public:
    template <class... Args>
    explicit connection(Args&&... args)
        : stream(std::forward<Args>(args)...)
        , timer(stream.get_executor()) {}

    void close() override {
        asio::post(stream.get_executor(), [self = this->shared_from_this()] { self->close_now(); });
    }

    void close_now() {
        timer.cancel();
        beast::get_lowest_layer(stream).close();
    }

    /// An abortive close: the peer sees a TCP RST, not a FIN.
    void reset() {
        boost::system::error_code ec;
        beast::get_lowest_layer(stream).socket().set_option(tcp::socket::linger(true, 0), ec);
        close_now();
    }

    Stream stream;
    asio::steady_timer timer; // fault waits; cancelled by close()
};

bool is_loopback_host(std::string const& host, asio::ip::address& out) {
    boost::system::error_code ec;
    out = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
    return !ec && out.is_loopback();
}

} // namespace

class server_impl : public std::enable_shared_from_this<server_impl> {
public:
    server_impl(asio::any_io_executor ex, options opts)
        : opts_(std::move(opts))
        , api_(opts_)
        , ex_(std::move(ex))
        , acceptor_strand_(asio::make_strand(ex_))
        , acceptor_(acceptor_strand_) {
        if (!is_loopback_host(opts_.host, address_))
            throw std::invalid_argument("amperity-emulator: refusing to listen on \"" + opts_.host +
                                        "\": only loopback addresses are allowed");
        if (!opts_.base_path.empty() &&
            (opts_.base_path.front() != '/' || opts_.base_path.back() == '/'))
            throw std::invalid_argument("amperity-emulator: base_path must be empty or start "
                                        "with '/' and not end with '/'");
        if (opts_.tls) {
            tls_ = load_or_make_tls_material(opts_.tls_dir, opts_.cert_names);
            ssl_.emplace(ssl::context::tls_server);
            ssl_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                              ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                              ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
            if (SSL_CTX_set_min_proto_version(ssl_->native_handle(), TLS1_2_VERSION) != 1)
                throw std::runtime_error("amperity-emulator: cannot require TLS 1.2");
            ssl_->use_certificate_chain(asio::buffer(tls_.cert_pem));
            ssl_->use_private_key(asio::buffer(tls_.key_pem), ssl::context::pem);
        }
    }

    void start() {
        std::lock_guard lock(conns_mutex_);
        if (stopped_ || started_)
            throw std::logic_error("amperity-emulator: start() called twice or after stop()");
        tcp::endpoint const ep(address_, opts_.port);
        boost::system::error_code ec;
        acceptor_.open(ep.protocol(), ec);
        if (!ec)
            acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec)
            acceptor_.bind(ep, ec);
        if (!ec)
            acceptor_.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            boost::system::error_code ignored;
            acceptor_.close(ignored);
            // Without the source location Asio attaches: the message is for people.
            throw boost::system::system_error(boost::system::error_code(ec.value(), ec.category()),
                                              "amperity-emulator: cannot listen on " +
                                                  base_url_for(opts_.port));
        }
        started_ = true;
        port_ = acceptor_.local_endpoint().port();
        asio::co_spawn(acceptor_strand_, accept_loop(shared_from_this()),
                       [self = shared_from_this()](std::exception_ptr e) {
                           if (e)
                               self->log_exception("accept loop", e);
                       });
    }

    void stop() {
        std::vector<std::shared_ptr<connection_base>> live;
        {
            std::lock_guard lock(conns_mutex_);
            stopped_ = true;
            for (auto const& [id, weak] : conns_)
                if (auto c = weak.lock())
                    live.push_back(std::move(c));
        }
        asio::post(acceptor_strand_, [self = shared_from_this()] {
            boost::system::error_code ec;
            self->acceptor_.close(ec);
        });
        for (auto const& c : live)
            c->close();
    }

    unsigned short port() const { return port_; }

    std::string base_url() const { return base_url_for(port_); }

    std::string const& ca_pem() const { return tls_.ca_pem; }

    api& state() { return api_; }

private:
    std::string base_url_for(unsigned short port) const {
        std::string host = address_.to_string();
        if (address_.is_v6())
            host = "[" + host + "]";
        return std::string(opts_.tls ? "https://" : "http://") + host + ":" + std::to_string(port) +
               opts_.base_path;
    }

    asio::awaitable<void> accept_loop(std::shared_ptr<server_impl> self) {
        (void)self; // keeps the state alive while accepting
        asio::steady_timer backoff(acceptor_strand_);
        for (;;) {
            auto [ec, socket] = co_await acceptor_.async_accept(
                asio::any_io_executor(asio::make_strand(ex_)), use_tuple);
            if (!acceptor_.is_open() || ec == asio::error::operation_aborted)
                co_return;
            if (ec) {
                // Out of descriptors and the like: wait a little instead of spinning.
                backoff.expires_after(milliseconds(50));
                co_await backoff.async_wait(use_tuple);
                continue;
            }
            api_.count_connection();
            spawn(std::move(socket));
        }
    }

    void spawn(tcp::socket socket) {
        auto ex = socket.get_executor();
        if (opts_.tls) {
            auto c = std::make_shared<connection<tls_stream>>(std::move(socket), *ssl_);
            launch(ex, std::move(c));
        } else {
            auto c = std::make_shared<connection<plain_stream>>(std::move(socket));
            launch(ex, std::move(c));
        }
    }

    template <class Stream>
    void launch(asio::any_io_executor ex, std::shared_ptr<connection<Stream>> c) {
        std::uint64_t id = 0;
        {
            std::lock_guard lock(conns_mutex_);
            id = next_connection_id_++;
            conns_[id] = c;
            if (stopped_)
                c->close();
        }
        asio::co_spawn(ex, serve(shared_from_this(), c),
                       [self = shared_from_this(), id](std::exception_ptr e) {
                           {
                               std::lock_guard lock(self->conns_mutex_);
                               self->conns_.erase(id);
                           }
                           if (e)
                               self->log_exception("connection", e);
                       });
    }

    template <class Stream>
    asio::awaitable<void> serve(std::shared_ptr<server_impl> self,
                                std::shared_ptr<connection<Stream>> c);

    template <class Stream>
    asio::awaitable<bool> write_faulty(connection<Stream>& c, fault const& f,
                                       http::response<http::string_body>& msg);

    template <class Stream>
    asio::awaitable<void> write_oversized(connection<Stream>& c,
                                          http::response<http::string_body> const& like);

    template <class Stream>
    asio::awaitable<void> graceful_close(connection<Stream>& c);

    /// Answers with an error_response and closes: for requests that cannot be handled at all.
    template <class Stream>
    asio::awaitable<void> write_error(connection<Stream>& c, unsigned status,
                                      std::string const& message);

    void log(std::string_view line) const {
        if (opts_.log)
            opts_.log(line);
    }

    void log_exception(char const* where, std::exception_ptr e) const {
        try {
            std::rethrow_exception(e);
        } catch (std::exception const& ex) {
            log(std::string(where) + " failed: " + ex.what());
        } catch (...) {
            log(std::string(where) + " failed");
        }
    }

    options opts_;
    api api_;
    asio::any_io_executor ex_;
    asio::strand<asio::any_io_executor> acceptor_strand_;
    tcp::acceptor acceptor_;
    asio::ip::address address_;
    tls_material tls_;
    std::optional<ssl::context> ssl_;
    std::atomic<unsigned short> port_{0};

    std::mutex conns_mutex_;
    std::map<std::uint64_t, std::weak_ptr<connection_base>> conns_;
    std::uint64_t next_connection_id_ = 0;
    bool started_ = false;
    bool stopped_ = false;
};

namespace {

request to_request(http::request<http::string_body>&& m) {
    request r;
    r.method = std::string(m.method_string());
    r.target = std::string(m.target());
    for (auto const& field : m) {
        std::string name(field.name_string());
        for (char& ch : name)
            if (ch >= 'A' && ch <= 'Z')
                ch = static_cast<char>(ch - 'A' + 'a');
        r.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    r.body = std::move(m.body());
    return r;
}

/// One log line per request. Never the body, never a credential.
std::string log_line(request const& req, plan const& p, unsigned status, steady::time_point t0,
                     std::optional<fault> const& f, std::vector<std::string> const& log_headers) {
    std::string line =
        req.method + " " + req.target + " -> " + std::to_string(status) + " " + p.operation;
    if (auto t = req.header("amperity-tenant"))
        line += " tenant=" + std::string(*t);
    if (auto v = req.header("api-version"))
        line += " api-version=" + std::string(*v);
    if (req.header("authorization"))
        line += " authorization=<redacted>";
    if (f)
        line += " fault=" + std::string(to_string(f->what));
    auto const ms = std::chrono::duration_cast<milliseconds>(steady::now() - t0).count();
    line += " " + std::to_string(ms) + "ms id=" + p.request_id;
    for (auto const& name : log_headers) {
        if (name == "authorization" || name == "proxy-authorization")
            continue;
        auto v = req.header(name);
        line += " " + name + "=" + (v ? std::string(*v) : std::string("-"));
    }
    return line;
}

bool is_2xx(unsigned status) {
    return status >= 200 && status < 300;
}

} // namespace

template <class Stream>
asio::awaitable<void> server_impl::serve(std::shared_ptr<server_impl> self,
                                         std::shared_ptr<connection<Stream>> c) {
    (void)self; // keeps the state alive while the connection lives
    auto& stream = c->stream;
    auto& lowest = beast::get_lowest_layer(stream);

    if constexpr (is_tls<Stream>) {
        lowest.expires_after(handshake_timeout);
        auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, use_tuple);
        if (ec) {
            log("TLS handshake failed: " + ec.message());
            co_return;
        }
    }

    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(max_request_body);
        lowest.expires_after(idle_timeout);
        auto [read_ec, read_n] =
            co_await http::async_read_header(stream, buffer, parser, use_tuple);
        (void)read_n;
        if (read_ec == http::error::body_limit) {
            // Content-Length over the limit: refused before reading the body.
            co_await write_error(*c, 413, "request body larger than 1 MiB");
            co_return;
        }
        if (read_ec) {
            if (read_ec.category() == http::make_error_code(http::error::bad_target).category() &&
                read_ec != http::error::end_of_stream && read_ec != http::error::partial_message)
                co_await write_error(*c, 400, "malformed HTTP request: " + read_ec.message());
            co_return;
        }

        auto const t0 = steady::now();
        auto& head = parser.get();
        plan const p =
            api_.begin(std::string_view(head.method_string()), std::string_view(head.target()));
        std::optional<fault> const f = p.injected;
        bool const process = f ? processes(*f) : true;

        if (f && f->what == fault::kind::reset_before_read && !process) {
            log(std::string(head.method_string()) + " " + std::string(head.target()) + " -> RST " +
                p.operation + " fault=reset_before_read id=" + p.request_id);
            c->reset();
            co_return;
        }

        if (beast::iequals(head[http::field::expect], "100-continue")) {
            std::string const cont =
                message_bytes(http::response<http::empty_body>{http::status::continue_, 11});
            lowest.expires_after(io_timeout);
            auto [ec, n] = co_await asio::async_write(stream, asio::buffer(cont), use_tuple);
            if (ec)
                co_return;
        }

        lowest.expires_after(io_timeout);
        if (!parser.is_done()) {
            auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
            if (ec == http::error::body_limit) { // chunked bodies are only caught here
                co_await write_error(*c, 413, "request body larger than 1 MiB");
                co_return;
            }
            if (ec)
                co_return;
        }
        bool const keep_alive = parser.get().keep_alive();
        request req = to_request(parser.release());

        response res;
        if (process) {
            res = api_.handle(req, p);
        } else {
            res = {503, {}, error_body(503, "emulated fault: the request was not processed", p)};
        }

        if (f && (f->what == fault::kind::reset_after_read ||
                  f->what == fault::kind::reset_before_read)) {
            log(log_line(req, p, 0, t0, f, opts_.log_headers) + " (RST after reading)");
            c->reset();
            co_return;
        }
        if (f && f->what == fault::kind::status)
            res = fault_status(*f, p);
        if (f && f->what == fault::kind::malformed_body) {
            if (!is_2xx(res.status))
                res.status = 200;
            res.body = "<html><head><title>OK</title></head><body>emulated fault: this body is "
                       "not JSON</body></html>\n";
        }
        if (f && f->retry_after && f->what != fault::kind::status)
            res.headers.emplace_back("Retry-After", *f->retry_after);

        http::response<http::string_body> msg;
        msg.version(11);
        msg.result(res.status);
        msg.set(http::field::server, "amperity-emulator");
        msg.set(http::field::content_type, "application/json");
        msg.set("x-request-id", p.request_id);
        if (p.operation != "control")
            for (auto const& [name, value] : opts_.response_headers)
                msg.set(name, value);
        for (auto const& [name, value] : res.headers)
            msg.set(name, value);
        msg.body() = std::move(res.body);
        msg.keep_alive(keep_alive);
        msg.prepare_payload();

        if (f && f->what == fault::kind::delay && f->delay.count() > 0) {
            c->timer.expires_after(f->delay);
            auto [ec] = co_await c->timer.async_wait(use_tuple);
            if (ec)
                co_return; // stopped
        }

        log(log_line(req, p, res.status, t0, f, opts_.log_headers));
        bool ok = true;
        if (f) {
            ok = co_await write_faulty(*c, *f, msg);
        } else {
            std::string const bytes = message_bytes(msg);
            lowest.expires_after(io_timeout);
            auto [ec, n] = co_await asio::async_write(stream, asio::buffer(bytes), use_tuple);
            ok = !ec;
        }
        if (!ok)
            co_return;
        if (!keep_alive) {
            co_await graceful_close(*c);
            co_return;
        }
    }
}

/// Writes `msg` the way fault `f` says. False: the connection is finished.
template <class Stream>
asio::awaitable<bool> server_impl::write_faulty(connection<Stream>& c, fault const& f,
                                                http::response<http::string_body>& msg) {
    auto& stream = c.stream;
    auto& lowest = beast::get_lowest_layer(stream);
    switch (f.what) {
    case fault::kind::truncated_body: {
        // The head promises the whole body; half of it arrives, then the connection closes
        // (FIN, and no TLS close_notify: the client sees a truncated stream).
        auto const& body = msg.body();
        std::string const head = header_bytes(msg.base());
        lowest.expires_after(io_timeout);
        auto [ec, n] = co_await asio::async_write(stream, asio::buffer(head), use_tuple);
        if (!ec)
            co_await asio::async_write(stream, asio::buffer(body.data(), body.size() / 2),
                                       use_tuple);
        boost::system::error_code ignored;
        lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
        c.close_now();
        co_return false;
    }
    case fault::kind::slow_drip: {
        auto const& body = msg.body();
        milliseconds const total = f.delay.count() > 0 ? f.delay : milliseconds(1000);
        std::size_t const pieces =
            std::max<std::size_t>(1, std::min<std::size_t>(body.size(), 100));
        std::size_t const piece = (body.size() + pieces - 1) / pieces;
        auto const interval = total / static_cast<long>(pieces);
        std::string const head = header_bytes(msg.base());
        lowest.expires_after(io_timeout + total);
        auto [ec, n] = co_await asio::async_write(stream, asio::buffer(head), use_tuple);
        if (ec)
            co_return false;
        for (std::size_t at = 0; at < body.size(); at += piece) {
            if (at > 0) {
                c.timer.expires_after(interval);
                auto [wait_ec] = co_await c.timer.async_wait(use_tuple);
                if (wait_ec)
                    co_return false;
            }
            auto const len = std::min(piece, body.size() - at);
            auto [write_ec, written] =
                co_await asio::async_write(stream, asio::buffer(body.data() + at, len), use_tuple);
            if (write_ec)
                co_return false;
        }
        co_return true;
    }
    case fault::kind::oversized_body:
        co_await write_oversized(c, msg);
        co_return lowest.socket().is_open();
    default: {
        std::string const bytes = message_bytes(msg);
        lowest.expires_after(io_timeout);
        auto [ec, n] = co_await asio::async_write(stream, asio::buffer(bytes), use_tuple);
        co_return !ec;
    }
    }
}

/// A 2xx whose body is 64 MiB of valid-looking JSON (a page of identical runs), streamed in
/// chunks so it is never held in memory at once. Closes the connection on a write error.
template <class Stream>
asio::awaitable<void> server_impl::write_oversized(connection<Stream>& c,
                                                   http::response<http::string_body> const& like) {
    auto& stream = c.stream;
    auto& lowest = beast::get_lowest_layer(stream);
    unsigned const status = is_2xx(like.result_int()) ? like.result_int() : 200;
    http::response<http::empty_body> head;
    head.version(11);
    for (auto const& field : like)
        head.set(field.name_string(), field.value());
    head.result(status);
    head.content_length(oversized_body_bytes);
    head.keep_alive(like.keep_alive());
    std::string const head_bytes = header_bytes(head.base());
    lowest.expires_after(io_timeout);
    if (auto [ec, n] = co_await asio::async_write(stream, asio::buffer(head_bytes), use_tuple);
        ec) {
        c.close_now();
        co_return;
    }

    std::string_view const open = R"({"data":[)";
    std::string_view const item =
        R"({"id":"wf-20240101-00001-oversz","state":"succeeded","type":"courier.group/run",)"
        R"("name":"oversized body fault","tenant":"emulator","created_at":"2024-01-01T00:00:00.000Z",)"
        R"("ended_at":"2024-01-01T00:01:00.000Z"})";
    std::string_view const close_data = R"(],"padding":")";
    std::string_view const close_object = R"("})";
    std::uint64_t const fixed = open.size() + close_data.size() + close_object.size();
    std::uint64_t const items = (oversized_body_bytes - fixed + 1) / (item.size() + 1);
    std::uint64_t padding = oversized_body_bytes - fixed - items * (item.size() + 1) + 1;

    constexpr std::size_t chunk_size = 256u << 10;
    std::string chunk;
    chunk.reserve(chunk_size + item.size() + 1);
    auto flush = [&]() -> asio::awaitable<bool> {
        lowest.expires_after(io_timeout);
        auto [ec, n] = co_await asio::async_write(stream, asio::buffer(chunk), use_tuple);
        chunk.clear();
        co_return !ec;
    };
    chunk += open;
    for (std::uint64_t i = 0; i < items; ++i) {
        if (i > 0)
            chunk += ',';
        chunk += item;
        if (chunk.size() >= chunk_size && !co_await flush()) {
            c.close_now();
            co_return;
        }
    }
    chunk += close_data;
    while (padding > 0) {
        auto const n = static_cast<std::size_t>(
            std::min<std::uint64_t>(padding, chunk_size - std::min(chunk.size(), chunk_size)));
        chunk.append(n, 'x');
        padding -= n;
        if (chunk.size() >= chunk_size && !co_await flush()) {
            c.close_now();
            co_return;
        }
    }
    chunk += close_object;
    if (!co_await flush())
        c.close_now();
}

template <class Stream>
asio::awaitable<void> server_impl::write_error(connection<Stream>& c, unsigned status,
                                               std::string const& message) {
    plan const p = api_.bare_plan();
    http::response<http::string_body> msg;
    msg.version(11);
    msg.result(status);
    msg.set(http::field::server, "amperity-emulator");
    msg.set(http::field::content_type, "application/json");
    msg.set("x-request-id", p.request_id);
    msg.body() = error_body(status, message, p);
    msg.keep_alive(false);
    msg.prepare_payload();
    log("-> " + std::to_string(status) + " " + message + " id=" + p.request_id);
    std::string const bytes = message_bytes(msg);
    beast::get_lowest_layer(c.stream).expires_after(io_timeout);
    auto [ec, n] = co_await asio::async_write(c.stream, asio::buffer(bytes), use_tuple);
    if (!ec)
        co_await graceful_close(c);
}

template <class Stream>
asio::awaitable<void> server_impl::graceful_close(connection<Stream>& c) {
    auto& lowest = beast::get_lowest_layer(c.stream);
    if constexpr (is_tls<Stream>) {
        lowest.expires_after(handshake_timeout);
        co_await c.stream.async_shutdown(use_tuple);
    } else {
        boost::system::error_code ec;
        lowest.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
    c.close_now();
}

} // namespace detail

// ---- server ------------------------------------------------------------------------------------

server::server(boost::asio::any_io_executor ex, options opts)
    : impl_(std::make_shared<detail::server_impl>(std::move(ex), std::move(opts))) {}

server::~server() {
    impl_->stop();
}

void server::start() {
    impl_->start();
}

void server::stop() {
    impl_->stop();
}

unsigned short server::port() const {
    return impl_->port();
}

std::string server::base_url() const {
    return impl_->base_url();
}

std::string server::ca_pem() const {
    return impl_->ca_pem();
}

void server::write_ca(std::string const& path) const {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << impl_->ca_pem();
    out.close();
    if (!out)
        throw std::runtime_error("amperity-emulator: cannot write the CA to " + path);
}

void server::inject(fault f) {
    impl_->state().inject(std::move(f));
}

stats server::get_stats() const {
    return impl_->state().get_stats();
}

void server::reset() {
    impl_->state().reset();
}

} // namespace amperity::emulator
