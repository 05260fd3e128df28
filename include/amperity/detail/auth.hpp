// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_AUTH_HPP
#define AMPERITY_DETAIL_AUTH_HPP

// The token every attempt sends, from whichever source the options name (auth.hpp):
//   bearer_token        the same token every time;
//   client_credentials  an OAuth2 token, fetched from the token endpoint, cached, refreshed a
//                       little before it expires; one refresh in flight at a time, the other
//                       callers wait for it;
//   token_provider      the caller's function, asked before every attempt.
// After a 401 the client calls invalidate(): the cached OAuth token is dropped, and the provider
// is asked with `refresh` true next time. Every token obtained is added to the redactor.

#include <amperity/auth.hpp>
#include <amperity/client_options.hpp>
#include <amperity/codec.hpp>
#include <amperity/detail/http_exchange.hpp>
#include <amperity/detail/proxy.hpp>
#include <amperity/detail/redact.hpp>
#include <amperity/detail/transport.hpp>
#include <amperity/detail/url.hpp>
#include <amperity/detail/wait_queue.hpp>
#include <amperity/diagnostics.hpp>
#include <amperity/error.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include <amperity/detail/push_options.hpp>

namespace amperity::detail {

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
    static constexpr int find(std::string_view key) noexcept { return find_field(fields, key); }
};

class token_source {
public:
    /// Checks the credentials of `opts` (the option is named on error) and records the
    /// permanent secrets in `secrets`.
    static validation_result<std::unique_ptr<token_source>>
    make(client_options const& opts, asio::any_io_executor ex,
         std::shared_ptr<ssl::context> const& tls, transport_limits const& limits,
         redactor& secrets, proxy_settings const& proxy) {
        auto src = std::unique_ptr<token_source>(new token_source(opts, ex, secrets));
        if (auto* b = std::get_if<bearer_token>(&opts.auth)) {
            if (b->token.empty() || !is_valid_header_value(b->token.reveal()))
                return validation_error(errc::invalid_header_value, "bearer_token",
                                        "is empty or contains a control character");
            secrets.add_permanent(b->token);
        } else if (auto* cc = std::get_if<client_credentials>(&opts.auth)) {
            if (cc->client_id.empty() || cc->client_secret.empty())
                return validation_error(errc::missing_credentials, "client_credentials",
                                        "client_id and client_secret are required");
            secrets.add_permanent(cc->client_secret);
            auto t = parse_url(cc->token_url.empty() ? opts.base_url + "/v0/oauth2/token"
                                                     : cc->token_url,
                               "token_url");
            if (!t) return t.error();
            auto route = proxy.for_target(*t);
            src->endpoint_ = std::make_unique<http_transport>(ex, std::move(*t), tls, limits,
                                                              std::move(route));
        } else if (auto* p = std::get_if<token_provider>(&opts.auth)) {
            if (!p->get)
                return validation_error(errc::missing_credentials, "token_provider",
                                        "has no function");
        } else {
            return validation_error(errc::missing_credentials, "auth",
                                    "set a bearer_token, client_credentials or a token_provider");
        }
        return src;
    }

    /// Whether a 401 may be cured by another token (OAuth and providers; not a fixed token).
    bool can_refresh() const noexcept { return !std::holds_alternative<bearer_token>(auth_); }

    /// The API refused `used`: drop it, so that the next get() obtains a fresh one.
    void invalidate(secret const& used) {
        if (token_ == used) token_ = secret();
        refresh_provider_ = true;
    }

    /// The token without suspending when it is at hand (a static token, a provider, an OAuth
    /// token not due for renewal): true, with `out` set or `error` saying why not. False: ask
    /// get(), which may fetch one. Saves the call a coroutine frame in the common case.
    bool ready(secret& out, diagnostics& diag, boost::system::error_code& error) {
        if (auto* b = std::get_if<bearer_token>(&auth_)) {
            out = b->token;
            error = {};
            return true;
        }
        if (auto* p = std::get_if<token_provider>(&auth_)) {
            error = ask(*p, out, diag);
            return true;
        }
        if (!token_.empty() && clock::now() < refresh_at_) {
            out = token_;
            error = {};
            return true;
        }
        return false;
    }

    /// The token for the next attempt, in `out`.
    template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
    asio::awaitable<boost::system::error_code> get(clock::time_point deadline, secret& out,
                                                   diagnostics& diag) {
        for (;;) {
            // A static token, a provider, or an OAuth token still fresh (also after a wait).
            boost::system::error_code at_hand;
            if (ready(out, diag, at_hand)) co_return at_hand;
            if (refreshing_) {
                // One refresh in flight: wait for it rather than starting another.
                auto const seen = fetches_done_;
                co_await waiters_.wait(ex_, deadline);
                auto cs = co_await asio::this_coro::cancellation_state;
                if (cs.cancelled() != asio::cancellation_type::none)
                    co_return make_error_code(errc::cancelled);
                if (clock::now() >= deadline) co_return make_error_code(errc::deadline_exceeded);
                if (fetches_done_ != seen && last_fetch_error_) {
                    diag.detail = last_fetch_detail_;
                    co_return last_fetch_error_;
                }
                continue; // a token, or a refresh that ended without an answer: look again
            }
            refreshing_ = true;
            auto ec = co_await fetch(deadline, diag);
            refreshing_ = false;
            ++fetches_done_;
            // The endpoint's answer is everyone's answer; but a refresh that stopped because
            // its own call was cancelled or out of time says nothing about the endpoint: the
            // waiters (with their own deadlines) look again and one of them refreshes.
            bool const own_end = ec == errc::cancelled || ec == errc::deadline_exceeded;
            last_fetch_error_ = own_end ? boost::system::error_code{} : ec;
            last_fetch_detail_ = own_end ? std::string() : diag.detail;
            waiters_.notify_all();
            if (ec) co_return ec;
        }
    }

    static constexpr std::int64_t max_token_lifetime_s = 86400;

private:
    token_source(client_options const& opts, asio::any_io_executor ex, redactor& secrets)
        : auth_(opts.auth), user_agent_(opts.user_agent), tenant_(opts.tenant),
          ex_(std::move(ex)), secrets_(secrets) {}

    boost::system::error_code ask(token_provider const& p, secret& out, diagnostics& diag) {
        auto fail = [&](std::string why) {
            diag.detail = "token_provider: " + std::move(why);
            return make_error_code(errc::token_request_failed);
        };
        boost::system::result<secret> r = boost::system::error_code{};
        try {
            r = p.get(std::exchange(refresh_provider_, false));
        } catch (std::exception const& e) {
            return fail(std::string("threw: ") + e.what());
        }
        if (!r) return fail(r.error().message());
        if (r->empty() || !is_valid_header_value(r->reveal()))
            return fail("the token is empty or not a valid header value");
        if (!(*r == provided_)) {
            secrets_.add_issued(*r);
            provided_ = *r;
        }
        out = std::move(*r);
        return {};
    }

    template <class = void> // lazy: see "GCC 12 and inline coroutines" in detail/transport.hpp
    asio::awaitable<boost::system::error_code> fetch(clock::time_point deadline,
                                                     diagnostics& diag) {
        auto const& cc = std::get<client_credentials>(auth_);
        auto const& target = endpoint_->target();
        std::string form = "grant_type=client_credentials&client_id=";
        append_percent_encoded(form, cc.client_id);
        form += "&client_secret=";
        append_percent_encoded(form, cc.client_secret.reveal());
        auto req = request_writer("POST", target.path_prefix.empty() ? "/" : target.path_prefix,
                                  256 + user_agent_.size() + tenant_.size())
                       .field("Host", target.host_header())
                       .field("User-Agent", user_agent_)
                       .field("Accept", "application/json")
                       .field("Content-Type", "application/x-www-form-urlencoded")
                       .field("X-Amperity-Tenant", tenant_)
                       .finish("POST", form);
        auto r = co_await endpoint_->exchange(req, deadline, true);
        // Wipe the form (it holds the client secret) as soon as it is sent.
        secret wipe(std::move(form));
        auto fail = [&](std::string why) {
            // Never copy the token endpoint's body anywhere: a success body holds a token.
            diag.detail = "OAuth token request to " + target.host_header() + target.path_prefix +
                          ": " + std::move(why);
            return make_error_code(errc::token_request_failed);
        };
        if (r.cancelled) co_return make_error_code(errc::cancelled);
        if (r.failure == attempt_failure::tls_rejected ||
            r.failure == attempt_failure::proxy_auth_required ||
            r.failure == attempt_failure::proxy_refused) {
            diag.detail = r.detail;
            co_return make_error_code(
                r.failure == attempt_failure::tls_rejected       ? errc::tls_verification_failed
                : r.failure == attempt_failure::proxy_refused    ? errc::proxy_refused
                                                                  : errc::proxy_auth_required);
        }
        if (r.failure != attempt_failure::none) {
            // Not the endpoint refusing us: the network. Report it as such.
            diag.detail = "OAuth token request to " + target.host_header() + ": " + r.detail;
            co_return make_error_code(r.written ? errc::connection_lost : errc::connection_failed);
        }
        diag.http_status = r.status;
        if (r.status != 200) co_return fail("the endpoint answered " + std::to_string(r.status));
        auto body = decode<oauth_token_body>(r.body);
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
            co_return fail("expires_in is " + std::to_string(seconds) +
                           ", not a positive number of seconds");
        auto const lifetime =
            std::chrono::seconds(std::min<std::int64_t>(seconds, max_token_lifetime_s));
        // Refresh a little early: a tenth of the lifetime, at most a minute.
        auto const margin = std::min<clock::duration>(lifetime / 10, std::chrono::seconds(60));
        token_ = secret(std::move(body->access_token));
        secrets_.add_issued(token_);
        refresh_at_ = clock::now() + lifetime - margin;
        co_return boost::system::error_code{};
    }

    credentials auth_;
    std::string user_agent_;
    std::string tenant_;
    asio::any_io_executor ex_;
    redactor& secrets_;
    std::unique_ptr<http_transport> endpoint_; // OAuth only

    // OAuth: the cached token and the refresh in flight.
    secret token_;
    clock::time_point refresh_at_{};
    bool refreshing_ = false;
    std::uint64_t fetches_done_ = 0;
    boost::system::error_code last_fetch_error_;
    std::string last_fetch_detail_;
    wait_queue waiters_; // callers waiting for the refresh in flight

    // Providers: the last token seen (added to the redactor once), and whether the API refused it.
    secret provided_;
    bool refresh_provider_ = false;
};

} // namespace amperity::detail

#include <amperity/detail/pop_options.hpp>

#endif // AMPERITY_DETAIL_AUTH_HPP
