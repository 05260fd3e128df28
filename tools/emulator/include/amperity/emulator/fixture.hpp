// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_FIXTURE_HPP
#define AMPERITY_EMULATOR_FIXTURE_HPP

// amperity::emulator::fixture: the emulator as a test fixture for your own tests. One object
// starts an in-process amperity-emulator on its own thread, on a free loopback port, over TLS
// with a CA it generates (written to a temporary file the fixture owns and removes), and hands
// out client options that trust it:
//
//     #include <amperity/amperity.hpp>
//     #include <amperity/emulator/fixture.hpp>
//
//     amperity::emulator::fixture emu;                      // started
//     amperity::sync_client c(emu.client_options());
//     emu.inject({.what = amperity::emulator::fault::kind::status,
//                 .operation = "run-workflow", .status = 503});
//     auto run = c.run_workflow(amperity::run_request{amperity::courier_group_id{"cg-nightly1"}});
//     // run.error() == amperity::errc::outcome_unknown, and emu.runs_started() == 1
//
// Link amperity::emulator (find_package(amperity CONFIG REQUIRED COMPONENTS emulator)). This
// header includes neither Asio's I/O objects nor Beast nor OpenSSL: the server, its thread and
// its io_context live in the library.

#include <amperity/client_options.hpp>
#include <amperity/emulator/options.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace amperity::emulator {

/// An emulator running in process for the lifetime of the object (a test fixture).
///
/// The constructor starts it: a TLS server on 127.0.0.1 and an ephemeral port, driven by its
/// own io_context on its own thread, and the CA that signed its certificate written to a
/// temporary file (removed by stop() or the destructor). Runs progress on the emulator's clock
/// (`options::schedule_delay`, `options::run_duration`); a fixture made with default options
/// behaves like `amperity-emulator` with no flags.
///
/// Thread-safety: every member may be called from any thread (the server state is guarded by a
/// mutex) except that stop() and the destructor must not race with the other members.
class fixture {
public:
    /// Starts an emulator with `opts` (`opts.port` 0, the default, picks a free port; with
    /// `opts.tls` false it serves plain http:// on loopback and writes no CA file). Throws
    /// std::invalid_argument for bad options (a non-loopback host), boost::system::system_error
    /// when the port cannot be bound, std::system_error or std::runtime_error when the CA file
    /// cannot be written.
    explicit fixture(options opts = {});
    fixture(fixture const&) = delete;
    fixture& operator=(fixture const&) = delete;
    /// stop().
    ~fixture();

    /// Options for an amperity::client or amperity::sync_client that talk to this emulator:
    /// base_url, ca_file, tenant, api_version and, as auth, a bearer_token with the first of
    /// `options::tokens` (OAuth client credentials with `options::client_id` and
    /// `options::client_secret` when `tokens` is empty). Everything else keeps the SDK's
    /// defaults (retries, rate limit, timeouts): tweak the copy you get.
    amperity::client_options client_options() const;

    /// "https://127.0.0.1:PORT/api" ("http://..." without TLS).
    std::string base_url() const;
    /// base_url() + "/v0/oauth2/token": where client_credentials are exchanged.
    std::string token_url() const;
    /// The bound port.
    unsigned short port() const;
    /// The temporary PEM file holding the emulator's CA (empty without TLS and after stop()).
    std::string const& ca_file() const;
    /// The options the emulator runs with.
    options const& emulator_options() const;

    /// Queues a fault for the next matching request(s); see amperity::emulator::fault.
    void inject(fault f);
    /// What the emulator has counted so far (requests, runs started, tokens issued, ...).
    amperity::emulator::stats stats() const;
    /// stats().runs_started: how many workflow runs the emulator started. The number to assert
    /// when your code must never start a workflow twice.
    std::uint64_t runs_started() const;
    /// Forgets runs, pending faults, rate-limit buckets and stats (see server::reset()).
    void reset();
    /// Stops the server, joins its thread and removes the CA file. Idempotent; the fixture is
    /// unusable afterwards (clients then fail to connect).
    void stop();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace amperity::emulator

#endif // AMPERITY_EMULATOR_FIXTURE_HPP
