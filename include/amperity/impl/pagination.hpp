// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_IMPL_PAGINATION_HPP
#define AMPERITY_IMPL_PAGINATION_HPP

// Paginated lists: the next page (pager::async_next) and every page (client::async_collect),
// each page one run_call with the same call_options (the timeout is per page).

#include <amperity/call_options.hpp>
#include <amperity/impl/run_call.hpp>

#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <amperity/detail/push_options.hpp>

namespace amperity::detail {

template <class Op>
struct page_state {
    explicit page_state(typename Op::params_type p) : params(std::move(p)) {}
    typename Op::params_type params;
    bool done = false;
    /// Every next_token followed so far: a server that hands back any of them (A->B->A, not
    /// only A->A) would send us round in a circle forever.
    std::unordered_set<std::string> seen;
};

template <class Op>
using page_result = std::pair<boost::system::error_code, std::optional<typename Op::response_type>>;

/// The next page of a paginated list, or nullopt once the last page was returned (next_token
/// absent, null or empty, as Amperity's pagination page says).
template <class Op>
asio::awaitable<page_result<Op>> next_page(std::shared_ptr<client_state> st,
                                           std::shared_ptr<page_state<Op>> ps, call_options co) {
    using result = page_result<Op>;
    if (ps->done) co_return result{};
    diagnostics* const diag = co.diag;
    auto r_ec_page = co_await run_call<Op>(st, ps->params, {}, std::move(co)); // GCC 12 double-destroys a binding
    auto& ec = std::get<0>(r_ec_page);
    auto& page = std::get<1>(r_ec_page);
    if (ec) co_return result{ec, std::nullopt};
    if (page.next_token && !page.next_token->empty()) {
        if (!ps->seen.insert(*page.next_token).second) {
            ps->done = true;
            if (diag) {
                diag->detail = st->secrets.scrub(
                    "the server returned next_token " + quoted_excerpt(*page.next_token) +
                    " again, after " + std::to_string(ps->seen.size() + 1) +
                    " pages: the pages form a cycle; stopping");
                diag->outcome = condition::transport;
            }
            co_return result{make_error_code(errc::invalid_response), std::nullopt};
        }
        ps->params.next_token = *page.next_token;
    } else {
        ps->done = true;
    }
    co_return result{{}, std::move(page)};
}

template <class Op>
asio::awaitable<std::pair<boost::system::error_code, std::vector<page_item_t<Op>>>>
collect_pages(std::shared_ptr<client_state> st, typename Op::params_type params,
              collect_limits limits, call_options co) {
    diagnostics* const diag = co.diag;
    std::vector<page_item_t<Op>> all;
    auto ps = std::make_shared<page_state<Op>>(page_state<Op>{std::move(params)});
    std::size_t pages = 0;
    for (;;) {
        auto cs = co_await asio::this_coro::cancellation_state;
        if (cs.cancelled() != asio::cancellation_type::none) {
            if (diag) diag->outcome = condition::cancelled;
            co_return std::pair{make_error_code(errc::cancelled), std::move(all)};
        }
        auto r_ec_page = co_await next_page<Op>(st, ps, co); // GCC 12 double-destroys a binding
        auto& ec = std::get<0>(r_ec_page);
        auto& page = std::get<1>(r_ec_page);
        if (ec) co_return std::pair{ec, std::move(all)};
        if (!page) co_return std::pair{boost::system::error_code{}, std::move(all)};
        ++pages;
        for (auto& item : page->data) all.push_back(std::move(item));
        bool const items_over = limits.max_items && (all.size() > limits.max_items ||
                                                     (all.size() == limits.max_items && !ps->done));
        bool const pages_over = limits.max_pages && pages >= limits.max_pages && !ps->done;
        if (items_over || pages_over) {
            if (limits.max_items && all.size() > limits.max_items) all.resize(limits.max_items);
            if (diag) {
                diag->detail = "stopped after " + std::to_string(pages) + " pages and " +
                               std::to_string(all.size()) + " items (the " +
                               (items_over ? "item" : "page") + " limit); the listing goes on";
                diag->outcome = condition::limit_reached;
            }
            co_return std::pair{make_error_code(errc::limit_reached), std::move(all)};
        }
    }
}

} // namespace amperity::detail

#include <amperity/detail/pop_options.hpp>

#endif // AMPERITY_IMPL_PAGINATION_HPP
