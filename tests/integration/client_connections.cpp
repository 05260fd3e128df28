// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// Connections against a real server: Debian's nginx, started per test on loopback by
// tests/nginx/nginx_server.py (TLS 1.2 and 1.3, session tickets, one server block that closes
// idle connections after 1 s). nginx's access log says which connection served each request and
// whether its TLS session was resumed; the tests read it back.
//
//   - TLS session resumption: every new connection after the first resumes (run-workflow,
//     which always opens one, included), under TLS 1.3 and TLS 1.2; a ticket the server no
//     longer accepts (nginx restarted with new ticket keys) falls back to a full handshake.
//   - Idle-connection health: connections the server closed while idle are never used, after
//     gaps and after bursts, with max_attempts = 1 (so any failure would show); the idle age
//     limit; run-workflow never on a pooled connection.
//   - A pooled connection that dies under a request (the emulator resets it) is replaced at
//     once without spending an attempt, for operations that may be repeated only.
#include "support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace amperity_it {

using amperity::errc;

namespace {

/// One line of nginx's access log (tests/nginx/nginx_server.py, LOG_FIELDS).
struct access {
    int port = 0;
    long connection = 0;
    long requests = 0; ///< this request's number on its connection (1: the first)
    std::string protocol;
    bool resumed = false;
    std::string method;
    std::string uri;
    int status = 0;
};

/// tests/nginx/nginx_server.py as a child process, spoken to over pipes: nginx runs while this
/// object lives. Fails the test loudly when nginx cannot start (it is a bootstrap dependency,
/// never a reason to skip).
class nginx_server {
public:
    nginx_server() {
        int to_child[2], from_child[2];
        BOOST_REQUIRE(::pipe(to_child) == 0 && ::pipe(from_child) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
        posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
        for (int fd : {to_child[0], to_child[1], from_child[0], from_child[1]})
            posix_spawn_file_actions_addclose(&actions, fd);
        std::string a0 = AMPERITY_PYTHON, a1 = AMPERITY_NGINX_SERVER;
        char* argv[] = {a0.data(), a1.data(), nullptr};
        int const rc = posix_spawn(&pid_, a0.c_str(), &actions, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(to_child[0]);
        ::close(from_child[1]);
        to_ = ::fdopen(to_child[1], "w");
        from_ = ::fdopen(from_child[0], "r");
        BOOST_REQUIRE_MESSAGE(rc == 0, "cannot run " << a1 << ": " << std::strerror(rc));
        auto const hello = boost::json::parse(read_line()).as_object();
        BOOST_REQUIRE_MESSAGE(!hello.contains("error"),
                              "nginx did not start (scripts/bootstrap installs nginx-light): "
                                  << boost::json::serialize(hello));
        for (auto const& [block, port] : hello.at("ports").as_object())
            ports_[std::string(block)] = static_cast<int>(port.as_int64());
        ca_file_ = std::string(hello.at("ca_file").as_string());
    }
    ~nginx_server() {
        if (to_) std::fclose(to_); // end of input: the script stops nginx and exits
        if (from_) std::fclose(from_);
        int status = 0;
        if (pid_ > 0) ::waitpid(pid_, &status, 0);
    }
    nginx_server(nginx_server const&) = delete;
    nginx_server& operator=(nginx_server const&) = delete;

    int port(std::string const& block) const { return ports_.at(block); }
    std::string base_url(std::string const& block) const {
        return "https://localhost:" + std::to_string(port(block)) + "/api";
    }
    std::string const& ca_file() const { return ca_file_; }

    /// Stops nginx and starts it again on the same ports with new session-ticket keys.
    void restart() {
        auto const answer = command("restart");
        BOOST_REQUIRE_MESSAGE(answer.as_object().contains("restarted"),
                              boost::json::serialize(answer));
    }

    /// The access log so far, only the lines of `block`'s port.
    std::vector<access> log(std::string const& block) {
        std::vector<access> out;
        auto const answer = command("log"); // named: a range-for over a temporary's member dies
        for (auto const& v : answer.as_object().at("lines").as_array()) {
            auto const& o = v.as_object();
            access a;
            a.port = static_cast<int>(o.at("port").as_int64());
            if (a.port != port(block)) continue;
            a.connection = static_cast<long>(o.at("connection").as_int64());
            a.requests = static_cast<long>(o.at("requests").as_int64());
            a.protocol = std::string(o.at("protocol").as_string());
            a.resumed = o.at("reused").as_bool();
            a.method = std::string(o.at("method").as_string());
            a.uri = std::string(o.at("uri").as_string());
            a.status = static_cast<int>(o.at("status").as_int64());
            out.push_back(std::move(a));
        }
        return out;
    }

private:
    std::string read_line() {
        char* line = nullptr;
        std::size_t cap = 0;
        ssize_t const n = ::getline(&line, &cap, from_);
        std::string s = n > 0 ? std::string(line, static_cast<std::size_t>(n)) : std::string();
        std::free(line);
        BOOST_REQUIRE_MESSAGE(!s.empty(), "nginx_server.py ended without an answer");
        return s;
    }
    boost::json::value command(char const* what) {
        std::fprintf(to_, "%s\n", what);
        std::fflush(to_);
        return boost::json::parse(read_line());
    }

    pid_t pid_ = -1;
    std::FILE* to_ = nullptr;
    std::FILE* from_ = nullptr;
    std::map<std::string, int> ports_;
    std::string ca_file_;
};

/// Client options for `block` of `server`: the static token, its CA, quick retries, and a
/// metrics observer (`metrics`) to count attempts, retries and connections.
amperity::client_options options_for(nginx_server const& server, std::string const& block,
                                     std::shared_ptr<amperity::metrics_observer> const& metrics,
                                     unsigned max_attempts = 3) {
    amperity::client_options o;
    o.base_url = server.base_url(block);
    o.tenant = "acme";
    o.auth = amperity::bearer_token{amperity::secret(static_token)};
    o.ca_file = server.ca_file();
    o.retry.max_attempts = max_attempts;
    o.retry.initial_backoff = 5ms;
    o.retry.max_backoff = 20ms;
    o.rate_limit.requests_per_second = 0;
    o.call_timeout = 20s;
    o.observer = metrics;
    return o;
}

long distinct_connections(std::vector<access> const& lines) {
    std::set<long> seen;
    for (auto const& a : lines) seen.insert(a.connection);
    return static_cast<long>(seen.size());
}

long count_resumed(std::vector<access> const& lines) {
    long n = 0;
    for (auto const& a : lines) n += a.resumed && a.requests == 1 ? 1 : 0;
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(client_connections)

BOOST_AUTO_TEST_CASE(every_new_connection_after_the_first_resumes_its_tls_session) {
    nginx_server server;
    for (auto const& [block, protocol] : {std::pair<std::string, std::string>{"main", "TLSv1.3"},
                                          {"tls12", "TLSv1.2"}}) {
        BOOST_TEST_CONTEXT("block " << block) {
            auto metrics = std::make_shared<amperity::metrics_observer>();
            asio::io_context io;
            amperity::client c(io.get_executor(), options_for(server, block, metrics));
            amperity::diagnostics diag;
            constexpr int runs = 6;
            for (int i = 0; i < runs; ++i) BOOST_TEST(!run_once(io, c, diag), diag.detail);
            // GETs open connections too (the first one: the pool is empty); it resumes as well.
            BOOST_TEST(!get_once(io, c, diag, "wf-1"), diag.detail);

            auto const lines = server.log(block);
            BOOST_TEST_REQUIRE(lines.size() == std::size_t(runs + 1));
            for (auto const& a : lines) {
                BOOST_TEST(a.protocol == protocol);
                BOOST_TEST(a.requests == 1); // a connection of its own each time
            }
            BOOST_TEST(distinct_connections(lines) == runs + 1);
            BOOST_TEST(!lines.front().resumed); // the first: a full handshake
            BOOST_TEST(count_resumed(lines) == runs);
            auto const s = metrics->snapshot();
            BOOST_TEST(s.tls_resumptions == std::uint64_t(runs));
            BOOST_TEST(s.retries == 0u);
            BOOST_TEST(s.attempts == std::uint64_t(runs + 1));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_rejected_ticket_falls_back_to_a_full_handshake) {
    nginx_server server;
    for (std::string const block : {"main", "tls12"}) {
        BOOST_TEST_CONTEXT("block " << block) {
            auto metrics = std::make_shared<amperity::metrics_observer>();
            asio::io_context io;
            amperity::client c(io.get_executor(), options_for(server, block, metrics, 1));
            amperity::diagnostics diag;
            BOOST_TEST(!run_once(io, c, diag), diag.detail);
            BOOST_TEST(!run_once(io, c, diag), diag.detail);
            // New ticket keys: every session the client holds is now unknown to the server.
            server.restart();
            BOOST_TEST(!run_once(io, c, diag), diag.detail);
            BOOST_TEST(diag.attempts == 1u); // no retry: the handshake just went the long way
            BOOST_TEST(!run_once(io, c, diag), diag.detail);
            BOOST_TEST(!run_once(io, c, diag), diag.detail);

            auto const lines = server.log(block);
            BOOST_TEST_REQUIRE(lines.size() >= 5u);
            auto const tail = std::vector<access>(lines.end() - 5, lines.end());
            BOOST_TEST(!tail[0].resumed);
            BOOST_TEST(tail[1].resumed);
            BOOST_TEST(!tail[2].resumed); // the ticket was refused: a full handshake
            BOOST_TEST(tail[3].resumed);  // with a session from that full handshake
            BOOST_TEST(tail[4].resumed);
            auto const s = metrics->snapshot();
            BOOST_TEST(s.failed_calls == 0u);
            BOOST_TEST(s.retries == 0u);
            BOOST_TEST(s.tls_resumptions == 3u);
        }
    }
}

BOOST_AUTO_TEST_CASE(connections_the_server_closed_while_idle_are_not_used) {
    // The "idle" block closes a connection after 1 s without a request; the client's own age
    // limit (30 s) is far off, so only the check before reuse can notice. One attempt per call:
    // a dead connection taken from the pool would fail the call.
    nginx_server server;
    auto metrics = std::make_shared<amperity::metrics_observer>();
    asio::io_context io;
    amperity::client c(io.get_executor(), options_for(server, "idle", metrics, 1));
    amperity::diagnostics diag;
    constexpr int gaps = 3;
    for (int i = 0; i < gaps; ++i) {
        BOOST_TEST(!get_once(io, c, diag, "wf-1"), diag.detail);
        std::this_thread::sleep_for(1500ms);
    }
    auto s = metrics->snapshot();
    BOOST_TEST(s.failed_calls == 0u);
    BOOST_TEST(s.retries == 0u);
    BOOST_TEST(s.connections_reused == 0u);   // each pooled connection was seen to be closed
    BOOST_TEST(s.connections_replaced == 0u); // ... before use, not by failing under a request
    BOOST_TEST(distinct_connections(server.log("idle")) == gaps);

    // Without a gap the pool does reuse them.
    for (int i = 0; i < 3; ++i) BOOST_TEST(!get_once(io, c, diag, "wf-1"), diag.detail);
    s = metrics->snapshot();
    BOOST_TEST(s.connections_reused == 2u);
    BOOST_TEST(distinct_connections(server.log("idle")) == gaps + 1);
}

BOOST_AUTO_TEST_CASE(bursts_and_idle_gaps_fail_and_retry_nothing) {
    // 64 concurrent calls over the default 8 connections leave 8 idle; the server closes them
    // all during the gap; the next burst must open new ones without a single failed call.
    nginx_server server;
    auto metrics = std::make_shared<amperity::metrics_observer>();
    asio::io_context io;
    amperity::client c(io.get_executor(), options_for(server, "idle", metrics, 1));
    constexpr int burst = 64;
    BOOST_TEST(concurrent_gets(io, c, "wf-1", burst) == burst);
    std::this_thread::sleep_for(1500ms);
    BOOST_TEST(concurrent_gets(io, c, "wf-1", burst) == burst);
    std::this_thread::sleep_for(1500ms);
    BOOST_TEST(concurrent_gets(io, c, "wf-1", burst) == burst);
    BOOST_TEST(concurrent_gets(io, c, "wf-1", burst) == burst); // right away: pooled ones
    auto const s = metrics->snapshot();
    BOOST_TEST(s.calls == std::uint64_t(4 * burst));
    BOOST_TEST(s.failed_calls == 0u);
    BOOST_TEST(s.retries == 0u);
    BOOST_TEST(s.attempts == std::uint64_t(4 * burst));
    BOOST_TEST(s.connections_reused > 0u);
    auto const lines = server.log("idle");
    BOOST_TEST(lines.size() == std::size_t(4 * burst));
    // At most 8 connections per burst (the pool's limit), and new ones after each gap.
    BOOST_TEST(distinct_connections(lines) <= 3 * 8);
    BOOST_TEST(distinct_connections(lines) >= 3);
}

BOOST_AUTO_TEST_CASE(the_idle_age_limit_closes_connections_before_the_server_does) {
    nginx_server server;
    for (auto const limit : {std::chrono::milliseconds(200), std::chrono::milliseconds(0)}) {
        BOOST_TEST_CONTEXT("idle_connection_timeout " << limit.count() << " ms") {
            auto metrics = std::make_shared<amperity::metrics_observer>();
            asio::io_context io;
            auto opts = options_for(server, "main", metrics, 1);
            opts.idle_connection_timeout = limit;
            amperity::client c(io.get_executor(), opts);
            amperity::diagnostics diag;
            BOOST_TEST(!get_once(io, c, diag, "wf-1"), diag.detail);
            std::this_thread::sleep_for(300ms);
            BOOST_TEST(!get_once(io, c, diag, "wf-1"), diag.detail);
            BOOST_TEST(metrics->snapshot().connections_reused == 0u);
        }
    }
    // The default (30 s) keeps it across the same gap.
    auto metrics = std::make_shared<amperity::metrics_observer>();
    asio::io_context io;
    amperity::client c(io.get_executor(), options_for(server, "main", metrics, 1));
    amperity::diagnostics diag;
    BOOST_TEST(!get_once(io, c, diag, "wf-1"), diag.detail);
    std::this_thread::sleep_for(300ms);
    BOOST_TEST(!get_once(io, c, diag, "wf-1"), diag.detail);
    BOOST_TEST(metrics->snapshot().connections_reused == 1u);
}

BOOST_AUTO_TEST_CASE(run_workflow_never_goes_on_a_pooled_connection) {
    nginx_server server;
    auto metrics = std::make_shared<amperity::metrics_observer>();
    asio::io_context io;
    amperity::client c(io.get_executor(), options_for(server, "main", metrics, 1));
    amperity::diagnostics diag;
    BOOST_TEST(!get_once(io, c, diag, "wf-1"), diag.detail);
    BOOST_TEST(!get_once(io, c, diag, "wf-1"), diag.detail); // pooled
    BOOST_TEST(!run_once(io, c, diag), diag.detail);
    BOOST_TEST(!run_once(io, c, diag), diag.detail);
    BOOST_TEST(!get_once(io, c, diag, "wf-1"), diag.detail); // the pooled one again
    std::set<long> get_connections, post_connections;
    for (auto const& a : server.log("main")) {
        if (a.method == "POST") {
            BOOST_TEST(a.requests == 1);
            post_connections.insert(a.connection);
        } else {
            get_connections.insert(a.connection);
        }
    }
    BOOST_TEST(post_connections.size() == 2u);
    BOOST_TEST(get_connections.size() == 1u);
    BOOST_TEST(metrics->snapshot().connections_reused == 2u);
}

BOOST_AUTO_TEST_CASE(a_pooled_connection_that_dies_under_a_get_is_replaced_without_an_attempt) {
    // The emulator resets the connection after reading the next request: on a pooled
    // connection that is what a server's keep-alive close racing our write looks like.
    emulator emu;
    auto metrics = std::make_shared<amperity::metrics_observer>();
    asio::io_context io;
    auto opts = emu.client_options();
    opts.retry.max_attempts = 1;
    opts.observer = metrics;
    amperity::client c(io.get_executor(), opts);
    amperity::diagnostics diag;
    std::string id;
    BOOST_TEST_REQUIRE(!run_once(io, c, diag, &id), diag.detail);
    BOOST_TEST(!get_once(io, c, diag, id), diag.detail); // leaves a pooled connection
    auto const connections_before = emu.stats().connections;
    using kind = amperity::emulator::fault::kind;
    for (auto const what : {kind::reset_before_read, kind::reset_after_read}) {
        amperity::emulator::fault f{.what = what, .operation = "get-workflow"};
        emu.inject(f);
        BOOST_TEST(!get_once(io, c, diag, id), diag.detail);
        BOOST_TEST(diag.attempts == 1u);
    }
    auto const s = metrics->snapshot();
    BOOST_TEST(s.connections_replaced == 2u);
    BOOST_TEST(s.retries == 0u);
    BOOST_TEST(s.failed_calls == 0u);
    BOOST_TEST(emu.stats().connections == connections_before + 2);

    // On a fresh connection the same failure is an attempt like any other (it may be the
    // server's fault every time): with one attempt allowed, the call fails.
    amperity::client fresh(io.get_executor(), opts);
    amperity::emulator::fault f{.what = kind::reset_before_read, .operation = "get-workflow"};
    emu.inject(f);
    BOOST_TEST(get_once(io, fresh, diag, id) == errc::connection_lost);

    // run-workflow is never replaced or resent: it never takes a pooled connection.
    auto const runs_before = emu.runs_started();
    amperity::emulator::fault r{.what = kind::reset_after_read, .operation = "run-workflow"};
    emu.inject(r);
    BOOST_TEST(run_once(io, c, diag) == errc::outcome_unknown);
    BOOST_TEST(emu.runs_started() <= runs_before + 1);
    BOOST_TEST(metrics->snapshot().connections_replaced == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_it
