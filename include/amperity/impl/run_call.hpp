// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_IMPL_RUN_CALL_HPP
#define AMPERITY_IMPL_RUN_CALL_HPP

// One call of one operation: the attempt loop. What each step does lives elsewhere:
//   prepare_call, build_target       detail/request.hpp  (validation, JSON body, target)
//   limiter.reserve                  rate_limit.hpp      (client-side rate limit)
//   tokens->get                      detail/auth.hpp     (bearer, OAuth, provider)
//   api->exchange                    detail/transport.hpp (pool, TLS, one HTTP exchange)
//   decide, backoff                  retry.hpp           (what may be retried, and when)
//   failure_errc, record_*           detail/response.hpp (error codes, diagnostics)

#include <amperity/codec.hpp>
#include <amperity/detail/client_state.hpp>
#include <amperity/detail/request.hpp>
#include <amperity/detail/response.hpp>
#include <amperity/detail/sleep.hpp>
#include <amperity/diagnostics.hpp>
#include <amperity/error.hpp>
#include <amperity/retry.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/this_coro.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <amperity/detail/push_options.hpp>

namespace amperity::detail {

template <class Op>
using call_result = std::pair<boost::system::error_code, typename Op::response_type>;

/// The request of one attempt: the prepared target and body, the client's fields, the token.
inline outgoing_request api_request(client_state const& st, std::string_view method,
                                    prepared_call const& call, secret const& token) {
    auto const& t = call.target;
    std::size_t fields = st.opts.user_agent.size() + st.opts.tenant.size() + token.size() + 160;
    for (auto const& [name, value] : t.headers) fields += name.size() + value.size() + 4;
    request_writer w(method, t.target, fields);
    w.field("Host", st.base.host_header())
        .field("User-Agent", st.opts.user_agent)
        .field("Accept", "application/json")
        .field("Authorization", "Bearer ", token.reveal())
        .field("amperity-tenant", st.opts.tenant)
        .field("api-version", st.opts.api_version);
    for (auto const& [name, value] : t.headers) w.field(name, value);
    if (!call.body.empty()) w.field("Content-Type", "application/json");
    return w.finish(method, call.body);
}

/// The backoff before the next attempt (full jitter, or Retry-After when longer). Returns
/// nothing to go on; errc::deadline_exceeded when the wait would end past the deadline
/// (nothing slept), errc::cancelled when the sleep was cancelled.
template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
asio::awaitable<std::optional<errc>>
pause_before_retry(client_state& st, unsigned attempt,
                   std::optional<std::chrono::milliseconds> retry_after,
                   clock::time_point deadline, diagnostics& diag) {
    auto const wait = backoff(st.opts.retry, attempt, retry_after, st.rng);
    if (after(clock::now(), wait) >= deadline) {
        diag.detail += " (no time left for another attempt before the deadline)";
        co_return errc::deadline_exceeded;
    }
    bool const slept = co_await sleep_until(st.ex, clock::now() + wait);
    if (!slept) co_return errc::cancelled;
    co_return std::nullopt;
}

/// One call: prepare, then attempts with the retry rules until one succeeds or must be final.
template <class Op>
asio::awaitable<call_result<Op>> run_call(std::shared_ptr<client_state> st,
                                          typename Op::params_type params,
                                          request_body_t<Op> body, diagnostics* diag_out) {
    diagnostics diag;
    typename Op::response_type out{};
    auto finish = [&](boost::system::error_code ec) {
        if (diag_out) {
            scrub(diag, st->secrets);
            diag.outcome = classify(ec, diag.http_status);
            *diag_out = std::move(diag);
        }
        return call_result<Op>{ec, std::move(out)};
    };
    auto const deadline = after(clock::now(), st->opts.call_timeout);
    auto call = prepare_call<Op>(st->base.path_prefix, params, body);
    if (!call) {
        diag.detail = call.error().message();
        co_return finish(call.error().code());
    }

    bool refreshed_after_401 = false;
    for (unsigned attempt = 1;; ++attempt) {
        diag.attempts = attempt;
        auto const now = clock::now();
        auto slot = st->limiter.reserve(now, deadline);
        if (!slot) {
            diag.detail = "the rate limit leaves no slot before the deadline";
            co_return finish(make_error_code(errc::deadline_exceeded));
        }
        if (*slot > now) {
            // Its own statement, as every co_await here (none inside a && operand).
            bool const slept = co_await sleep_until(st->ex, *slot);
            if (!slept) co_return finish(make_error_code(errc::cancelled));
        }

        secret token;
        if (auto ec = co_await st->tokens->get(deadline, token, diag)) {
            // The token endpoint could not be reached: nothing went to the API, so this is an
            // attempt that was not sent, retried like one (a refusal is final).
            bool const transient = ec == errc::connection_failed || ec == errc::connection_lost;
            if (!transient || attempt >= st->opts.retry.max_attempts) co_return finish(ec);
            if (auto stop = co_await pause_before_retry(*st, attempt, std::nullopt, deadline, diag))
                co_return finish(*stop == errc::cancelled ? make_error_code(errc::cancelled) : ec);
            continue;
        }

        auto req = api_request(*st, Op::method, *call, token);
        auto r = co_await st->api->exchange(req, deadline, !Op::idempotent);
        secret wipe(std::move(req.head)); // it holds the token

        diag.request_written = r.written;
        diag.http_status = r.status;
        diag.detail = r.detail;
        record_deprecation(diag, r.headers, st->secrets, st->opts.on_deprecation);

        auto cs = co_await asio::this_coro::cancellation_state;
        bool const cancelled = r.cancelled || cs.cancelled() != asio::cancellation_type::none;
        bool const past_deadline = clock::now() >= deadline;
        if ((cancelled || (r.timed_out && past_deadline)) && r.failure != attempt_failure::none) {
            if (r.written && !Op::idempotent) {
                diag.detail = "the request was sent, then the call was " +
                              std::string(cancelled ? "cancelled" : "out of time") +
                              " before the answer";
                co_return finish(make_error_code(errc::outcome_unknown));
            }
            co_return finish(make_error_code(cancelled ? errc::cancelled
                                                       : errc::deadline_exceeded));
        }

        // A 401 with a token that can be renewed (OAuth, provider): the token is stale
        // (revoked, rotated, or the clocks disagree), so drop it; and one more try with a fresh
        // one. The resend is an attempt like any other: it counts against max_attempts.
        if (r.failure == attempt_failure::none && r.status == 401 && st->tokens->can_refresh()) {
            st->tokens->invalidate(token);
            if (!refreshed_after_401 && attempt < st->opts.retry.max_attempts) {
                refreshed_after_401 = true;
                continue;
            }
        }

        attempt_failure failure = r.failure;
        if (failure == attempt_failure::none && r.status >= 200 && r.status < 300) {
            auto decoded = decode<typename Op::response_type>(r.body);
            if (decoded) {
                out = std::move(*decoded);
                diag.detail.clear();
                co_return finish({});
            }
            failure = attempt_failure::unreadable_body;
            diag.detail = "the " + std::to_string(r.status) +
                          " response does not match the spec: " + decoded.error().message();
            diag.body_excerpt = st->secrets.scrub_prefix(r.body, 512);
        } else if (failure == attempt_failure::none) {
            record_error_body(diag, r.body, st->secrets);
        }

        auto const step = decide(Op::idempotent, failure, r.status);
        if (step == next_step::outcome_unknown) {
            std::string what = r.status ? "the server answered " + std::to_string(r.status)
                                        : std::string("the connection failed");
            if (!diag.detail.empty()) what += " (" + diag.detail + ")";
            diag.detail = what + " after the request was sent";
            co_return finish(make_error_code(errc::outcome_unknown));
        }
        auto const error = make_error_code(failure_errc(failure, r.status));
        if (step == next_step::fail || attempt >= st->opts.retry.max_attempts)
            co_return finish(error);

        std::optional<std::chrono::milliseconds> retry_after;
        if (auto it = r.headers.find(http::field::retry_after); it != r.headers.end())
            retry_after = parse_retry_after(it->value(), std::chrono::system_clock::now());
        if (auto stop = co_await pause_before_retry(*st, attempt, retry_after, deadline, diag))
            co_return finish(*stop == errc::cancelled ? make_error_code(errc::cancelled) : error);
    }
}

} // namespace amperity::detail

#include <amperity/detail/pop_options.hpp>

#endif // AMPERITY_IMPL_RUN_CALL_HPP
