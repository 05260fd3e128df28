// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_SYNC_CLIENT_HPP
#define AMPERITY_SYNC_CLIENT_HPP

// Blocking calls for simple programs: a client with its own io_context; each call runs it until
// the call completes. One member per operation (generated, basic_sync_operations in
// generated/client_ops.hpp), each with overloads taking a diagnostics& or a call_options, as the
// async client.
// Not for use from inside an io_context's handlers (it would block that thread); use
// amperity::client there.
//
//     amperity::sync_client c(opts);
//     auto wf = c.run_workflow(amperity::run_request{amperity::courier_group_id{"cg-1"}});
//     if (!wf) std::cerr << wf.error().message() << '\n';

#include <amperity/client.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/system/result.hpp>

#include <optional>
#include <utility>

namespace amperity {

/// Blocking calls for simple programs: an amperity::client on its own io_context, which each
/// call runs until the call completes. Returns boost::system::result<Response> (the error is an
/// errc: @ref errors). Not thread-safe, and not for use from inside an io_context's handlers.
class sync_client : public basic_sync_operations<sync_client> {
public:
    /// Throws amperity::error_exception when the options are invalid (see client).
    explicit sync_client(client_options opts) : client_(io_.get_executor(), std::move(opts)) {}

    /// The asynchronous client underneath (its calls run only while a blocking call runs).
    client& async() noexcept { return client_; }

    /// Any operation, by descriptor: what every generated member forwards to.
    ///@{
    template <operation_descriptor Op>
    boost::system::result<typename Op::response_type> call(typename Op::params_type params,
                                                           request_body_t<Op> body = {}) {
        return run<typename Op::response_type>([&](auto handler) {
            client_.async_call<Op>(std::move(params), std::move(body), std::move(handler));
        });
    }
    template <operation_descriptor Op>
    boost::system::result<typename Op::response_type>
    call(typename Op::params_type params, request_body_t<Op> body, diagnostics& diag) {
        return run<typename Op::response_type>([&](auto handler) {
            client_.async_call<Op>(std::move(params), std::move(body), diag, std::move(handler));
        });
    }
    template <operation_descriptor Op>
    boost::system::result<typename Op::response_type>
    call(typename Op::params_type params, request_body_t<Op> body, call_options opts) {
        return run<typename Op::response_type>([&](auto handler) {
            client_.async_call<Op>(std::move(params), std::move(body), std::move(opts),
                                   std::move(handler));
        });
    }

    ///@}
    /// run-workflow from a request built with compile-time checks.
    ///@{
    template <config_kind Kind>
    boost::system::result<workflow> run_workflow(run_request<Kind> const& req) {
        return call<run_workflow_operation>({}, req.to_wire());
    }
    template <config_kind Kind>
    boost::system::result<workflow> run_workflow(run_request<Kind> const& req, diagnostics& diag) {
        return call<run_workflow_operation>({}, req.to_wire(), diag);
    }
    template <config_kind Kind>
    boost::system::result<workflow> run_workflow(run_request<Kind> const& req, call_options opts) {
        return call<run_workflow_operation>({}, req.to_wire(), std::move(opts));
    }
    ///@}
    using basic_sync_operations::run_workflow;

    /// async_follow_workflow, blocking.
    ///@{
    template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
    boost::system::result<workflow> follow_workflow(std::string id, follow_options fo = {}) {
        return run<workflow>([&](auto handler) {
            client_.async_follow_workflow(std::move(id), std::move(fo), std::move(handler));
        });
    }
    template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
    boost::system::result<workflow> follow_workflow(std::string id, follow_options fo,
                                                    diagnostics& diag) {
        return run<workflow>([&](auto handler) {
            client_.async_follow_workflow(std::move(id), std::move(fo), diag, std::move(handler));
        });
    }
    template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
    boost::system::result<workflow> follow_workflow(std::string id, follow_options fo,
                                                    call_options opts) {
        return run<workflow>([&](auto handler) {
            client_.async_follow_workflow(std::move(id), std::move(fo), std::move(opts),
                                          std::move(handler));
        });
    }
    ///@}

private:
    template <class R, class Start>
    boost::system::result<R> run(Start&& start) {
        boost::system::error_code ec;
        std::optional<R> out;
        start([&](boost::system::error_code e, R r) {
            ec = e;
            out = std::move(r);
        });
        io_.restart();
        io_.run();
        if (ec) return ec;
        return std::move(*out);
    }

    boost::asio::io_context io_;
    client client_;
};

} // namespace amperity

#endif // AMPERITY_SYNC_CLIENT_HPP
