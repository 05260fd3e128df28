// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_BENCH_CLIENT_PEER_HPP
#define AMPERITY_BENCH_CLIENT_PEER_HPP

// The end-to-end client benchmark (scripts/bench-client): what a peer is. A peer makes calls
// against the canned API of tests/nginx/nginx_server.py in one of the modes below; the harness
// (main.cpp) runs it twice on the same objects, a warm-up phase and then the timed phase, each
// as its own io_context::run(), so that connections made while warming up serve the timed calls.
//
// Two peers in this executable:
//   amperity   amperity::client, coroutines with asio::use_awaitable (amperity_peer.cpp)
//   raw        a minimal Beast client: ssl_stream, http::async_write / async_read with
//              string_body, decoding with the same amperity::decode<workflow> (raw_peer.cpp)
// The third, Python requests, is bench/client/requests_peer.py.

#include <amperity/model.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace amperity_bench::client {

/// The run-workflow request every peer sends (requests_peer.py gets its JSON from --describe).
inline constexpr auto bench_run_request =
    amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source");

enum class mode {
    get_seq,    // get-workflow, one call at a time
    get_pool64, // get-workflow from 64 coroutines over 8 connections
    get_conn64, // get-workflow from 64 coroutines over 64 connections
    run_seq,    // run-workflow (POST), one call at a time
    get_idle,   // get-workflow, one at a time, pausing past the server's keep-alive timeout
};

/// The mode's name on the command line and in the JSON output.
std::string_view name(mode m) noexcept;

struct settings {
    mode what = mode::get_seq;
    std::string base_url; // https://localhost:PORT/api
    std::string ca_file;
    std::string tenant = "bench";
    std::string token; // from AMPERITY_ACCESS_TOKEN, never from the command line
    std::string workflow_id = "wf-123456A-78901-2bcd3e";
    std::chrono::milliseconds idle_pause{1500}; // get_idle: the pause before each call
};

/// Calls made in one phase: how many succeeded, how many failed, and the first failure.
struct tally {
    std::uint64_t ok = 0;
    std::uint64_t errors = 0;
    std::string first_error;

    void fail(std::string what) {
        if (errors++ == 0) first_error = std::move(what);
    }
};

/// Calls `next` hands out are shared by the coroutines of a phase (one thread: no atomics).
struct call_counter {
    std::uint64_t next = 0;
    std::uint64_t total = 0;
    bool take() {
        if (next >= total) return false;
        ++next;
        return true;
    }
};

class peer {
public:
    virtual ~peer() = default;
    /// The peer's name in the output ("amperity", "raw", "raw-keepalive").
    virtual std::string_view name() const noexcept = 0;
    /// Starts the coroutines of one phase of `calls` calls on `io` (the harness then runs it).
    /// `timed`: the measured phase (get_idle pauses only there; the warm-up keeps a result).
    virtual void start(boost::asio::io_context& io, std::uint64_t calls, tally& t,
                       bool timed) = 0;
    /// A result of the warm-up phase (the harness counts what copying one allocates: the
    /// result's own strings).
    virtual amperity::workflow const& sample() const noexcept = 0;
};

std::unique_ptr<peer> make_amperity_peer(boost::asio::io_context& io, settings const& s);
/// `keep_alive_post`: run_seq over one keep-alive connection instead of a fresh connection
/// per POST (a reference row; the client never reuses a connection for run-workflow).
std::unique_ptr<peer> make_raw_peer(boost::asio::io_context& io, settings const& s,
                                    bool keep_alive_post);

} // namespace amperity_bench::client

#endif // AMPERITY_BENCH_CLIENT_PEER_HPP
