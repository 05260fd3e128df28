// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_EMULATOR_HPP
#define AMPERITY_EMULATOR_EMULATOR_HPP

// amperity-emulator: a local Amperity API over in-memory state, for demos, tests, benchmarks
// and users' own tests (what moto is for AWS). It speaks HTTP/1.1 (TLS with a certificate it
// generates at start, or plain), checks the same headers Amperity does, runs workflows through
// their states on a clock, and lets a test inject failures at the HTTP level.
//
//     boost::asio::io_context ioc;
//     amperity::emulator::server srv(ioc.get_executor(), {});
//     srv.start();
//     std::thread io([&] { ioc.run(); });
//     // client: base_url = srv.base_url(), ca = srv.ca_pem(), token "emulator-token",
//     //         tenant "acme", api-version 2024-04-01
//     srv.inject({.what = amperity::emulator::fault::kind::status, .operation = "run-workflow",
//                 .status = 502});
//     ...
//     srv.stop();
//     io.join();
//
// Out of process (the amperity-emulator executable), the same controls are HTTP endpoints
// outside base_path that need no credentials:
//
//     POST /_emulator/faults  {"kind":"status","operation":"run-workflow","status":503,
//                              "retry_after":"2","delay_ms":0,"process":true,"count":1}
//                             (only "kind" is required; unknown fields are refused) -> 201
//     GET  /_emulator/faults  the pending faults
//     GET  /_emulator/stats   to_json(stats)
//     POST /_emulator/reset   server::reset()
//
// Runs progress with time: `scheduled` for schedule_delay, then `running` while
// tasks_per_run task instances appear and finish one after another over run_duration, then
// `succeeded` (or `failed` when the config id's body starts with "fail", e.g. cg-failNightly).
//
// The heavy Beast/Asio/SSL code lives in the library (amperity::emulator); this header only
// needs <boost/asio/any_io_executor.hpp> (and <amperity/emulator/options.hpp>: options, fault,
// stats).

#include <amperity/emulator/options.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <string>

/// A local Amperity API for tests and demos (library amperity::emulator): server, options,
/// fault, stats.
namespace amperity::emulator {

namespace detail {
class server_impl;
}

/// The emulator server. It runs on the given executor; the io_context behind it may be run by
/// several threads (the state is guarded by a mutex, each connection runs on its own strand).
class server {
public:
    /// Checks the options (throws std::invalid_argument for a non-loopback host or a bad
    /// base_path) and, when tls, generates the CA and the leaf certificate.
    server(boost::asio::any_io_executor ex, options opts);
    server(server const&) = delete;
    server& operator=(server const&) = delete;
    /// Stops the server. Connections still open finish on the executor; they keep the state
    /// alive until then.
    ~server();

    /// Binds, listens and starts accepting. Throws boost::system::system_error when the
    /// address cannot be bound.
    void start();
    /// Closes the acceptor and every connection (asynchronously, on their executors). Once it
    /// has run, the server leaves no work on the executor. Thread-safe, idempotent.
    void stop();

    /// The bound port (after start()).
    unsigned short port() const;
    /// "https://127.0.0.1:PORT/api" (http:// without TLS; "[::1]" for IPv6).
    std::string base_url() const;
    /// PEM of the CA that signed the leaf certificate; empty without TLS.
    std::string ca_pem() const;
    /// Writes ca_pem() to `path` (throws std::runtime_error when it cannot).
    void write_ca(std::string const& path) const;

    /// Queues a fault; thread-safe.
    void inject(fault f);
    /// A copy of the stats; thread-safe.
    stats get_stats() const;
    /// Forgets runs, pending faults, rate-limit buckets and stats, and invalidates every
    /// next_token handed out; keeps issued OAuth tokens and the options.
    void reset();

private:
    std::shared_ptr<detail::server_impl> impl_;
};

} // namespace amperity::emulator

#endif // AMPERITY_EMULATOR_EMULATOR_HPP
