// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_IMPL_CLIENT_OPTIONS_HPP
#define AMPERITY_IMPL_CLIENT_OPTIONS_HPP

// client_options::from_env: the AMPERITY_* variables, checked one by one so that an error names
// the variable rather than the option it feeds.

#include <amperity/client_options.hpp>
#include <amperity/detail/url.hpp>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace amperity {

namespace detail {

/// A decimal number of seconds (> 0, at most a year) as milliseconds, rounded up to 1 ms.
inline std::optional<std::chrono::milliseconds> parse_env_seconds(std::string_view text) {
    double seconds = 0;
    auto const* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, seconds, std::chars_format::fixed);
    if (text.empty() || ec != std::errc() || p != end || !std::isfinite(seconds) ||
        seconds <= 0 || seconds > 365.0 * 24 * 3600)
        return std::nullopt;
    auto const ms = std::ceil(seconds * 1000.0);
    return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(ms));
}

} // namespace detail

inline validation_result<client_options> client_options::from_env(env_lookup const& lookup) {
    client_options o;
    // An empty value is the same as an unset one, as for the CLI (a shell's `VAR= cmd`).
    auto get = [&](std::string_view name) -> std::optional<std::string> {
        auto v = lookup(name);
        if (v && v->empty()) v.reset();
        return v;
    };
    // Values become header fields, URLs or file names: none may hold a control character.
    // The message never quotes the value: it may be a secret.
    auto checked = [&](std::string_view name,
                       std::optional<std::string>& out) -> std::optional<validation_error> {
        out = get(name);
        if (out && !detail::is_valid_header_value(*out))
            return validation_error(errc::invalid_header_value, std::string(name),
                                    "contains a control character (CR, LF, ...)");
        return std::nullopt;
    };
    std::optional<std::string> v;

    if (auto e = checked("AMPERITY_BASE_URL", v)) return *e;
    if (v) {
        if (auto u = detail::parse_url(*v, "AMPERITY_BASE_URL"); !u) return u.error();
        o.base_url = std::move(*v);
    }
    if (auto e = checked("AMPERITY_TENANT", v)) return *e;
    if (v) o.tenant = std::move(*v);
    if (auto e = checked("AMPERITY_API_VERSION", v)) return *e;
    if (v) o.api_version = std::move(*v);
    if (auto e = checked("AMPERITY_CA_FILE", v)) return *e;
    if (v) o.ca_file = std::move(*v);
    if (auto e = checked("AMPERITY_CA_DIR", v)) return *e;
    if (v) o.ca_dir = std::move(*v);

    if (auto e = checked("AMPERITY_TIMEOUT", v)) return *e;
    if (v) {
        auto t = detail::parse_env_seconds(*v);
        if (!t)
            return validation_error(errc::invalid_parameter, "AMPERITY_TIMEOUT",
                                    detail::quoted_excerpt(*v) +
                                        " is not a number of seconds greater than 0 (e.g. 30 "
                                        "or 2.5)");
        o.call_timeout = *t;
    }
    if (auto e = checked("AMPERITY_MAX_ATTEMPTS", v)) return *e;
    if (v) {
        unsigned n = 0;
        auto const* end = v->data() + v->size();
        auto [p, ec] = std::from_chars(v->data(), end, n);
        if (ec != std::errc() || p != end || n < 1 || n > 10)
            return validation_error(errc::invalid_parameter, "AMPERITY_MAX_ATTEMPTS",
                                    detail::quoted_excerpt(*v) +
                                        " is not a whole number from 1 to 10");
        o.retry.max_attempts = n;
    }

    // The proxy as curl reads it: the lower-case variable wins when it is set, even empty.
    auto curl_style = [&](std::string_view lower, std::string_view upper) {
        auto value = lookup(lower);
        return value ? value : lookup(upper);
    };
    if (auto url = curl_style("https_proxy", "HTTPS_PROXY"); url && !url->empty()) {
        if (!detail::is_valid_header_value(*url))
            return validation_error(errc::invalid_header_value, "HTTPS_PROXY",
                                    "contains a control character (CR, LF, ...)");
        if (url->find("://") == std::string::npos) url->insert(0, "http://");
        o.proxy.url = secret(std::move(*url));
    }
    if (auto list = curl_style("no_proxy", "NO_PROXY")) o.proxy.no_proxy = std::move(*list);

    std::optional<std::string> token, id, client_secret, token_url;
    if (auto e = checked("AMPERITY_ACCESS_TOKEN", token)) return *e;
    if (auto e = checked("AMPERITY_CLIENT_ID", id)) return *e;
    if (auto e = checked("AMPERITY_CLIENT_SECRET", client_secret)) return *e;
    if (auto e = checked("AMPERITY_TOKEN_URL", token_url)) return *e;
    if (token && (id || client_secret))
        return validation_error(errc::invalid_parameter, "AMPERITY_ACCESS_TOKEN",
                                "set together with AMPERITY_CLIENT_ID/AMPERITY_CLIENT_SECRET: "
                                "set either the token or the client credentials, not both");
    if (id.has_value() != client_secret.has_value())
        return validation_error(errc::missing_credentials,
                                id ? "AMPERITY_CLIENT_SECRET" : "AMPERITY_CLIENT_ID",
                                "missing (client credentials need both AMPERITY_CLIENT_ID and "
                                "AMPERITY_CLIENT_SECRET)");
    if (token_url && !id)
        return validation_error(errc::invalid_parameter, "AMPERITY_TOKEN_URL",
                                "set without AMPERITY_CLIENT_ID and AMPERITY_CLIENT_SECRET (it is "
                                "only used for client credentials)");
    if (token_url) {
        if (auto u = detail::parse_url(*token_url, "AMPERITY_TOKEN_URL"); !u) return u.error();
    }
    if (token) {
        o.auth = bearer_token{secret(std::move(*token))};
    } else if (id) {
        client_credentials cc;
        cc.client_id = std::move(*id);
        cc.client_secret = secret(std::move(*client_secret));
        if (token_url) cc.token_url = std::move(*token_url);
        o.auth = std::move(cc);
    }
    return o;
}

inline validation_result<client_options> client_options::from_env() {
    return from_env([](std::string_view name) -> std::optional<std::string> {
        // getenv is not synchronised with setenv; like every reader of the environment, call
        // this before starting threads that change it.
        char const* value = std::getenv(std::string(name).c_str());
        if (!value) return std::nullopt;
        return std::string(value);
    });
}

} // namespace amperity

#endif // AMPERITY_IMPL_CLIENT_OPTIONS_HPP
