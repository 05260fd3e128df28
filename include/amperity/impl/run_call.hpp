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
//   validate_call_options            per_call.hpp        (per-call headers, trace context)
//   call_observation                 below               (observer.hpp events; none unset)

#include <amperity/call_options.hpp>
#include <amperity/codec.hpp>
#include <amperity/detail/client_state.hpp>
#include <amperity/detail/request.hpp>
#include <amperity/detail/response.hpp>
#include <amperity/detail/sleep.hpp>
#include <amperity/diagnostics.hpp>
#include <amperity/error.hpp>
#include <amperity/observer.hpp>
#include <amperity/retry.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/this_coro.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <amperity/detail/push_options.hpp>

namespace amperity::detail {

template <class Op>
using call_result = std::pair<boost::system::error_code, typename Op::response_type>;

/// The request of one attempt: the prepared target and body, the client's fields, the token,
/// then the call's extra headers and trace context (checked by validate_call_options).
inline outgoing_request api_request(client_state const& st, std::string_view method,
                                    prepared_call const& call, secret const& token,
                                    call_options const& co) {
    auto const& t = call.target;
    std::size_t fields = st.opts.user_agent.size() + st.opts.tenant.size() + token.size() + 160 +
                         co.traceparent.size() + co.tracestate.size() + 32;
    for (auto const& [name, value] : t.headers) fields += name.size() + value.size() + 4;
    for (auto const& [name, value] : co.headers) fields += name.size() + value.size() + 4;
    request_writer w(method, t.target, fields);
    w.field("Host", st.base.host_header())
        .field("User-Agent", st.opts.user_agent)
        .field("Accept", "application/json")
        .field("Authorization", "Bearer ", token.reveal())
        .field("amperity-tenant", st.opts.tenant)
        .field("api-version", st.opts.api_version);
    for (auto const& [name, value] : t.headers) w.field(name, value);
    for (auto const& [name, value] : co.headers) w.field(name, value);
    if (!co.traceparent.empty()) w.field("traceparent", co.traceparent);
    if (!co.tracestate.empty()) w.field("tracestate", co.tracestate);
    if (!call.body.empty()) w.field("Content-Type", "application/json");
    return w.finish(method, call.body);
}

/// The backoff before the next attempt (full jitter, or Retry-After when longer). Returns
/// nothing to go on; errc::deadline_exceeded when the wait would end past the deadline
/// (nothing slept), errc::cancelled when the sleep was cancelled. `wait` is the chosen delay.
template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
asio::awaitable<std::optional<errc>>
pause_before_retry(client_state& st, std::chrono::milliseconds wait, clock::time_point deadline,
                   diagnostics& diag) {
    if (after(clock::now(), wait) >= deadline) {
        diag.detail += " (no time left for another attempt before the deadline)";
        co_return errc::deadline_exceeded;
    }
    bool const slept = co_await sleep_until(st.ex, clock::now() + wait);
    if (!slept) co_return errc::cancelled;
    co_return std::nullopt;
}

/// The ids observers see (observer.hpp: call_event_base::call_id), process-wide.
inline std::atomic<std::uint64_t> next_call_id{1};

/// Calls an observer hook; whatever it throws is swallowed (observer.hpp says why).
template <class Event>
void notify(observer* obs, void (observer::*hook)(Event const&), Event const& e) noexcept {
    try {
        (obs->*hook)(e);
    } catch (...) {
    }
}

/// What the observer of one call needs across its attempts. Every member function is a no-op
/// when no observer is set: the events are only built when someone listens.
template <class Op>
struct call_observation {
    observer* obs = nullptr;
    std::uint64_t call_id = 0;
    clock::time_point started{};
    clock::time_point attempt_started{};
    connection_info connection{}; // the current attempt's

    explicit call_observation(client_state const& st) : obs(st.opts.observer.get()) {
        if (obs) {
            call_id = next_call_id.fetch_add(1, std::memory_order_relaxed);
            started = clock::now();
        }
    }
    template <class Event>
    Event base() const {
        Event e;
        e.operation = Op::operation_id;
        e.call_id = call_id;
        return e;
    }
    void attempt(unsigned n, std::string_view target, call_options const& co) {
        if (!obs) return;
        connection = {};
        attempt_started = clock::now();
        auto e = base<attempt_event>();
        e.method = Op::method;
        e.path_template = Op::path_template;
        e.target = target;
        e.attempt = n;
        e.traceparent = co.traceparent;
        notify(obs, &observer::on_attempt, e);
    }
    void response(unsigned n, unsigned status, boost::system::error_code error, std::size_t bytes,
                  std::string_view request_id, std::string_view trace_id) {
        if (!obs) return;
        auto e = base<response_event>();
        e.attempt = n;
        e.status = status;
        e.error = error;
        e.latency = std::chrono::duration_cast<std::chrono::microseconds>(clock::now() -
                                                                          attempt_started);
        e.request_id = request_id;
        e.trace_id = trace_id;
        e.bytes = bytes;
        e.connection = connection;
        notify(obs, &observer::on_response, e);
    }
    void retry(unsigned n, boost::system::error_code reason, unsigned status,
               std::string_view text, std::chrono::milliseconds delay) {
        if (!obs) return;
        auto e = base<retry_event>();
        e.attempt = n;
        e.reason = reason;
        e.kind = classify(reason, status);
        e.text = text;
        e.delay = delay;
        notify(obs, &observer::on_retry, e);
    }
    void outcome(boost::system::error_code error, unsigned attempts, unsigned status) {
        if (!obs) return;
        auto e = base<outcome_event>();
        e.error = error;
        e.kind = classify(error, status);
        e.attempts = attempts;
        e.status = status;
        e.latency = std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - started);
        notify(obs, &observer::on_outcome, e);
    }
};

/// One call: prepare, then attempts with the retry rules until one succeeds or must be final.
/// `co` holds the per-call options (timeout, retry policy, headers, trace context, where the
/// diagnostics go); what may be retried still comes from Op::idempotent alone.
template <class Op>
asio::awaitable<call_result<Op>> run_call(std::shared_ptr<client_state> st,
                                          typename Op::params_type params,
                                          request_body_t<Op> body, call_options co) {
    diagnostics diag;
    typename Op::response_type out{};
    call_observation<Op> watch(*st);
    auto finish = [&](boost::system::error_code ec) {
        watch.outcome(ec, diag.attempts, diag.http_status);
        if (co.diag) {
            scrub(diag, st->secrets);
            diag.outcome = classify(ec, diag.http_status);
            *co.diag = std::move(diag);
        }
        return call_result<Op>{ec, std::move(out)};
    };
    auto const deadline = after(clock::now(), co.timeout.value_or(st->opts.call_timeout));
    retry_policy const& policy = co.retry ? *co.retry : st->opts.retry;
    if (auto v = validate_call_options(co); !v) {
        diag.detail = v.error().message();
        co_return finish(v.error().code());
    }
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
        watch.attempt(attempt, call->target.target, co);

        secret token;
        boost::system::error_code token_error;
        if (!st->tokens->ready(token, diag, token_error)) {
            token_error = co_await st->tokens->get(deadline, token, diag);
        }
        if (auto ec = token_error) {
            // The token endpoint could not be reached: nothing went to the API, so this is an
            // attempt that was not sent, retried like one (a refusal is final).
            watch.response(attempt, 0, ec, 0, {}, {});
            bool const transient = ec == errc::connection_failed || ec == errc::connection_lost;
            if (!transient || attempt >= policy.max_attempts) co_return finish(ec);
            auto const wait = backoff(policy, attempt, std::nullopt, st->rng);
            if (watch.obs) watch.retry(attempt, ec, 0, st->secrets.scrub(diag.detail), wait);
            if (auto stop = co_await pause_before_retry(*st, wait, deadline, diag))
                co_return finish(*stop == errc::cancelled ? make_error_code(errc::cancelled) : ec);
            continue;
        }

        auto req = api_request(*st, Op::method, *call, token, co);
        auto r = co_await st->api->exchange(req, deadline, !Op::idempotent);
        secret wipe(std::move(req.head)); // it holds the token
        if (watch.obs) watch.connection = {r.reused, r.resumed, r.replays};

        diag.request_written = r.written;
        diag.http_status = r.status;
        diag.detail = r.detail;
        record_deprecation(diag, r.fields, st->secrets, st->opts.on_deprecation);

        auto cs = co_await asio::this_coro::cancellation_state;
        bool const cancelled = r.cancelled || cs.cancelled() != asio::cancellation_type::none;
        bool const past_deadline = clock::now() >= deadline;
        if ((cancelled || (r.timed_out && past_deadline)) && r.failure != attempt_failure::none) {
            watch.response(attempt, r.status, make_error_code(failure_errc(r.failure, r.status)),
                           r.body.size(), {}, {});
            if (r.written && !Op::idempotent) {
                diag.detail = "the request was sent, then the call was " +
                              std::string(cancelled ? "cancelled" : "out of time") +
                              " before the answer";
                co_return finish(make_error_code(errc::outcome_unknown));
            }
            co_return finish(make_error_code(cancelled ? errc::cancelled
                                                       : errc::deadline_exceeded));
        }

        attempt_failure failure = r.failure;
        bool const answered_2xx =
            failure == attempt_failure::none && r.status >= 200 && r.status < 300;
        if (failure == attempt_failure::none && !answered_2xx) {
            // This is now the last non-2xx response: nothing of an earlier one may stay.
            diag.message.clear();
            diag.request_id.clear();
            diag.trace_id.clear();
            record_error_body(diag, r.body, st->secrets);
        }
        if (watch.obs) {
            bool const has_error_body = failure == attempt_failure::none && !answered_2xx;
            std::string request_id = has_error_body ? diag.request_id : std::string();
            if (request_id.empty())
                if (r.fields.request_id)
                    request_id = st->secrets.scrub_prefix(*r.fields.request_id, 128);
            std::string const trace_id =
                has_error_body ? st->secrets.scrub(diag.trace_id) : std::string();
            request_id = st->secrets.scrub(request_id);
            watch.response(attempt, r.status,
                           answered_2xx ? boost::system::error_code{}
                              : make_error_code(failure_errc(failure, r.status)),
                           r.body.size(), request_id, trace_id);
        }

        // A 401 with a token that can be renewed (OAuth, provider): the token is stale
        // (revoked, rotated, or the clocks disagree), so drop it; and one more try with a fresh
        // one. The resend is an attempt like any other: it counts against max_attempts.
        if (r.failure == attempt_failure::none && r.status == 401 && st->tokens->can_refresh()) {
            st->tokens->invalidate(token);
            if (!refreshed_after_401 && attempt < policy.max_attempts) {
                refreshed_after_401 = true;
                watch.retry(attempt, make_error_code(errc::http_unauthorized), 401,
                            "401 with a renewable token: renewing it",
                            std::chrono::milliseconds(0));
                continue;
            }
        }

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
        if (step == next_step::fail || attempt >= policy.max_attempts)
            co_return finish(error);

        std::optional<std::chrono::milliseconds> retry_after;
        if (r.fields.retry_after)
            retry_after = parse_retry_after(*r.fields.retry_after, std::chrono::system_clock::now());
        auto const wait = backoff(policy, attempt, retry_after, st->rng);
        if (watch.obs) {
            std::string text = r.status ? "the server answered " + std::to_string(r.status)
                                        : error.message();
            if (!diag.detail.empty()) text += " (" + st->secrets.scrub(diag.detail) + ")";
            watch.retry(attempt, error, r.status, text, wait);
        }
        if (auto stop = co_await pause_before_retry(*st, wait, deadline, diag))
            co_return finish(*stop == errc::cancelled ? make_error_code(errc::cancelled) : error);
    }
}

} // namespace amperity::detail

#include <amperity/detail/pop_options.hpp>

#endif // AMPERITY_IMPL_RUN_CALL_HPP
