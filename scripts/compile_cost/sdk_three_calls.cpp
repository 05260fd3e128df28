// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
// scripts/compile-cost: the SDK's side of the three-call program (start a run, get it, list
// runs) through <amperity/amperity.hpp>. Compiled, never run.

#include <amperity/amperity.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdio>

namespace asio = boost::asio;

asio::awaitable<void> run_follow_list(amperity::client& c) {
    amperity::run_request start{amperity::courier_group_id{"cg-1"}};
    auto wf = co_await c.async_run_workflow(start, asio::use_awaitable);
    amperity::get_workflow_params get{.workflow_id = wf.id};
    auto run = co_await c.async_get_workflow(get, asio::use_awaitable);
    std::printf("%s %s\n", run.id.c_str(), std::string(run.state.wire()).c_str());
    amperity::list_workflows_params list{};
    auto page = co_await c.async_list_workflows(list, asio::use_awaitable);
    for (auto const& r : page.data) std::printf("%s\n", r.id.c_str());
}

int main() {
    asio::io_context io;
    amperity::client_options opts;
    opts.tenant = "acme";
    opts.auth = amperity::bearer_token{amperity::secret("token")};
    amperity::client c(io.get_executor(), opts);
    asio::co_spawn(io, run_follow_list(c), asio::detached);
    io.run();
}
