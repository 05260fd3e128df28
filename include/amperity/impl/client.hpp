// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_IMPL_CLIENT_HPP
#define AMPERITY_IMPL_CLIENT_HPP

// The definitions of client.hpp and pager.hpp: each public call is spawn_call (detail/spawn.hpp)
// of one coroutine (impl/run_call.hpp, impl/pagination.hpp, impl/follow.hpp).

#include <amperity/detail/client_state.hpp>
#include <amperity/detail/spawn.hpp>
#include <amperity/impl/follow.hpp>
#include <amperity/impl/pagination.hpp>
#include <amperity/impl/run_call.hpp>

#include <utility>

namespace amperity {

namespace detail {

// Separate compilation: with AMPERITY_SEPARATE_COMPILATION defined for the whole program, these
// coroutines (the bulk of what a call costs to compile: TLS, HTTP, retries, decoding) are
// instantiated once, in the one translation unit that includes <amperity/src.hpp>, instead of in
// every translation unit that makes a call. Used inside namespace amperity::detail.
#define AMPERITY_DETAIL_CALL_SIGNATURES(Prefix, Op)                                                \
    Prefix asio::awaitable<call_result<Op>> run_call<Op>(                                          \
        std::shared_ptr<client_state>, typename Op::params_type, request_body_t<Op>, call_options);
#define AMPERITY_DETAIL_PAGES_SIGNATURES(Prefix, Op)                                               \
    Prefix asio::awaitable<page_result<Op>> next_page<Op>(                                         \
        std::shared_ptr<client_state>, std::shared_ptr<page_state<Op>>, call_options);             \
    Prefix asio::awaitable<std::pair<boost::system::error_code, std::vector<page_item_t<Op>>>>     \
    collect_pages<Op>(std::shared_ptr<client_state>, typename Op::params_type, collect_limits,     \
                      call_options);
#if defined(AMPERITY_SEPARATE_COMPILATION)
#define AMPERITY_DETAIL_EXTERN_CALL(Op) AMPERITY_DETAIL_CALL_SIGNATURES(extern template, Op)
#define AMPERITY_DETAIL_EXTERN_PAGES(Op) AMPERITY_DETAIL_PAGES_SIGNATURES(extern template, Op)
AMPERITY_DETAIL_FOR_EACH_OPERATION(AMPERITY_DETAIL_EXTERN_CALL)
AMPERITY_DETAIL_FOR_EACH_PAGINATED_OPERATION(AMPERITY_DETAIL_EXTERN_PAGES)
#undef AMPERITY_DETAIL_EXTERN_CALL
#undef AMPERITY_DETAIL_EXTERN_PAGES
#endif

} // namespace detail

// ---- client ---------------------------------------------------------------------------------

inline client::client(executor_type ex, client_options opts)
    : client(create(std::move(ex), std::move(opts)).value()) {}

inline validation_result<client> client::create(executor_type ex, client_options opts) {
    auto st = detail::client_state::make(ex, std::move(opts));
    if (!st) return st.error();
    return client(std::move(ex), std::move(*st));
}

inline client_options const& client::options() const noexcept { return state_->opts; }

inline std::string client::redact(std::string_view text) const {
    return state_->secrets.scrub(text);
}

namespace detail {
/// What the diagnostics& overloads forward: the same path as call_options, with only `diag`.
inline call_options with_diagnostics(diagnostics& diag) {
    call_options o;
    o.diag = &diag;
    return o;
}
} // namespace detail

template <operation_descriptor Op, class CompletionToken>
auto client::async_call(typename Op::params_type params, request_body_t<Op> body,
                        CompletionToken&& token) {
    return async_call<Op>(std::move(params), std::move(body), call_options{},
                          std::forward<CompletionToken>(token));
}

template <operation_descriptor Op, class CompletionToken>
auto client::async_call(typename Op::params_type params, request_body_t<Op> body,
                        diagnostics& diag, CompletionToken&& token) {
    return async_call<Op>(std::move(params), std::move(body), detail::with_diagnostics(diag),
                          std::forward<CompletionToken>(token));
}

template <operation_descriptor Op, class CompletionToken>
auto client::async_call(typename Op::params_type params, request_body_t<Op> body,
                        call_options opts, CompletionToken&& token) {
    return detail::spawn_call<typename Op::response_type>(
        ex_, detail::run_call<Op>(state_, std::move(params), std::move(body), std::move(opts)),
        std::forward<CompletionToken>(token));
}

template <config_kind Kind, class CompletionToken>
auto client::async_run_workflow(run_request<Kind> const& request, CompletionToken&& token) {
    return basic_operations::async_run_workflow(request.to_wire(),
                                                std::forward<CompletionToken>(token));
}

template <config_kind Kind, class CompletionToken>
auto client::async_run_workflow(run_request<Kind> const& request, diagnostics& diag,
                                CompletionToken&& token) {
    return basic_operations::async_run_workflow(request.to_wire(), diag,
                                                std::forward<CompletionToken>(token));
}

template <config_kind Kind, class CompletionToken>
auto client::async_run_workflow(run_request<Kind> const& request, call_options opts,
                                CompletionToken&& token) {
    return basic_operations::async_run_workflow(request.to_wire(), std::move(opts),
                                                std::forward<CompletionToken>(token));
}

template <operation_descriptor Op>
    requires(Op::paginated)
pager<Op> client::pages(typename Op::params_type params) {
    return pager<Op>(ex_, state_, std::move(params));
}

namespace detail {
template <class Op, class CompletionToken>
auto spawn_collect(asio::any_io_executor ex, std::shared_ptr<client_state> st,
                   typename Op::params_type params, collect_limits limits, call_options opts,
                   CompletionToken&& token) {
    return spawn_call<std::vector<page_item_t<Op>>>(
        std::move(ex), collect_pages<Op>(std::move(st), std::move(params), limits, std::move(opts)),
        std::forward<CompletionToken>(token));
}
} // namespace detail

template <operation_descriptor Op, class CompletionToken>
    requires(Op::paginated)
auto client::async_collect(typename Op::params_type params, CompletionToken&& token) {
    return detail::spawn_collect<Op>(ex_, state_, std::move(params), {}, {},
                                     std::forward<CompletionToken>(token));
}

template <operation_descriptor Op, class CompletionToken>
    requires(Op::paginated)
auto client::async_collect(typename Op::params_type params, diagnostics& diag,
                           CompletionToken&& token) {
    return detail::spawn_collect<Op>(ex_, state_, std::move(params), {},
                                     detail::with_diagnostics(diag),
                                     std::forward<CompletionToken>(token));
}

template <operation_descriptor Op, class CompletionToken>
    requires(Op::paginated)
auto client::async_collect(typename Op::params_type params, call_options opts,
                           CompletionToken&& token) {
    return detail::spawn_collect<Op>(ex_, state_, std::move(params), {}, std::move(opts),
                                     std::forward<CompletionToken>(token));
}

template <operation_descriptor Op, class CompletionToken>
    requires(Op::paginated)
auto client::async_collect(typename Op::params_type params, collect_limits limits,
                           CompletionToken&& token) {
    return detail::spawn_collect<Op>(ex_, state_, std::move(params), limits, {},
                                     std::forward<CompletionToken>(token));
}

template <operation_descriptor Op, class CompletionToken>
    requires(Op::paginated)
auto client::async_collect(typename Op::params_type params, collect_limits limits,
                           diagnostics& diag, CompletionToken&& token) {
    return detail::spawn_collect<Op>(ex_, state_, std::move(params), limits,
                                     detail::with_diagnostics(diag),
                                     std::forward<CompletionToken>(token));
}

template <operation_descriptor Op, class CompletionToken>
    requires(Op::paginated)
auto client::async_collect(typename Op::params_type params, collect_limits limits,
                           call_options opts, CompletionToken&& token) {
    return detail::spawn_collect<Op>(ex_, state_, std::move(params), limits, std::move(opts),
                                     std::forward<CompletionToken>(token));
}

template <class CompletionToken>
auto client::async_follow_workflow(std::string workflow_id, follow_options fo,
                                   CompletionToken&& token) {
    return async_follow_workflow(std::move(workflow_id), std::move(fo), call_options{},
                                 std::forward<CompletionToken>(token));
}

template <class CompletionToken>
auto client::async_follow_workflow(std::string workflow_id, follow_options fo,
                                   diagnostics& diag, CompletionToken&& token) {
    return async_follow_workflow(std::move(workflow_id), std::move(fo),
                                 detail::with_diagnostics(diag),
                                 std::forward<CompletionToken>(token));
}

template <class CompletionToken>
auto client::async_follow_workflow(std::string workflow_id, follow_options fo,
                                   call_options opts, CompletionToken&& token) {
    return detail::spawn_call<workflow>(
        ex_, detail::follow(state_, std::move(workflow_id), std::move(fo), std::move(opts)),
        std::forward<CompletionToken>(token));
}

// ---- pager ----------------------------------------------------------------------------------

template <operation_descriptor Op>
    requires(Op::paginated)
pager<Op>::pager(boost::asio::any_io_executor ex, std::shared_ptr<detail::client_state> st,
                 typename Op::params_type params)
    : ex_(std::move(ex)), st_(std::move(st)),
      ps_(std::make_shared<detail::page_state<Op>>(std::move(params))) {}

template <operation_descriptor Op>
    requires(Op::paginated)
template <class CompletionToken>
auto pager<Op>::async_next(CompletionToken&& token) {
    return async_next(call_options{}, std::forward<CompletionToken>(token));
}

template <operation_descriptor Op>
    requires(Op::paginated)
template <class CompletionToken>
auto pager<Op>::async_next(diagnostics& diag, CompletionToken&& token) {
    return async_next(detail::with_diagnostics(diag), std::forward<CompletionToken>(token));
}

template <operation_descriptor Op>
    requires(Op::paginated)
template <class CompletionToken>
auto pager<Op>::async_next(call_options opts, CompletionToken&& token) {
    return detail::spawn_call<std::optional<response_type>>(
        ex_, detail::next_page<Op>(st_, ps_, std::move(opts)),
        std::forward<CompletionToken>(token));
}

template <operation_descriptor Op>
    requires(Op::paginated)
bool pager<Op>::done() const noexcept {
    return ps_->done;
}

} // namespace amperity

#endif // AMPERITY_IMPL_CLIENT_HPP
