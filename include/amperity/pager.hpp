// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_PAGER_HPP
#define AMPERITY_PAGER_HPP

// amperity::pager: the pages of a paginated list, one call at a time (client::pages).

#include <amperity/call_options.hpp>
#include <amperity/diagnostics.hpp>
#include <amperity/operation.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>

#include <memory>

namespace amperity {

class client;

namespace detail {
class client_state;
template <class Op>
struct page_state;
} // namespace detail

/// Iterates the pages of a paginated list operation:
///
///     auto pages = c.pages<amperity::list_workflows_operation>({.limit = 100});
///     for (;;) {
///         auto page = co_await pages.async_next(asio::use_awaitable);
///         if (!page) break;                    // after the last page
///         for (auto& wf : page->data) ...
///     }
///
/// Completion signature of async_next: void(error_code, std::optional<Response>), nullopt after
/// the last page. A server that hands back a next_token it gave before (the pages form a
/// cycle) ends the listing with errc::invalid_response.
template <operation_descriptor Op>
    requires(Op::paginated)
class pager {
public:
    /// One page: the operation's response.
    using response_type = typename Op::response_type;
    /// The token of a call given none: the executor's default completion token.
    using default_token = boost::asio::default_completion_token_t<boost::asio::any_io_executor>;

    /// Reads the next page.
    /// @completion `void(error_code, std::optional<response_type>)`: nullopt after the last page.
    /// @errors As client::async_call; errc::invalid_response when a next_token repeats.
    /// @cancellation Terminal, partial, total: errc::cancelled.
    /// @threadsafety Not thread-safe: the client's calls on one strand; one async_next at a time.
    ///@{
    template <class CompletionToken = default_token>
    auto async_next(CompletionToken&& token = {});
    template <class CompletionToken = default_token>
    auto async_next(diagnostics& diag, CompletionToken&& token = {});
    /// With per-call options (call_options.hpp) for this page's call.
    template <class CompletionToken = default_token>
    auto async_next(call_options opts, CompletionToken&& token = {});
    ///@}

    /// True once the last page was returned.
    bool done() const noexcept;

private:
    friend class client;
    pager(boost::asio::any_io_executor ex, std::shared_ptr<detail::client_state> st,
          typename Op::params_type params);

    boost::asio::any_io_executor ex_;
    std::shared_ptr<detail::client_state> st_;
    std::shared_ptr<detail::page_state<Op>> ps_;
};

} // namespace amperity

#endif // AMPERITY_PAGER_HPP
