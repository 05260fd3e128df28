// Every run, two ways: page by page with a pager (you decide when to stop), and all at once
// with async_collect (with caps, so a huge listing cannot exhaust memory).
#include "environment.hpp"

#include <amperity/amperity.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <iostream>

namespace asio = boost::asio;

asio::awaitable<void> list_runs(amperity::client& c) {
    // Page by page: async_next completes with std::nullopt after the last page.
    amperity::list_workflows_params params;
    params.limit = 2; // small pages, to show several
    auto pages = c.pages<amperity::list_workflows_operation>(params);
    int page_count = 0;
    for (;;) {
        auto page = co_await pages.async_next(asio::use_awaitable);
        if (!page) break;
        ++page_count;
        std::cout << "page " << page_count << ':';
        for (auto const& wf : page->data) std::cout << ' ' << wf.id;
        std::cout << '\n';
    }

    // Everything at once; more than 10000 runs or 100 pages would be errc::limit_reached.
    amperity::collect_limits limits{.max_items = 10000, .max_pages = 100};
    auto all = co_await c.async_collect<amperity::list_workflows_operation>(params, limits,
                                                                           asio::use_awaitable);
    std::cout << "collected " << all.size() << " runs in " << page_count << " pages\n";
}

int main() try {
    asio::io_context io;
    amperity::client c(io.get_executor(), examples::options_from_environment());
    int status = 0;
    asio::co_spawn(io, list_runs(c), [&](std::exception_ptr e) {
        if (!e) return;
        status = 1;
        try {
            std::rethrow_exception(e);
        } catch (std::exception const& failure) {
            std::cerr << "failed: " << failure.what() << '\n';
        }
    });
    io.run();
    return status;
} catch (std::exception const& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 2;
}
