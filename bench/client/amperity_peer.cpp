// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// The peer under test: one amperity::client on the harness's io_context, its calls made from
// coroutines with asio::use_awaitable (as_tuple, so that a failure is counted rather than
// thrown). Options as a service would set them, except the client-side rate limit, which is off:
// the benchmark measures the client, not Amperity's 10 requests per second.

#include "peer.hpp"

#include <amperity/amperity.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <stdexcept>
#include <utility>

namespace amperity_bench::client {
namespace {

namespace asio = boost::asio;

amperity::client make_client(asio::io_context& io, settings const& s) {
    amperity::client_options opts;
    opts.base_url = s.base_url;
    opts.tenant = s.tenant;
    opts.auth = amperity::bearer_token{amperity::secret(s.token)};
    opts.ca_file = s.ca_file;
    opts.rate_limit.requests_per_second = 0;
    // get_conn64: one connection per coroutine; every other mode keeps the default pool (8).
    if (s.what == mode::get_conn64) opts.max_connections = 64;
    auto made = amperity::client::create(io.get_executor(), std::move(opts));
    if (!made) throw std::runtime_error("amperity::client::create: " + made.error().message());
    return std::move(*made);
}

class amperity_peer final : public peer {
public:
    amperity_peer(asio::io_context& io, settings const& s) : s_(s), client_(make_client(io, s)) {
        params_.workflow_id = s_.workflow_id;
    }

    std::string_view name() const noexcept override { return "amperity"; }

    void start(asio::io_context& io, std::uint64_t calls, tally& t, bool timed) override {
        counter_ = call_counter{0, calls};
        timed_ = timed;
        unsigned const coroutines =
            s_.what == mode::get_pool64 || s_.what == mode::get_conn64 ? 64 : 1;
        for (unsigned i = 0; i < coroutines; ++i) asio::co_spawn(io, worker(t), asio::detached);
    }

private:
    asio::awaitable<void> worker(tally& t) {
        while (counter_.take()) {
            if (s_.what == mode::get_idle && timed_) {
                auto ex = co_await asio::this_coro::executor;
                asio::steady_timer pause(ex, s_.idle_pause);
                co_await pause.async_wait(asio::use_awaitable);
            }
            if (s_.what == mode::run_seq) {
                auto r = co_await client_.async_run_workflow(bench_run_request,
                                                             asio::as_tuple(asio::use_awaitable));
                record(t, std::get<0>(r), std::get<1>(r));
            } else {
                auto r = co_await client_.async_get_workflow(params_,
                                                             asio::as_tuple(asio::use_awaitable));
                record(t, std::get<0>(r), std::get<1>(r));
            }
        }
    }

    void record(tally& t, boost::system::error_code ec, amperity::workflow const& wf) {
        if (ec) t.fail(ec.message());
        else if (wf.id.empty()) t.fail("a workflow without an id");
        else ++t.ok;
        if (!timed_ && !ec) sample_ = wf;
    }

    amperity::workflow const& sample() const noexcept override { return sample_; }

    settings s_;
    amperity::client client_;
    amperity::get_workflow_params params_;
    call_counter counter_;
    bool timed_ = false;
    amperity::workflow sample_;
};

} // namespace

std::unique_ptr<peer> make_amperity_peer(asio::io_context& io, settings const& s) {
    return std::make_unique<amperity_peer>(io, s);
}

} // namespace amperity_bench::client
