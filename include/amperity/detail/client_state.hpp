// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_CLIENT_STATE_HPP
#define AMPERITY_DETAIL_CLIENT_STATE_HPP

// What every call of one client shares: the checked options, the connection pool, the TLS
// context, the rate limiter, the token source and the redactor. Calls hold it by shared_ptr,
// so a client may be destroyed while its calls are in flight. Used on the client's executor
// only (not synchronised).

#include <amperity/client_options.hpp>
#include <amperity/detail/auth.hpp>
#include <amperity/detail/proxy.hpp>
#include <amperity/detail/redact.hpp>
#include <amperity/detail/tls.hpp>
#include <amperity/detail/transport.hpp>
#include <amperity/detail/url.hpp>
#include <amperity/error.hpp>
#include <amperity/rate_limit.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <algorithm>
#include <memory>
#include <random>
#include <string_view>
#include <utility>

namespace amperity::detail {

class client_state {
public:
    client_options opts;
    url base;
    std::unique_ptr<http_transport> api;
    rate_limiter limiter;
    /// Every secret this client holds or held (see detail/redact.hpp): scrubbed from anything
    /// a server sent before it reaches diagnostics or a hook.
    redactor secrets;
    std::unique_ptr<token_source> tokens;
    std::minstd_rand rng{std::random_device{}()};
    asio::any_io_executor ex;

    /// Checks `opts` (the option is named on error) and sets everything up; nothing connects
    /// until the first call.
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
        auto proxy = proxy_settings::make(opts.proxy, st->secrets);
        if (!proxy) return proxy.error();
        auto tls = make_tls_context(opts);
        if (!tls) return tls.error();
        transport_limits const limits{opts.connect_timeout, opts.response_timeout,
                                      opts.max_response_bytes,
                                      std::max<std::size_t>(opts.max_connections, 1),
                                      opts.idle_connection_timeout};
        auto tokens = token_source::make(opts, ex, *tls, limits, st->secrets, *proxy);
        if (!tokens) return tokens.error();
        st->tokens = std::move(*tokens);
        st->api = std::make_unique<http_transport>(ex, st->base, std::move(*tls), limits,
                                                   proxy->for_target(st->base));
        st->limiter = rate_limiter(opts.rate_limit);
        st->opts = std::move(opts);
        return st;
    }
};

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_CLIENT_STATE_HPP
