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
// Completion signature of every call: void(boost::system::error_code, Response). Errors are
// amperity::errc values (compare with `ec == amperity::errc::outcome_unknown`); pass an
// amperity::diagnostics& for the details (status, Amperity's message, request_id, attempts...).
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
// This is part of the operation layer: it includes the generated model.

#include <amperity/client_options.hpp>
#include <amperity/codec.hpp>
#include <amperity/detail/deadline.hpp>
#include <amperity/detail/redact.hpp>
#include <amperity/detail/transport.hpp>
#include <amperity/detail/url.hpp>
#include <amperity/diagnostics.hpp>
#include <amperity/error.hpp>
#include <amperity/generated/all.hpp>
#include <amperity/generated/client_ops.hpp>
#include <amperity/operation.hpp>
#include <amperity/rate_limit.hpp>
#include <amperity/retry.hpp>
#include <amperity/run_request.hpp>
#include <amperity/secret.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <exception>
#include <functional>
#include <vector>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <variant>

// GCC 12 reports a false -Wmismatched-new-delete at the end of a coroutine whose frame Asio
// allocates (awaitable_frame_base's operator new and sized operator delete, seen after
// inlining): GCC bug 109224 (middle-end). Silenced for this header's coroutines only; the
// Release-matrix cell g++ RelWithDebInfo showed it.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace amperity {

namespace detail {

/// The OAuth token endpoint's answer.
struct oauth_token_body {
    std::string access_token;
    std::optional<std::int64_t> expires_in;
    std::optional<std::string> token_type;
    friend bool operator==(oauth_token_body const&, oauth_token_body const&) = default;
};

template <>
struct object_schema<oauth_token_body> {
    static constexpr std::string_view name = "OAuthToken";
    static constexpr auto fields = std::tuple{
        field<&oauth_token_body::access_token>{"access_token", true},
        field<&oauth_token_body::expires_in>{"expires_in", false},
        field<&oauth_token_body::token_type>{"token_type", false},
    };
};

template <class Op>
using request_body_t = std::conditional_t<std::is_void_v<typename Op::request_type>, std::monostate,
                                          typename Op::request_type>;

// ---- parameters to text -----------------------------------------------------------------
inline std::string param_text(std::string const& s) { return s; }
inline std::string param_text(std::int64_t v) { return std::to_string(v); }
inline std::string param_text(bool v) { return v ? "true" : "false"; }
inline std::string param_text(date_or_time const& v) { return format(v); }
inline std::string param_text(timestamp v) { return format_timestamp(v); }
template <closed_enum E>
std::string param_text(E e) {
    return std::string(to_string(e));
}
template <open_enum_type T>
std::string param_text(T const& e) {
    return std::string(e.wire());
}

struct built_target {
    std::string target; // path + query
    std::vector<std::pair<std::string, std::string>> headers;
};

/// Path template with percent-encoded path parameters, plus the query string.
template <class Op>
validation_result<built_target> build_target(std::string_view prefix,
                                             typename Op::params_type const& params) {
    built_target out;
    std::string path(Op::path_template);
    std::string query;
    std::optional<validation_error> error;
    for_each_field<typename Op::params_type>([&](auto const& fd) {
        if (error) return;
        auto const& member = params.*(fd.member);
        using member_type = std::remove_cvref_t<decltype(member)>;
        std::optional<std::string> text;
        if constexpr (is_optional<member_type>::value) {
            if (member) text = param_text(*member);
        } else {
            text = param_text(member);
        }
        param_location where = param_location::query;
        for (auto const& p : Op::parameters)
            if (p.wire == fd.wire) where = p.location;
        if (!text) return;
        switch (where) {
        case param_location::path: {
            if (text->empty()) {
                error = validation_error(errc::invalid_parameter, std::string(fd.wire),
                                         "a path parameter must not be empty");
                return;
            }
            if (*text == "." || *text == "..") {
                // Percent-encoding does not help: %2E is a dot to every URL normaliser, so
                // "/workflow/runs/.." would name another resource.
                error = validation_error(errc::invalid_parameter, std::string(fd.wire),
                                         quoted_excerpt(*text) +
                                             " is a dot segment, not an id");
                return;
            }
            std::string const placeholder = "{" + std::string(fd.wire) + "}";
            auto const at = path.find(placeholder);
            if (at != std::string::npos) path.replace(at, placeholder.size(), percent_encode(*text));
            break;
        }
        case param_location::query:
            query += query.empty() ? '?' : '&';
            append_percent_encoded(query, fd.wire);
            query += '=';
            append_percent_encoded(query, *text);
            break;
        case param_location::header:
            if (!is_valid_header_value(*text)) {
                error = validation_error(errc::invalid_header_value, std::string(fd.wire),
                                         "contains a control character (CR, LF, ...)");
                return;
            }
            out.headers.emplace_back(std::string(fd.wire), std::move(*text));
            break;
        }
    });
    if (error) return *error;
    out.target = std::string(prefix) + path + query;
    return out;
}

inline errc status_errc(unsigned status) noexcept {
    switch (status) {
    case 400: return errc::http_bad_request;
    case 401: return errc::http_unauthorized;
    case 403: return errc::http_forbidden;
    case 404: return errc::http_not_found;
    case 405: return errc::http_method_not_allowed;
    case 409: return errc::http_conflict;
    case 429: return errc::http_too_many_requests;
    case 500: return errc::http_server_error;
    case 502: return errc::http_bad_gateway;
    case 503: return errc::http_service_unavailable;
    case 504: return errc::http_gateway_timeout;
    default: return errc::http_unexpected_status;
    }
}

/// The shared state of a client: options, connection pools, limiter, token cache.
class client_state {
public:
    client_options opts;
    url base;
    std::optional<url> token_target;
    std::shared_ptr<ssl::context> tls;
    std::unique_ptr<http_transport> api;
    std::unique_ptr<http_transport> token_endpoint;
    rate_limiter limiter;
    /// Every secret this client holds or held (see detail/redact.hpp): scrubbed from anything
    /// a server sent before it reaches diagnostics or a hook.
    redactor secrets;
    std::minstd_rand rng{std::random_device{}()};
    asio::any_io_executor ex;

    static validation_result<std::shared_ptr<client_state>> make(asio::any_io_executor ex,
                                                                 client_options opts) {
        auto st = std::make_shared<client_state>();
        st->ex = ex;
        auto base = parse_url(opts.base_url, "base_url");
        if (!base) return base.error();
        st->base = std::move(*base);
        for (auto const& [name, value] :
             {std::pair<char const*, std::string_view>{"tenant", opts.tenant},
              {"api_version", opts.api_version},
              {"user_agent", opts.user_agent}}) {
            if (!is_valid_header_value(value))
                return validation_error(errc::invalid_header_value, name,
                                        "contains a control character (CR, LF, ...)");
        }
        if (opts.tenant.empty())
            return validation_error(errc::invalid_header_value, "tenant",
                                    "is required (the amperity-tenant header)");
        if (auto* b = std::get_if<bearer_token>(&opts.auth)) {
            if (b->token.empty() || !is_valid_header_value(b->token.reveal()))
                return validation_error(errc::invalid_header_value, "bearer_token",
                                        "is empty or contains a control character");
            st->secrets.add_permanent(b->token);
        } else if (auto* cc = std::get_if<client_credentials>(&opts.auth)) {
            if (cc->client_id.empty() || cc->client_secret.empty())
                return validation_error(errc::missing_credentials, "client_credentials",
                                        "client_id and client_secret are required");
            st->secrets.add_permanent(cc->client_secret);
            auto t = parse_url(cc->token_url.empty() ? opts.base_url + "/v0/oauth2/token"
                                                     : cc->token_url,
                               "token_url");
            if (!t) return t.error();
            st->token_target = std::move(*t);
        } else {
            return validation_error(errc::missing_credentials, "auth",
                                    "set a bearer_token or client_credentials");
        }
        // TLS: verification always on; TLS 1.2 at least; the system's CAs unless told.
        st->tls = std::make_shared<ssl::context>(ssl::context::tls_client);
        SSL_CTX_set_min_proto_version(st->tls->native_handle(), TLS1_2_VERSION);
        st->tls->set_verify_mode(ssl::verify_peer);
        boost::system::error_code ec;
        if (!opts.ca_file.empty()) {
            st->tls->load_verify_file(opts.ca_file, ec);
            if (ec)
                return validation_error(errc::invalid_url, "ca_file",
                                        quoted_excerpt(opts.ca_file) + ": " + ec.message());
        }
        if (!opts.ca_dir.empty()) {
            st->tls->add_verify_path(opts.ca_dir, ec);
            if (ec)
                return validation_error(errc::invalid_url, "ca_dir",
                                        quoted_excerpt(opts.ca_dir) + ": " + ec.message());
        }
        if (opts.ca_file.empty() && opts.ca_dir.empty()) st->tls->set_default_verify_paths(ec);
        transport_limits limits{opts.connect_timeout, opts.response_timeout,
                                opts.max_response_bytes, std::max<std::size_t>(opts.max_connections, 1)};
        st->api = std::make_unique<http_transport>(ex, st->base, st->tls, limits);
        if (st->token_target)
            st->token_endpoint = std::make_unique<http_transport>(ex, *st->token_target, st->tls, limits);
        st->limiter = rate_limiter(opts.rate_limit);
        st->opts = std::move(opts);
        return st;
    }

    // ---- tokens -------------------------------------------------------------------------
    secret token;
    clock::time_point refresh_at{};
    bool refreshing = false;
    std::uint64_t fetches_done = 0;
    boost::system::error_code last_fetch_error;
    std::string last_fetch_detail;
    wait_queue token_waiters; // callers waiting for the refresh in flight

    bool uses_oauth() const noexcept {
        return std::holds_alternative<client_credentials>(opts.auth);
    }

    void invalidate(secret const& used) {
        if (token == used) token = secret();
    }

    template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
    asio::awaitable<boost::system::error_code> get_token(clock::time_point deadline, secret& out,
                                                         diagnostics& diag) {
        if (auto* b = std::get_if<bearer_token>(&opts.auth)) {
            out = b->token;
            co_return boost::system::error_code{};
        }
        for (;;) {
            if (!token.empty() && clock::now() < refresh_at) {
                out = token;
                co_return boost::system::error_code{};
            }
            if (refreshing) {
                // One refresh in flight: wait for it rather than starting another.
                auto const seen = fetches_done;
                co_await token_waiters.wait(ex, deadline);
                auto cs = co_await asio::this_coro::cancellation_state;
                if (cs.cancelled() != asio::cancellation_type::none)
                    co_return make_error_code(errc::cancelled);
                if (clock::now() >= deadline) co_return make_error_code(errc::deadline_exceeded);
                if (fetches_done != seen && last_fetch_error) {
                    diag.detail = last_fetch_detail;
                    co_return last_fetch_error;
                }
                continue; // a token, or a refresh that ended without an answer: look again
            }
            refreshing = true;
            auto ec = co_await fetch_token(deadline, diag);
            refreshing = false;
            ++fetches_done;
            // The endpoint's answer is everyone's answer; but a refresh that stopped because
            // its own call was cancelled or out of time says nothing about the endpoint: the
            // waiters (with their own deadlines) look again and one of them refreshes.
            bool const own_end = ec == errc::cancelled || ec == errc::deadline_exceeded;
            last_fetch_error = own_end ? boost::system::error_code{} : ec;
            last_fetch_detail = own_end ? std::string() : diag.detail;
            token_waiters.notify_all();
            if (ec) co_return ec;
        }
    }

    static constexpr std::int64_t max_token_lifetime_s = 86400;

    template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
    asio::awaitable<boost::system::error_code> fetch_token(clock::time_point deadline,
                                                           diagnostics& diag) {
        auto const& cc = std::get<client_credentials>(opts.auth);
        http::request<http::string_body> req{
            http::verb::post, token_target->path_prefix.empty() ? "/" : token_target->path_prefix,
            11};
        req.set(http::field::host, token_target->host_header());
        req.set(http::field::user_agent, opts.user_agent);
        req.set(http::field::accept, "application/json");
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.set("X-Amperity-Tenant", opts.tenant);
        std::string form = "grant_type=client_credentials&client_id=";
        append_percent_encoded(form, cc.client_id);
        form += "&client_secret=";
        append_percent_encoded(form, cc.client_secret.reveal());
        req.body() = std::move(form);
        req.prepare_payload();
        auto r = co_await token_endpoint->exchange(req, deadline, true);
        // Wipe the form (it holds the client secret) as soon as it is sent.
        secret wipe(std::move(req.body()));
        auto fail = [&](std::string why) {
            // Never copy the token endpoint's body anywhere: a success body holds a token.
            diag.detail = "OAuth token request to " + token_target->host_header() +
                          token_target->path_prefix + ": " + std::move(why);
            return make_error_code(errc::token_request_failed);
        };
        if (r.cancelled) co_return make_error_code(errc::cancelled);
        if (r.failure == attempt_failure::tls_rejected) {
            diag.detail = r.detail;
            co_return make_error_code(errc::tls_verification_failed);
        }
        if (r.failure != attempt_failure::none) {
            // Not the endpoint refusing us: the network. Report it as such.
            diag.detail = "OAuth token request to " + token_target->host_header() + ": " + r.detail;
            co_return make_error_code(r.written ? errc::connection_lost : errc::connection_failed);
        }
        diag.http_status = r.status;
        if (r.status != 200) co_return fail("the endpoint answered " + std::to_string(r.status));
        auto body = dom_decode<oauth_token_body>(r.body);
        secret wipe_body(std::move(r.body));
        if (!body) co_return fail("unexpected answer: " + body.error().message());
        if (body->token_type && !beast::iequals(*body->token_type, "bearer"))
            co_return fail("token_type is not Bearer");
        if (body->access_token.empty() || !is_valid_header_value(body->access_token))
            co_return fail("the access token is empty or not a valid header value");
        // Seconds (RFC 6749); 300 when absent. Capped at a day: a server's 10^10 must not
        // overflow the clock (and a day-old token is worth a fresh one anyway).
        std::int64_t const seconds = body->expires_in.value_or(300);
        if (seconds <= 0)
            co_return fail("expires_in is " + std::to_string(seconds) + ", not a positive number of seconds");
        auto const lifetime = std::chrono::seconds(std::min<std::int64_t>(seconds, max_token_lifetime_s));
        // Refresh a little early: a tenth of the lifetime, at most a minute.
        auto const margin = std::min<clock::duration>(lifetime / 10, std::chrono::seconds(60));
        token = secret(std::move(body->access_token));
        secrets.add_issued(token);
        refresh_at = clock::now() + lifetime - margin;
        co_return boost::system::error_code{};
    }
};

/// Everything a server sent that diagnostics keep, scrubbed of secrets before it is cut.
inline void scrub(diagnostics& diag, redactor const& secrets) {
    for (auto* field : {&diag.message, &diag.request_id, &diag.trace_id, &diag.body_excerpt,
                        &diag.detail, &diag.deprecation, &diag.sunset})
        secrets.scrub_in_place(*field);
}

inline void record_error_body(diagnostics& diag, std::string const& body,
                              redactor const& secrets) {
    diag.body_excerpt = secrets.scrub_prefix(body, 512);
    if (auto e = dom_decode<error_response>(body)) {
        diag.message = e->message;
        diag.request_id = e->request_id.value_or("");
        diag.trace_id = e->trace_id.value_or("");
    }
}

inline errc failure_errc(attempt_failure f, unsigned status) noexcept {
    switch (f) {
    case attempt_failure::not_sent: return errc::connection_failed;
    case attempt_failure::tls_rejected: return errc::tls_verification_failed;
    case attempt_failure::lost_after_write: return errc::connection_lost;
    case attempt_failure::unreadable_body: return errc::invalid_response;
    case attempt_failure::too_large: return errc::response_too_large;
    case attempt_failure::insecure: return errc::insecure_url;
    case attempt_failure::none: break;
    }
    return status_errc(status);
}

template <class Op>
using call_result = std::pair<boost::system::error_code, typename Op::response_type>;

/// The backoff before the next attempt (full jitter, or Retry-After when longer), slept on a
/// timer. Returns nothing to go on; errc::deadline_exceeded when the wait would end past the
/// deadline (nothing slept), errc::cancelled when the sleep was cancelled.
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
    asio::steady_timer t(st.ex, wait);
    auto [ec] = co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return errc::cancelled;
    co_return std::nullopt;
}

/// One call: validation, rate limit, token, attempts with the retry rules, decoding.
template <class Op>
asio::awaitable<call_result<Op>> run_call(std::shared_ptr<client_state> st,
                                          typename Op::params_type params,
                                          request_body_t<Op> body, diagnostics* diag_out) {
    using response_type = typename Op::response_type;
    diagnostics diag;
    response_type out{};
    auto finish = [&](boost::system::error_code ec) {
        if (diag_out) {
            scrub(diag, st->secrets);
            *diag_out = diag;
        }
        return call_result<Op>{ec, std::move(out)};
    };
    auto const deadline = after(clock::now(), st->opts.call_timeout);

    std::string body_text;
    if constexpr (!std::is_void_v<typename Op::request_type>) {
        if constexpr (requires { validate(body); }) {
            // Requests the spec has rules for (run-workflow) are checked however they were
            // built: nothing invalid is ever sent.
            if (auto v = validate(body); !v) {
                diag.detail = v.error().message();
                co_return finish(v.error().code());
            }
        }
        body_text = encode(body);
    }
    auto target = build_target<Op>(st->base.path_prefix, params);
    if (!target) {
        diag.detail = target.error().message();
        co_return finish(target.error().code());
    }

    bool const idempotent = Op::idempotent;
    bool refreshed_after_401 = false;
    auto const verb = http::string_to_verb(Op::method);
    for (unsigned attempt = 1;; ++attempt) {
        diag.attempts = attempt;
        // Client-side rate limit: reserve a slot, wait for it on a timer.
        auto const now = clock::now();
        auto slot = st->limiter.reserve(now, deadline);
        if (!slot) {
            diag.detail = "the rate limit leaves no slot before the deadline";
            co_return finish(make_error_code(errc::deadline_exceeded));
        }
        if (*slot > now) {
            asio::steady_timer t(st->ex, *slot);
            auto [ec] = co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
            if (ec) co_return finish(make_error_code(errc::cancelled));
        }
        secret token;
        if (auto ec = co_await st->get_token(deadline, token, diag)) {
            // The token endpoint could not be reached: nothing went to the API, so this is an
            // attempt that was not sent, retried like one (a refusal is final).
            bool const transient = ec == errc::connection_failed || ec == errc::connection_lost;
            if (!transient || attempt >= st->opts.retry.max_attempts) co_return finish(ec);
            if (auto stop = co_await pause_before_retry(*st, attempt, std::nullopt, deadline, diag))
                co_return finish(*stop == errc::cancelled ? make_error_code(errc::cancelled) : ec);
            continue;
        }

        http::request<http::string_body> req{verb, target->target, 11};
        req.set(http::field::host, st->base.host_header());
        req.set(http::field::user_agent, st->opts.user_agent);
        req.set(http::field::accept, "application/json");
        req.set(http::field::authorization, "Bearer " + std::string(token.reveal()));
        req.set("amperity-tenant", st->opts.tenant);
        req.set("api-version", st->opts.api_version);
        for (auto const& [name, value] : target->headers) req.set(name, value);
        if constexpr (!std::is_void_v<typename Op::request_type>) {
            req.set(http::field::content_type, "application/json");
            req.body() = body_text;
        }
        req.prepare_payload();

        auto r = co_await st->api->exchange(req, deadline, !idempotent);

        diag.request_written = r.written;
        diag.http_status = r.status;
        diag.detail = r.detail;
        for (auto name : {"Deprecation", "Sunset"}) {
            auto it = r.headers.find(name);
            if (it == r.headers.end()) continue;
            std::string value = st->secrets.scrub_prefix(it->value(), 256);
            (std::string_view(name) == "Deprecation" ? diag.deprecation : diag.sunset) = value;
            if (st->opts.on_deprecation) st->opts.on_deprecation(name, value);
        }

        auto cs = co_await asio::this_coro::cancellation_state;
        bool const cancelled = r.cancelled || cs.cancelled() != asio::cancellation_type::none;
        bool const past_deadline = clock::now() >= deadline;
        if ((cancelled || (r.timed_out && past_deadline)) && r.failure != attempt_failure::none) {
            if (r.written && !idempotent) {
                diag.detail = "the request was sent, then the call was " +
                              std::string(cancelled ? "cancelled" : "out of time") +
                              " before the answer: it may have been processed";
                co_return finish(make_error_code(errc::outcome_unknown));
            }
            co_return finish(make_error_code(cancelled ? errc::cancelled
                                                       : errc::deadline_exceeded));
        }

        // A 401 with OAuth credentials: the token is stale (revoked, or the clocks disagree),
        // so drop it; and one more try with a fresh one. The resend is an attempt like any
        // other: it counts against max_attempts.
        if (r.failure == attempt_failure::none && r.status == 401 && st->uses_oauth()) {
            st->invalidate(token);
            if (!refreshed_after_401 && attempt < st->opts.retry.max_attempts) {
                refreshed_after_401 = true;
                continue;
            }
        }

        attempt_failure failure = r.failure;
        if (failure == attempt_failure::none && r.status >= 200 && r.status < 300) {
            auto decoded = decode<response_type>(r.body);
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

        auto const step = decide(idempotent, failure, r.status);
        if (step == next_step::outcome_unknown) {
            std::string what = r.status ? "the server answered " + std::to_string(r.status)
                                        : std::string("the connection failed");
            if (!diag.detail.empty()) what += " (" + diag.detail + ")";
            diag.detail = what + " after the request was sent, so it may have been processed";
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

template <class Op>
struct page_state {
    explicit page_state(typename Op::params_type p) : params(std::move(p)) {}
    typename Op::params_type params;
    bool done = false;
    /// Every next_token followed so far: a server that hands back any of them (A->B->A, not
    /// only A->A) would send us round in a circle forever.
    std::unordered_set<std::string> seen;
};

/// The next page of a paginated list, or nullopt once the last page was returned (next_token
/// absent, null or empty, as Amperity's pagination page says).
template <class Op>
asio::awaitable<std::pair<boost::system::error_code, std::optional<typename Op::response_type>>>
next_page(std::shared_ptr<client_state> st, std::shared_ptr<page_state<Op>> ps,
          diagnostics* diag) {
    using result = std::pair<boost::system::error_code, std::optional<typename Op::response_type>>;
    if (ps->done) co_return result{};
    auto r_ec_page = co_await run_call<Op>(st, ps->params, {}, diag); // GCC 12 double-destroys a binding
    auto& ec = std::get<0>(r_ec_page);
    auto& page = std::get<1>(r_ec_page);
    if (ec) co_return result{ec, std::nullopt};
    if (page.next_token && !page.next_token->empty()) {
        if (!ps->seen.insert(*page.next_token).second) {
            ps->done = true;
            if (diag)
                diag->detail = st->secrets.scrub(
                    "the server returned next_token " + quoted_excerpt(*page.next_token) +
                    " again, after " + std::to_string(ps->seen.size() + 1) +
                    " pages: the pages form a cycle; stopping");
            co_return result{make_error_code(errc::invalid_response), std::nullopt};
        }
        ps->params.next_token = *page.next_token;
    } else {
        ps->done = true;
    }
    co_return result{{}, std::move(page)};
}

template <class Op>
using page_item_t = typename decltype(std::declval<typename Op::response_type>().data)::value_type;

} // namespace detail

/// Caps for async_collect; 0 means no cap. A listing with more than the cap allows completes
/// with errc::limit_reached and the items up to the cap: never a silently short list.
struct collect_limits {
    std::size_t max_items = 0;
    std::size_t max_pages = 0;
};

namespace detail {

template <class Op>
asio::awaitable<std::pair<boost::system::error_code, std::vector<page_item_t<Op>>>>
collect_pages(std::shared_ptr<client_state> st, typename Op::params_type params,
              collect_limits limits, diagnostics* diag) {
    std::vector<page_item_t<Op>> all;
    auto ps = std::make_shared<page_state<Op>>(page_state<Op>{std::move(params)});
    std::size_t pages = 0;
    for (;;) {
        auto cs = co_await asio::this_coro::cancellation_state;
        if (cs.cancelled() != asio::cancellation_type::none)
            co_return std::pair{make_error_code(errc::cancelled), std::move(all)};
        auto r_ec_page = co_await next_page<Op>(st, ps, diag); // GCC 12 double-destroys a binding
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
            if (diag)
                diag->detail = "stopped after " + std::to_string(pages) + " pages and " +
                               std::to_string(all.size()) + " items (the " +
                               (items_over ? "item" : "page") + " limit); the listing goes on";
            co_return std::pair{make_error_code(errc::limit_reached), std::move(all)};
        }
    }
}

} // namespace detail

namespace detail {

// Separate compilation: with AMPERITY_SEPARATE_COMPILATION defined for the whole program, these
// coroutines (the bulk of what a call costs to compile: TLS, HTTP, retries, decoding) are
// instantiated once, in the one translation unit that includes <amperity/src.hpp>, instead of in
// every translation unit that makes a call. Used inside namespace amperity::detail.
#define AMPERITY_DETAIL_CALL_SIGNATURES(Prefix, Op)                                                \
    Prefix asio::awaitable<call_result<Op>> run_call<Op>(                                          \
        std::shared_ptr<client_state>, typename Op::params_type, request_body_t<Op>, diagnostics*);
#define AMPERITY_DETAIL_PAGES_SIGNATURES(Prefix, Op)                                               \
    Prefix asio::awaitable<                                                                        \
        std::pair<boost::system::error_code, std::optional<typename Op::response_type>>>           \
    next_page<Op>(std::shared_ptr<client_state>, std::shared_ptr<page_state<Op>>, diagnostics*);   \
    Prefix asio::awaitable<std::pair<boost::system::error_code, std::vector<page_item_t<Op>>>>     \
    collect_pages<Op>(std::shared_ptr<client_state>, typename Op::params_type, collect_limits,     \
                      diagnostics*);
#if defined(AMPERITY_SEPARATE_COMPILATION)
#define AMPERITY_DETAIL_EXTERN_CALL(Op) AMPERITY_DETAIL_CALL_SIGNATURES(extern template, Op)
#define AMPERITY_DETAIL_EXTERN_PAGES(Op) AMPERITY_DETAIL_PAGES_SIGNATURES(extern template, Op)
AMPERITY_DETAIL_FOR_EACH_OPERATION(AMPERITY_DETAIL_EXTERN_CALL)
AMPERITY_DETAIL_FOR_EACH_PAGINATED_OPERATION(AMPERITY_DETAIL_EXTERN_PAGES)
#undef AMPERITY_DETAIL_EXTERN_CALL
#undef AMPERITY_DETAIL_EXTERN_PAGES
#endif

} // namespace detail

/// How async_follow_workflow polls.
struct follow_options {
    /// The first wait between polls; it grows by `growth` up to max_interval.
    std::chrono::milliseconds initial_interval{1000};
    std::chrono::milliseconds max_interval{15000};
    double growth = 1.5;
    /// The whole follow; past it the call completes with errc::deadline_exceeded and the last
    /// workflow seen.
    std::chrono::milliseconds timeout{std::chrono::hours(24)};
    /// Called on the client's executor with every polled (verbose) workflow, so the caller can
    /// show each task's state.
    std::function<void(workflow const&)> on_progress;
};

namespace detail {

/// Polls get-workflow (verbose) until the run reaches a terminal state. Unknown states are not
/// terminal: a state this library does not know might still change.
template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
asio::awaitable<std::pair<boost::system::error_code, workflow>>
follow(std::shared_ptr<client_state> st, std::string workflow_id, follow_options fo,
       diagnostics* diag) {
    auto const deadline = after(clock::now(), fo.timeout);
    auto interval = std::clamp(fo.initial_interval, std::chrono::milliseconds(0),
                               std::max(fo.max_interval, std::chrono::milliseconds(0)));
    workflow last{};
    for (;;) {
        get_workflow_params p;
        p.workflow_id = workflow_id;
        p.view = workflow_view::verbose;
        auto r_ec_wf = co_await run_call<get_workflow_operation>(st, std::move(p), {}, diag); // GCC 12 double-destroys a binding
        auto& ec = std::get<0>(r_ec_wf);
        auto& wf = std::get<1>(r_ec_wf);
        if (ec) co_return std::pair{ec, std::move(last)};
        last = std::move(wf);
        if (fo.on_progress) fo.on_progress(last);
        if (last.state.is_terminal()) co_return std::pair{boost::system::error_code{}, std::move(last)};
        if (after(clock::now(), interval) >= deadline) {
            if (diag) diag->detail = "the run did not finish before the follow timeout";
            co_return std::pair{make_error_code(errc::deadline_exceeded), std::move(last)};
        }
        asio::steady_timer t(st->ex, interval);
        auto [wait_ec] = co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
        if (wait_ec) co_return std::pair{make_error_code(errc::cancelled), std::move(last)};
        // In double first: growth * interval must not overflow an integer on the way.
        double const growth = fo.growth >= 1.0 ? fo.growth : 1.0; // NaN too
        double const grown = static_cast<double>(interval.count()) * growth;
        interval = grown >= static_cast<double>(fo.max_interval.count())
                       ? std::max(fo.max_interval, std::chrono::milliseconds(0))
                       : std::chrono::milliseconds(static_cast<std::int64_t>(grown));
    }
}

/// The entry point of every spawned call: honour terminal, partial and total cancellation
/// (co_spawn passes terminal only), and report it as an error code, never as an exception
/// thrown from a co_await. Nested coroutines share these settings.
// Child operations (sockets, Beast) only implement terminal cancellation; a call that is asked
// to stop in any way closes its connection anyway, so every request becomes terminal for them.
struct escalate_to_terminal {
    asio::cancellation_type operator()(asio::cancellation_type t) const noexcept {
        return t != asio::cancellation_type::none ? asio::cancellation_type::terminal
                                                  : asio::cancellation_type::none;
    }
};

template <class T>
asio::awaitable<T> entry_point(asio::awaitable<T> aw) {
    co_await asio::this_coro::reset_cancellation_state(asio::enable_total_cancellation(),
                                                       escalate_to_terminal{});
    co_await asio::this_coro::throw_if_cancelled(false);
    co_return co_await std::move(aw);
}

/// co_spawn `aw` and complete `token` with (error_code, T), keeping the handler's executor and
/// cancellation slot.
template <class T, class CompletionToken>
auto spawn_call(asio::any_io_executor ex,
                asio::awaitable<std::pair<boost::system::error_code, T>> aw,
                CompletionToken&& token) {
    return asio::async_initiate<CompletionToken, void(boost::system::error_code, T)>(
        [](auto handler, asio::any_io_executor call_ex,
           asio::awaitable<std::pair<boost::system::error_code, T>> call) {
            auto slot = asio::get_associated_cancellation_slot(handler);
            auto handler_ex = asio::get_associated_executor(handler, call_ex);
            asio::co_spawn(
                call_ex, entry_point(std::move(call)),
                asio::bind_cancellation_slot(
                    slot, asio::bind_executor(
                              handler_ex, [h = std::move(handler)](
                                              std::exception_ptr e,
                                              std::pair<boost::system::error_code, T> r) mutable {
                                  if (e) std::rethrow_exception(e); // bad_alloc and the like
                                  std::move(h)(r.first, std::move(r.second));
                              })));
        },
        token, std::move(ex), std::move(aw));
}

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
/// Completion signature of async_next: void(error_code, std::optional<Response>).
template <operation_descriptor Op>
    requires(Op::paginated)
class pager {
public:
    using response_type = typename Op::response_type;

    template <class CompletionToken = boost::asio::default_completion_token_t<
                  boost::asio::any_io_executor>>
    auto async_next(CompletionToken&& token = {}) {
        return detail::spawn_call<std::optional<response_type>>(
            ex_, detail::next_page<Op>(st_, ps_, nullptr), std::forward<CompletionToken>(token));
    }

    bool done() const noexcept { return ps_->done; }

private:
    friend class client;
    pager(boost::asio::any_io_executor ex, std::shared_ptr<detail::client_state> st,
          typename Op::params_type params)
        : ex_(std::move(ex)), st_(std::move(st)),
          ps_(std::make_shared<detail::page_state<Op>>(
              detail::page_state<Op>{std::move(params)})) {}

    boost::asio::any_io_executor ex_;
    std::shared_ptr<detail::client_state> st_;
    std::shared_ptr<detail::page_state<Op>> ps_;
};

/// An Amperity API client. See the top of this header for threading and cancellation.
class client : public basic_operations<client> {
public:
    using executor_type = boost::asio::any_io_executor;

    /// Throws amperity::error_exception (with the option named) when the options are invalid:
    /// bad URL, plain http to a non-loopback host, control characters in a header value,
    /// missing credentials, unreadable CA file. Use client::create to get a result instead.
    client(executor_type ex, client_options opts)
        : client(create(std::move(ex), std::move(opts)).value()) {}

    static validation_result<client> create(executor_type ex, client_options opts) {
        auto st = detail::client_state::make(ex, std::move(opts));
        if (!st) return st.error();
        return client(std::move(ex), std::move(*st));
    }

    executor_type get_executor() const noexcept { return ex_; }
    client_options const& options() const noexcept { return state_->opts; }

    /// The generic call every generated async_ member forwards to.
    /// Completion signature: void(boost::system::error_code, typename Op::response_type).
    template <operation_descriptor Op,
              class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_call(typename Op::params_type params, detail::request_body_t<Op> body,
                    diagnostics* diag, CompletionToken&& token = {}) {
        return detail::spawn_call<typename Op::response_type>(
            ex_, detail::run_call<Op>(state_, std::move(params), std::move(body), diag),
            std::forward<CompletionToken>(token));
    }

    /// run-workflow from a request built with compile-time checks.
    template <config_kind Kind,
              class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_run_workflow(run_request<Kind> const& request, CompletionToken&& token = {}) {
        return basic_operations::async_run_workflow(request.to_wire(),
                                                    std::forward<CompletionToken>(token));
    }
    template <config_kind Kind,
              class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_run_workflow(run_request<Kind> const& request, diagnostics& diag,
                            CompletionToken&& token = {}) {
        return basic_operations::async_run_workflow(request.to_wire(), diag,
                                                    std::forward<CompletionToken>(token));
    }
    using basic_operations::async_run_workflow;

    /// Pages of a paginated list operation (list-workflows, list-events, list-campaign,
    /// list-segment): see amperity::pager.
    template <operation_descriptor Op>
        requires(Op::paginated)
    pager<Op> pages(typename Op::params_type params = {}) {
        return pager<Op>(ex_, state_, std::move(params));
    }

    /// Every item of every page of a paginated list, in order.
    /// Completion signature: void(error_code, std::vector<Item>) (the items read so far on error).
    template <operation_descriptor Op,
              class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
        requires(Op::paginated)
    auto async_collect(typename Op::params_type params, diagnostics* diag = nullptr,
                       CompletionToken&& token = {}) {
        return detail::spawn_call<std::vector<detail::page_item_t<Op>>>(
            ex_, detail::collect_pages<Op>(state_, std::move(params), {}, diag),
            std::forward<CompletionToken>(token));
    }
    /// The same with caps: more items or pages than `limits` allow complete with
    /// errc::limit_reached and the first max_items items.
    template <operation_descriptor Op,
              class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
        requires(Op::paginated)
    auto async_collect(typename Op::params_type params, collect_limits limits,
                       diagnostics* diag = nullptr, CompletionToken&& token = {}) {
        return detail::spawn_call<std::vector<detail::page_item_t<Op>>>(
            ex_, detail::collect_pages<Op>(state_, std::move(params), limits, diag),
            std::forward<CompletionToken>(token));
    }

    /// `text` with every secret this client holds or held (bearer token, client secret, the
    /// OAuth tokens it obtained) blanked: for logging anything a server sent. Diagnostics are
    /// already scrubbed.
    std::string redact(std::string_view text) const { return state_->secrets.scrub(text); }

    /// Follows a run: polls get-workflow (verbose) with growing intervals until the run reaches
    /// a terminal state (succeeded, failed, canceled, stopped), reporting each poll through
    /// follow_options::on_progress. Completion signature: void(error_code, workflow) with the
    /// last workflow seen; errc::deadline_exceeded after follow_options::timeout, errc::cancelled
    /// when cancelled through the handler's slot.
    template <class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_follow_workflow(std::string workflow_id, follow_options fo,
                               CompletionToken&& token = {}) {
        return detail::spawn_call<workflow>(
            ex_, detail::follow(state_, std::move(workflow_id), std::move(fo), nullptr),
            std::forward<CompletionToken>(token));
    }
    template <class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_follow_workflow(std::string workflow_id, follow_options fo, diagnostics& diag,
                               CompletionToken&& token = {}) {
        return detail::spawn_call<workflow>(
            ex_, detail::follow(state_, std::move(workflow_id), std::move(fo), &diag),
            std::forward<CompletionToken>(token));
    }

private:
    client(executor_type ex, std::shared_ptr<detail::client_state> st)
        : ex_(std::move(ex)), state_(std::move(st)) {}

    executor_type ex_;
    std::shared_ptr<detail::client_state> state_;
};

} // namespace amperity

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop // -Wmismatched-new-delete, GCC bug 109224 (see the top)
#endif

#endif // AMPERITY_CLIENT_HPP
