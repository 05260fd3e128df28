#include "support.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/detached.hpp>

#include <cstdlib>
#include <random>

namespace amperity_it {

std::vector<std::string>& captured_output() {
    static std::vector<std::string> all;
    return all;
}

void capture(std::string s) {
    static std::mutex m;
    std::lock_guard lock(m);
    captured_output().push_back(std::move(s));
}

void capture(amperity::diagnostics const& d) {
    capture(d.message);
    capture(d.detail);
    capture(d.body_excerpt);
    capture(d.request_id + " " + d.trace_id);
}

amperity::emulator::options emulator::default_options() {
    amperity::emulator::options o;
    o.tokens = {static_token};
    o.client_secret = client_secret_value;
    o.schedule_delay = 100ms;
    o.run_duration = 600ms;
    o.log = [](std::string_view line) { capture(std::string(line)); };
    return o;
}

amperity::client_options emulator::client_options() const {
    auto o = fixture::client_options(); // base_url, tenant, the static token, ca_file
    o.retry.max_attempts = 3;
    o.retry.initial_backoff = 5ms;
    o.retry.max_backoff = 20ms;
    o.retry.max_retry_after = 50ms;
    o.rate_limit.requests_per_second = 0; // tests that need it turn it on
    o.call_timeout = 20s;
    o.response_timeout = 10s;
    return o;
}

boost::system::error_code get_once(asio::io_context& io, amperity::client& c,
                                   amperity::diagnostics& diag, std::string const& id) {
    boost::system::error_code ec;
    run_coro(io, [&]() -> asio::awaitable<void> {
        amperity::get_workflow_params params{.workflow_id = id}; // named: GCC 12.2
        auto r = co_await c.async_get_workflow(params, diag, asio::as_tuple(asio::use_awaitable));
        ec = std::get<0>(r);
    });
    capture(diag);
    capture(ec.message());
    return ec;
}

boost::system::error_code run_once(asio::io_context& io, amperity::client& c,
                                   amperity::diagnostics& diag, std::string* id) {
    boost::system::error_code ec;
    run_coro(io, [&]() -> asio::awaitable<void> {
        amperity::run_request req{amperity::courier_group_id{"cg-test"}}; // named: GCC 12.2
        auto r = co_await c.async_run_workflow(req, diag, asio::as_tuple(asio::use_awaitable));
        ec = std::get<0>(r);
        if (!ec && id) *id = std::get<1>(r).id;
    });
    capture(diag);
    capture(ec.message());
    return ec;
}

int concurrent_gets(asio::io_context& io, amperity::client& c, std::string const& id, int n) {
    int ok = 0;
    for (int i = 0; i < n; ++i)
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                // Named, and no structured binding: see the GCC 12.2 note in README.md.
                amperity::get_workflow_params params{.workflow_id = id};
                auto r = co_await c.async_get_workflow(params, asio::as_tuple(asio::use_awaitable));
                if (!std::get<0>(r)) ++ok;
            },
            asio::detached);
    io.restart();
    io.run();
    return ok;
}

} // namespace amperity_it
