// The load generator of scripts/soak: N calls through ONE amperity::client with C concurrent
// coroutines, against an emulator (or any server speaking the API). Every 10th call is a
// run-workflow, the rest get-workflow of a run started at the beginning. Prints one JSON line
// per second ({"t":..., "done":..., "rss_kib":...}) and a final JSON summary: calls, ok, errors
// by code, run-workflow outcomes, elapsed seconds. tests/soak/soak.py drives it and judges.
// `--idempotent list` makes the other calls list-workflows (the runs of a restarted emulator
// are gone, so a get of an earlier run would rightly be a 404).
//
//   soak_client --base-url URL --ca-file FILE --calls N --concurrency C [--idempotent list]
//
// The token comes from AMPERITY_ACCESS_TOKEN (never from argv), as for the CLI.
#include <amperity/amperity.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <string_view>

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

long rss_kib() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    return -1;
}

struct tally {
    std::uint64_t done = 0, ok = 0;
    std::uint64_t starts_ok = 0, starts_unknown = 0, starts_failed = 0, starts_sent = 0;
    std::map<std::string, std::uint64_t> errors;
};

} // namespace

int main(int argc, char** argv) {
    std::string base_url, ca_file;
    std::uint64_t calls = 20000;
    unsigned concurrency = 64;
    bool list_calls = false; // --idempotent list: list-workflows (state-free) instead of get
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string_view const a = argv[i];
        if (a == "--base-url") base_url = argv[i + 1];
        else if (a == "--ca-file") ca_file = argv[i + 1];
        else if (a == "--calls") calls = std::strtoull(argv[i + 1], nullptr, 10);
        else if (a == "--concurrency") concurrency = static_cast<unsigned>(std::strtoul(argv[i + 1], nullptr, 10));
        else if (a == "--idempotent") list_calls = std::string_view(argv[i + 1]) == "list";
        else {
            std::cerr << "soak_client: unknown option " << a << '\n';
            return 2;
        }
    }
    char const* token = std::getenv("AMPERITY_ACCESS_TOKEN");
    if (base_url.empty() || !token) {
        std::cerr << "soak_client: --base-url and AMPERITY_ACCESS_TOKEN are required\n";
        return 2;
    }
    asio::io_context io;
    amperity::client_options opts;
    opts.base_url = base_url;
    opts.tenant = "acme";
    opts.auth = amperity::bearer_token{amperity::secret(token)};
    opts.ca_file = ca_file;
    opts.rate_limit.requests_per_second = 0; // the soak measures the client, not the limiter
    opts.retry.max_attempts = 6;             // rides out an emulator restart (backoff up to 8 s)
    opts.call_timeout = 60s;
    opts.max_connections = 8;
    amperity::client c(io.get_executor(), opts);

    std::string id;
    {
        boost::system::error_code ec;
        asio::co_spawn(io, [&]() -> asio::awaitable<void> {
            auto r = co_await c.async_run_workflow(
                amperity::run_request{amperity::courier_group_id{"cg-soak"}},
                asio::as_tuple(asio::use_awaitable));
            ec = std::get<0>(r);
            id = std::get<1>(r).id;
        }, asio::detached);
        io.run();
        io.restart();
        if (ec) {
            std::cerr << "soak_client: the first run-workflow failed: " << ec.message() << '\n';
            return 1;
        }
    }

    tally t;
    std::uint64_t next = 0;
    auto const start = std::chrono::steady_clock::now();
    auto worker = [&]() -> asio::awaitable<void> {
        while (next < calls) {
            auto const n = next++;
            amperity::diagnostics diag;
            boost::system::error_code ec;
            if (n % 10 == 9) {
                ++t.starts_sent;
                auto r = co_await c.async_run_workflow(
                    amperity::run_request{amperity::courier_group_id{"cg-soak"}}, diag,
                    asio::as_tuple(asio::use_awaitable));
                ec = std::get<0>(r);
                if (!ec) ++t.starts_ok;
                else if (ec == amperity::errc::outcome_unknown) ++t.starts_unknown;
                else ++t.starts_failed;
            } else if (list_calls) {
                amperity::list_workflows_params p{};
                p.limit = 1;
                auto r = co_await c.async_list_workflows(p, diag, asio::as_tuple(asio::use_awaitable));
                ec = std::get<0>(r);
            } else {
                amperity::get_workflow_params p{.workflow_id = id};
                auto r = co_await c.async_get_workflow(p, diag, asio::as_tuple(asio::use_awaitable));
                ec = std::get<0>(r);
            }
            ++t.done;
            if (!ec) ++t.ok;
            else ++t.errors[ec.message()];
        }
    };
    for (unsigned i = 0; i < concurrency; ++i) asio::co_spawn(io, worker(), asio::detached);
    // One sample per second: calls done and resident memory.
    asio::steady_timer ticker(io);
    std::function<void(boost::system::error_code)> tick = [&](boost::system::error_code ec) {
        if (ec) return;
        auto const s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("{\"t\":%.1f,\"done\":%llu,\"rss_kib\":%ld}\n", s,
                    static_cast<unsigned long long>(t.done), rss_kib());
        std::fflush(stdout);
        if (t.done < calls) {
            ticker.expires_after(1s);
            ticker.async_wait(tick);
        }
    };
    ticker.expires_after(1s);
    ticker.async_wait(tick);
    io.run();
    auto const secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string errors = "{";
    for (auto const& [what, n] : t.errors)
        errors += (errors.size() > 1 ? "," : "") + std::string("\"") + c.redact(what) + "\":" + std::to_string(n);
    errors += "}";
    std::printf("{\"summary\":true,\"calls\":%llu,\"ok\":%llu,\"seconds\":%.2f,\"calls_per_s\":%.0f,"
                "\"starts_sent\":%llu,\"starts_ok\":%llu,\"starts_unknown\":%llu,"
                "\"starts_failed\":%llu,\"rss_kib\":%ld,\"errors\":%s}\n",
                static_cast<unsigned long long>(t.done), static_cast<unsigned long long>(t.ok), secs,
                static_cast<double>(t.done) / secs, static_cast<unsigned long long>(t.starts_sent),
                static_cast<unsigned long long>(t.starts_ok),
                static_cast<unsigned long long>(t.starts_unknown),
                static_cast<unsigned long long>(t.starts_failed), rss_kib(), errors.c_str());
    return t.ok == t.done ? 0 : 1;
}
