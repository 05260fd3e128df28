// scripts/compile-cost: the SDK's side, the same call (start a courier group's run) through
// <amperity/amperity.hpp>. Compiled, never run.

#include <amperity/amperity.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdio>

namespace asio = boost::asio;

asio::awaitable<void> start_workflow(amperity::client& c) {
    auto wf = co_await c.async_run_workflow(
        amperity::run_request{amperity::courier_group_id{"cg-1"}}, asio::use_awaitable);
    std::printf("%s\n", wf.id.c_str());
}

int main() {
    asio::io_context io;
    amperity::client_options opts;
    opts.tenant = "acme";
    opts.auth = amperity::bearer_token{amperity::secret("token")};
    amperity::client c(io.get_executor(), opts);
    asio::co_spawn(io, start_workflow(c), asio::detached);
    io.run();
}
