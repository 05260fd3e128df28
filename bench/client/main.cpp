// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// amperity-bench-client: one peer, one mode, one process (scripts/bench-client runs one per
// row, so that peak RSS belongs to that row alone). A warm-up phase, then the timed phase on
// the same connections; CPU time (getrusage, user + system), heap allocations and wall time
// are taken around the timed phase only, peak RSS (VmHWM) at the end. Prints one JSON object
// on stdout.
//
// Allocations are counted three ways: every heap allocation of the process (heap_counter.cpp:
// malloc and its relatives, whoever calls them: the number reported as allocations), the
// calls to operator new among them (bench/alloc_counter.cpp) and OpenSSL's own
// (ssl_alloc_counter.cpp). Asio's coroutine frames come from its recycling allocator, which
// calls aligned_alloc when its per-thread cache misses, so operator new alone undercounts.
//
//   amperity-bench-client --peer amperity --mode get_seq --calls 2000
//       --base-url https://localhost:PORT/api --ca-file ca.pem      (one line)
//
// With --sync it prints {"ready": true, "warmup_calls": N} after the warm-up and waits for a
// line on stdin before timing, so that the driver can mark where the server's access log
// stands. The bearer token comes from AMPERITY_ACCESS_TOKEN (any value: the benchmark's nginx
// does not check it).

#include "../alloc_counter.hpp"
#include "peer.hpp"
#include "heap_counter.hpp"
#include "ssl_alloc_counter.hpp"

#include <amperity/version.hpp>

#include <CLI/CLI.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

namespace amperity_bench::client {

std::string_view name(mode m) noexcept {
    switch (m) {
    case mode::get_seq: return "get_seq";
    case mode::get_pool64: return "get_pool64";
    case mode::get_conn64: return "get_conn64";
    case mode::run_seq: return "run_seq";
    case mode::get_idle: return "get_idle";
    }
    return "?";
}

namespace {

double cpu_seconds(rusage const& r) {
    auto const s = [](timeval const& tv) {
        return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
    };
    return s(r.ru_utime) + s(r.ru_stime);
}

/// The peak resident set (VmHWM) of this process image. Not getrusage's ru_maxrss: Linux
/// carries that across execve, so a child would report its parent's peak when larger.
long peak_rss_kib() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    return -1;
}

rusage usage() {
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    return r;
}

/// Warm-up calls when none are asked for: enough to open every connection of the mode.
std::uint64_t default_warmup(mode m) {
    switch (m) {
    case mode::get_seq: return 50;
    case mode::get_pool64:
    case mode::get_conn64: return 256;
    case mode::run_seq: return 5;
    case mode::get_idle: return 1;
    }
    return 0;
}

double per_call(std::uint64_t n, std::uint64_t calls) {
    return calls ? static_cast<double>(n) / static_cast<double>(calls) : 0.0;
}

int run(int argc, char** argv) {
    CLI::App app{"The end-to-end client benchmark: one peer, one mode (scripts/bench-client)"};
    std::string peer_name = "amperity";
    std::uint64_t calls = 1000;
    std::int64_t warmup = -1;
    long idle_pause_ms = 1500;
    bool sync = false;
    settings s;
    app.add_option("--peer", peer_name, "amperity, raw, or raw-keepalive (run_seq over one "
                                        "keep-alive connection)")
        ->check(CLI::IsMember({"amperity", "raw", "raw-keepalive"}));
    std::map<std::string, mode> const modes{{"get_seq", mode::get_seq},
                                            {"get_pool64", mode::get_pool64},
                                            {"get_conn64", mode::get_conn64},
                                            {"run_seq", mode::run_seq},
                                            {"get_idle", mode::get_idle}};
    app.add_option("--mode", s.what, "what to call and how")
        ->transform(CLI::CheckedTransformer(modes, CLI::ignore_case));
    app.add_option("--calls", calls, "calls in the timed phase")->check(CLI::PositiveNumber);
    app.add_option("--warmup", warmup, "calls before timing (default: enough to open every "
                                       "connection of the mode)");
    auto* url = app.add_option("--base-url", s.base_url, "https://localhost:PORT/api");
    auto* ca = app.add_option("--ca-file", s.ca_file, "the server's CA (PEM)")
                   ->check(CLI::ExistingFile);
    bool describe = false;
    app.add_flag("--describe", describe, "print what the requests carry besides the token "
                                         "(User-Agent, api-version, the run-workflow body) as "
                                         "JSON and exit: the requests peer sends the same");
    app.add_option("--idle-pause-ms", idle_pause_ms, "get_idle: the pause before each call");
    app.add_flag("--sync", sync, "after the warm-up print {\"ready\": true} and wait for a line "
                                 "on stdin");
    CLI11_PARSE(app, argc, argv);
    if (describe) {
        boost::json::object d;
        d["user_agent"] = "amperity-cpp/" AMPERITY_VERSION_STRING;
        d["api_version"] = amperity::api_version;
        d["run_body"] = amperity::encode(bench_run_request.to_wire());
        std::cout << boost::json::serialize(d) << std::endl;
        return 0;
    }
    if (url->count() == 0 || ca->count() == 0) {
        std::cerr << "amperity-bench-client: --base-url and --ca-file are required\n";
        return 2;
    }
    std::string const mode_name(name(s.what));
    s.idle_pause = std::chrono::milliseconds(idle_pause_ms);
    char const* token = std::getenv("AMPERITY_ACCESS_TOKEN");
    s.token = token && *token ? token : "bench-static-token";

    boost::asio::io_context io(1);
    auto p = peer_name == "amperity" ? make_amperity_peer(io, s)
                                     : make_raw_peer(io, s, peer_name == "raw-keepalive");

    tally warm;
    p->start(io, warmup >= 0 ? static_cast<std::uint64_t>(warmup) : default_warmup(s.what), warm,
             false);
    io.run();
    io.restart();

    // What copying one result allocates: its own strings (the part of allocations per call
    // that any API returning the result by value pays).
    heap_allocations::start();
    {
        amperity::workflow copy = p->sample();
        (void)copy;
    }
    std::uint64_t const result_allocations = heap_allocations::stop();

    if (sync) {
        std::cout << R"({"ready": true, "warmup_calls": )" << warm.ok + warm.errors << '}'
                  << std::endl;
        std::string line;
        std::getline(std::cin, line);
    }

    tally timed;
    auto const r0 = usage();
    auto const t0 = std::chrono::steady_clock::now();
    ssl_allocations::start();
    allocations::start();
    heap_allocations::start();
    p->start(io, calls, timed, true);
    io.run();
    std::uint64_t const heap_allocs = heap_allocations::stop();
    std::uint64_t const new_allocs = allocations::stop();
    std::uint64_t const ssl_allocs = ssl_allocations::stop();
    auto const t1 = std::chrono::steady_clock::now();
    auto const r1 = usage();

    double const wall = std::chrono::duration<double>(t1 - t0).count();
    double const cpu = cpu_seconds(r1) - cpu_seconds(r0);
    boost::json::object out;
    out["peer"] = p->name();
    out["mode"] = mode_name;
    out["calls"] = calls;
    out["ok"] = timed.ok;
    out["errors"] = timed.errors;
    out["warmup_calls"] = warm.ok + warm.errors;
    out["warmup_errors"] = warm.errors;
    if (timed.errors) out["first_error"] = timed.first_error;
    else if (warm.errors) out["first_error"] = "warm-up: " + warm.first_error;
    out["wall_s"] = wall;
    out["cpu_s"] = cpu;
    out["calls_per_s"] = wall > 0 ? static_cast<double>(calls) / wall : 0.0;
    out["cpu_us_per_call"] = cpu * 1e6 / static_cast<double>(calls);
    out["allocations"] = heap_allocs;
    out["allocations_per_call"] = per_call(heap_allocs, calls);
    out["new_allocations"] = new_allocs;
    out["new_allocations_per_call"] = per_call(new_allocs, calls);
    out["result_allocations"] = result_allocations;
    if (ssl_allocations::installed()) {
        out["ssl_allocations"] = ssl_allocs;
        out["ssl_allocations_per_call"] = per_call(ssl_allocs, calls);
    } else {
        out["ssl_allocations"] = nullptr;
        out["ssl_allocations_per_call"] = nullptr;
    }
    out["peak_rss_kib"] = peak_rss_kib();
    std::cout << boost::json::serialize(out) << std::endl;
    return timed.errors || warm.errors ? 1 : 0;
}

} // namespace
} // namespace amperity_bench::client

int main(int argc, char** argv) try {
    return amperity_bench::client::run(argc, argv);
} catch (std::exception const& e) {
    std::cerr << "amperity-bench-client: " << e.what() << '\n';
    return 2;
}
