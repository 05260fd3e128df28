// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_CLIENT_HPP
#define AMPERITY_CLIENT_HPP

// amperity::client: asynchronous calls to the Amperity API over HTTPS, one member per
// operation of the spec (generated, see generated/client_ops.hpp), each accepting any Asio
// completion token.
//
//     amperity::client c(io.get_executor(), opts);
//     auto wf = co_await c.async_run_workflow(
//         amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source"),
//         asio::use_awaitable);
//
// One call shape: every async_ call completes with void(boost::system::error_code, Result), and
// has two more overloads, with an argument just before the token:
//   amperity::diagnostics&   filled in before the completion (status, Amperity's message,
//                            request_id, attempts, diagnostics::outcome...);
//   amperity::call_options   per-call timeout, retry policy, extra headers, W3C traceparent /
//                            tracestate, and a diagnostics* (call_options.hpp). Taken by value:
//                            `c.async_get_workflow(p, {.timeout = 5s}, token)` works.
// Errors are amperity::errc values; compare with an amperity::condition for their kind.
// Observability: client_options::observer sees every attempt, retry and outcome (observer.hpp).
//
// Executor and threads: every call runs as a coroutine on the client's executor, and the
// client's state (connection pool, rate limiter, token cache) is not synchronised. Run the
// io_context on one thread, or give the client a strand. The client may be destroyed while
// calls are in flight: they keep the shared state alive and finish normally. Like any Asio I/O
// object, the client must not outlive its io_context; destroying the io_context with calls in
// flight destroys them (their handlers are never called).
//
// Cancellation: each call honours the cancellation slot of its completion handler (terminal,
// partial and total cancellation all stop the call); a cancelled call completes with
// errc::cancelled, or errc::outcome_unknown if a non-idempotent request had been written.
//
// The definitions are in impl/client.hpp; the layers under them are drawn in docs/design.md.

#include <amperity/call_options.hpp>
#include <amperity/client_options.hpp>
#include <amperity/diagnostics.hpp>
#include <amperity/error.hpp>
#include <amperity/generated/all.hpp>
#include <amperity/generated/client_ops.hpp>
#include <amperity/operation.hpp>
#include <amperity/pager.hpp>
#include <amperity/run_request.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace amperity {

namespace detail {
class client_state;
}

/// An Amperity API client: one async_ member per operation of the spec (basic_operations),
/// async_call for any operation, pagination and following a run. Completion, errors,
/// cancellation and threads: @ref async_calls.
class client : public basic_operations<client> {
public:
    /// The executor every call runs on.
    using executor_type = boost::asio::any_io_executor;
    /// The token of a call given none: the executor's default completion token.
    using default_token = boost::asio::default_completion_token_t<executor_type>;

    /// Throws amperity::error_exception (with the option named) when the options are invalid:
    /// bad URL, plain http to a non-loopback host, control characters in a header value,
    /// missing credentials, unreadable CA file. Use client::create to get a result instead.
    client(executor_type ex, client_options opts);
    /// As the constructor, but returns the validation_error instead of throwing.
    static validation_result<client> create(executor_type ex, client_options opts);

    /// The executor given to the constructor.
    executor_type get_executor() const noexcept { return ex_; }
    /// The options the client was created with.
    client_options const& options() const noexcept;

    /// Any operation, by descriptor: what every generated async_ member forwards to.
    /// @completion `void(error_code, typename Op::response_type)`
    /// @errors errc (@ref errors): validation (nothing sent), transport, `http_*`, token,
    /// deadline; errc::outcome_unknown when a non-idempotent request was written, then lost.
    /// @cancellation Terminal, partial, total: errc::cancelled, or errc::outcome_unknown once a
    /// non-idempotent request was written. @threadsafety Not thread-safe: one client's calls
    /// on one strand (@ref async_calls).
    ///@{
    template <operation_descriptor Op, class CompletionToken = default_token>
    auto async_call(typename Op::params_type params, request_body_t<Op> body,
                    CompletionToken&& token = {});
    template <operation_descriptor Op, class CompletionToken = default_token>
    auto async_call(typename Op::params_type params, request_body_t<Op> body, diagnostics& diag,
                    CompletionToken&& token = {});
    /// With per-call options (call_options.hpp); invalid headers or trace context complete the
    /// call with a condition::validation error and nothing is sent.
    template <operation_descriptor Op, class CompletionToken = default_token>
    auto async_call(typename Op::params_type params, request_body_t<Op> body, call_options opts,
                    CompletionToken&& token = {});
    ///@}

    /// run-workflow from a request built with compile-time checks (run_request.hpp).
    /// @completion `void(error_code, workflow)` @errors As async_call; retried only when not
    /// processed (not sent, or a 429). @cancellation Terminal, partial, total: errc::cancelled
    /// before the request is written, errc::outcome_unknown after (a run may have started:
    /// check list-workflows).
    /// @threadsafety Not thread-safe: one client's calls on one strand.
    ///@{
    template <config_kind Kind, class CompletionToken = default_token>
    auto async_run_workflow(run_request<Kind> const& request, CompletionToken&& token = {});
    template <config_kind Kind, class CompletionToken = default_token>
    auto async_run_workflow(run_request<Kind> const& request, diagnostics& diag,
                            CompletionToken&& token = {});
    /// call_options::retry changes the attempts and backoff only: run-workflow is never resent
    /// once written (errc::outcome_unknown), whatever max_attempts says.
    template <config_kind Kind, class CompletionToken = default_token>
    auto async_run_workflow(run_request<Kind> const& request, call_options opts,
                            CompletionToken&& token = {});
    ///@}
    using basic_operations::async_run_workflow;

    /// The pages of a paginated list operation (list-workflows, list-events, list-campaign,
    /// list-segment), one async_next at a time: see amperity::pager.
    template <operation_descriptor Op>
        requires(Op::paginated)
    pager<Op> pages(typename Op::params_type params = {});

    /// Every item of every page of a paginated list, in order; with `limits`, more items or
    /// pages than they allow complete with errc::limit_reached and the first max_items items.
    /// @completion `void(error_code, std::vector<page_item_t<Op>>)` (the items read so far on
    /// error). @errors As async_call, errc::limit_reached, errc::invalid_response (a page cycle).
    /// @cancellation Terminal, partial, total: errc::cancelled with the items read so far.
    /// @threadsafety Not thread-safe: one client's calls on one strand.
    ///@{
    template <operation_descriptor Op, class CompletionToken = default_token>
        requires(Op::paginated)
    auto async_collect(typename Op::params_type params, CompletionToken&& token = {});
    template <operation_descriptor Op, class CompletionToken = default_token>
        requires(Op::paginated)
    auto async_collect(typename Op::params_type params, diagnostics& diag,
                       CompletionToken&& token = {});
    /// With call_options: they apply to each page's call (call_options::timeout per page).
    template <operation_descriptor Op, class CompletionToken = default_token>
        requires(Op::paginated)
    auto async_collect(typename Op::params_type params, call_options opts,
                       CompletionToken&& token = {});
    template <operation_descriptor Op, class CompletionToken = default_token>
        requires(Op::paginated)
    auto async_collect(typename Op::params_type params, collect_limits limits,
                       CompletionToken&& token = {});
    template <operation_descriptor Op, class CompletionToken = default_token>
        requires(Op::paginated)
    auto async_collect(typename Op::params_type params, collect_limits limits, diagnostics& diag,
                       CompletionToken&& token = {});
    template <operation_descriptor Op, class CompletionToken = default_token>
        requires(Op::paginated)
    auto async_collect(typename Op::params_type params, collect_limits limits, call_options opts,
                       CompletionToken&& token = {});
    ///@}

    /// Follows a run: polls get-workflow (verbose) with growing intervals until the run reaches
    /// a terminal state (succeeded, failed, canceled, stopped), reporting each poll through
    /// follow_options::on_progress. Completion signature: void(error_code, workflow) with the
    /// last workflow seen; errc::deadline_exceeded after follow_options::timeout.
    /// @errors As async_call (of each poll), errc::deadline_exceeded. @cancellation Terminal,
    /// partial, total: errc::cancelled (the run goes on: stop it with async_stop_workflow).
    /// @threadsafety Not thread-safe: one client's calls on one strand.
    ///@{
    template <class CompletionToken = default_token>
    auto async_follow_workflow(std::string workflow_id, follow_options fo,
                               CompletionToken&& token = {});
    template <class CompletionToken = default_token>
    auto async_follow_workflow(std::string workflow_id, follow_options fo, diagnostics& diag,
                               CompletionToken&& token = {});
    /// With call_options: they apply to each poll (call_options::timeout bounds one poll,
    /// follow_options::timeout the whole follow); `diag` describes the last poll.
    template <class CompletionToken = default_token>
    auto async_follow_workflow(std::string workflow_id, follow_options fo, call_options opts,
                               CompletionToken&& token = {});
    ///@}

    /// `text` with every secret this client holds or held (bearer token, client secret, the
    /// tokens it obtained) blanked: for logging anything a server sent. Diagnostics are
    /// already scrubbed.
    std::string redact(std::string_view text) const;

private:
    client(executor_type ex, std::shared_ptr<detail::client_state> st)
        : ex_(std::move(ex)), state_(std::move(st)) {}

    executor_type ex_;
    std::shared_ptr<detail::client_state> state_;
};

} // namespace amperity

#include <amperity/impl/client.hpp>

#endif // AMPERITY_CLIENT_HPP
