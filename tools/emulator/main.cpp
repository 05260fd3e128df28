// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

// amperity-emulator: runs the emulator until SIGINT or SIGTERM.
//
//     amperity-emulator --port 8443 --write-ca ca.pem --ready-file ready.txt &
//     # ready.txt appears (atomically) holding the base URL once the server accepts
//     curl --cacert ca.pem "$(cat ready.txt)/workflow/runs" -H 'amperity-tenant: acme'
//          -H 'Authorization: Bearer emulator-token' -H 'api-version: 2024-04-01'
//
// Faults, stats and reset are reachable over HTTP under /_emulator/ (see emulator.hpp).

#include <amperity/emulator/emulator.hpp>

#include <CLI/CLI.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <string_view>

namespace {

/// Writes `text` to `path` so that a reader never sees a partial file: a temporary file in the
/// same directory, then rename.
void write_atomically(std::string const& path, std::string const& text) {
    std::string const tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out)
            throw std::runtime_error("cannot write " + tmp);
    }
    std::filesystem::rename(tmp, path);
}

} // namespace

int main(int argc, char** argv) {
    amperity::emulator::options opts;
    std::string write_ca;
    std::string ready_file;
    std::vector<std::string> tokens;
    std::vector<std::string> api_versions;
    long long token_lifetime = opts.token_lifetime.count();
    long long schedule_delay_ms = opts.schedule_delay.count();
    long long run_duration_ms = opts.run_duration.count();
    bool verbose = false;

    CLI::App app{"amperity-emulator: a local Amperity API over in-memory state"};
    app.add_option("--host", opts.host, "Listen address (loopback only)")->capture_default_str();
    app.add_option("--port", opts.port, "Listen port; 0 picks a free one")->capture_default_str();
    app.add_flag("--tls,!--no-tls", opts.tls, "Serve HTTPS with a generated certificate (default)");
    app.add_option("--write-ca", write_ca, "Write the CA certificate (PEM) to this file");
    app.add_option("--tls-dir", opts.tls_dir,
                   "Keep the CA, certificate and key in this directory: loaded when present, "
                   "else generated and written (a restarted emulator keeps its CA)");
    app.add_option("--tenant", opts.tenant, "Required amperity-tenant value")
        ->capture_default_str();
    app.add_option("--token", tokens,
                   "Accepted static bearer token (repeatable; default "
                   "emulator-token)");
    app.add_option("--client-id", opts.client_id, "OAuth client id")->capture_default_str();
    app.add_option("--client-secret", opts.client_secret, "OAuth client secret")
        ->envname("AMPERITY_EMULATOR_CLIENT_SECRET");
    app.add_option("--token-lifetime", token_lifetime, "Lifetime of issued OAuth tokens, seconds")
        ->check(CLI::Range(1LL, 365LL * 24 * 3600))
        ->capture_default_str();
    app.add_option("--api-version", api_versions,
                   "Accepted api-version (repeatable; default " +
                       amperity::emulator::default_api_versions().front() + ")");
    app.add_option("--rate-limit", opts.rate_limit, "Requests per second per tenant; 0 = none")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--schedule-delay-ms", schedule_delay_ms, "Time a run stays scheduled")
        ->check(CLI::Range(0LL, 24LL * 3600 * 1000))
        ->capture_default_str();
    app.add_option("--run-duration-ms", run_duration_ms, "Time a run stays running")
        ->check(CLI::Range(0LL, 24LL * 3600 * 1000))
        ->capture_default_str();
    app.add_option("--tasks", opts.tasks_per_run, "Task instances per run")
        ->check(CLI::Range(0u, 100u))
        ->capture_default_str();
    app.add_option("--base-path", opts.base_path, "Prefix of the API routes")
        ->capture_default_str();
    app.add_option("--ready-file", ready_file,
                   "Write the base URL to this file (atomically) once listening");
    app.add_flag("--verbose", verbose, "Log one line per request to stderr (no secrets)");
    CLI11_PARSE(app, argc, argv);

    if (!tokens.empty())
        opts.tokens = tokens;
    if (!api_versions.empty())
        opts.api_versions = api_versions;
    opts.token_lifetime = std::chrono::seconds(token_lifetime);
    opts.schedule_delay = std::chrono::milliseconds(schedule_delay_ms);
    opts.run_duration = std::chrono::milliseconds(run_duration_ms);
    std::mutex log_mutex;
    if (verbose) {
        opts.log = [&log_mutex](std::string_view line) {
            std::lock_guard lock(log_mutex);
            std::cerr << "amperity-emulator: " << line << '\n';
        };
    }

    try {
        boost::asio::io_context ioc;
        // Handlers first: a script may signal as soon as it sees the ready line.
        boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
        amperity::emulator::server srv(ioc.get_executor(), opts);
        signals.async_wait([&](boost::system::error_code const& ec, int) {
            if (ec)
                return;
            srv.stop();
            // Connections in a long fault (slow drip, delay) are closed by stop(); stopping
            // the loop as well makes shutdown immediate whatever is in flight.
            ioc.stop();
        });
        srv.start();
        if (!write_ca.empty()) {
            if (!opts.tls)
                throw std::runtime_error("--write-ca needs --tls");
            srv.write_ca(write_ca);
        }
        std::cout << "amperity-emulator listening on " << srv.base_url() << std::endl;
        if (!ready_file.empty())
            write_atomically(ready_file, srv.base_url() + "\n");

        ioc.run();
        if (!ready_file.empty())
            std::filesystem::remove(ready_file);
        return 0;
    } catch (std::exception const& e) {
        std::string_view const what = e.what();
        std::cerr << (what.starts_with("amperity-emulator:") ? "" : "amperity-emulator: ") << what
                  << '\n';
        return 1;
    }
}
