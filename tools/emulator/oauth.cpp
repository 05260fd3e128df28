// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

// The OAuth2 token endpoint (client credentials grant). It is not an operation of the spec, so
// its form is read here rather than through the generated parameter tables.

#include "api.hpp"

#include "state.hpp"

#include "random.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace amperity::emulator::detail {

namespace json = boost::json;

namespace {

/// RFC 6749 5.2 error body.
std::string oauth_error(std::string_view code, std::string_view description) {
    json::object o;
    o["error"] = code;
    o["error_description"] = description;
    return json::serialize(o);
}

std::optional<std::string> base64_decode(std::string_view s) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '+')
            return 62;
        if (c == '/')
            return 63;
        return -1;
    };
    while (!s.empty() && s.back() == '=')
        s.remove_suffix(1);
    std::string r;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : s) {
        int const v = value(c);
        if (v < 0)
            return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            r += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return r;
}

} // namespace

response api::oauth_token(request const& req) {
    auto const& opts = state_->opts;
    auto const bad_request = [](std::string_view code, std::string_view why) {
        return response{400, {}, oauth_error(code, why)};
    };
    auto const unauthorized = [this](std::string_view why) {
        ++state_->counters.rejected_auth;
        return response{401, {}, oauth_error("invalid_client", why)};
    };
    if (media_type(req.header("content-type")) != "application/x-www-form-urlencoded")
        return bad_request("invalid_request",
                           "Content-Type must be application/x-www-form-urlencoded");
    auto form = parse_form(req.body);
    if (!form)
        return bad_request("invalid_request", "malformed form body");
    auto const grant = form->find("grant_type");
    if (grant == form->end())
        return bad_request("invalid_request", "missing grant_type");
    if (grant->second != "client_credentials")
        return bad_request("unsupported_grant_type", "only client_credentials is supported");

    // RFC 6749 2.3.1: credentials in the body or as HTTP Basic authentication.
    std::string id, secret;
    if (auto it = form->find("client_id"); it != form->end())
        id = it->second;
    if (auto it = form->find("client_secret"); it != form->end())
        secret = it->second;
    if (auto authz = req.header("authorization");
        authz && trim(*authz).size() > 6 && iequals(trim(*authz).substr(0, 6), "basic ")) {
        auto decoded = base64_decode(trim(trim(*authz).substr(6)));
        auto const colon = decoded ? decoded->find(':') : std::string::npos;
        if (colon == std::string::npos)
            return bad_request("invalid_request", "malformed Basic authorization");
        id = url_decode(decoded->substr(0, colon), true).value_or("");
        secret = url_decode(decoded->substr(colon + 1), true).value_or("");
    }
    if (id.empty() || secret.empty())
        return bad_request("invalid_request", "missing client_id or client_secret");

    auto const tenant = req.header("x-amperity-tenant");
    if (!tenant)
        return bad_request("invalid_request", "missing X-Amperity-Tenant header");
    if (*tenant != opts.tenant)
        return unauthorized("unknown tenant");
    // Both compared in full, so the timing does not tell which one was wrong.
    bool const id_ok = constant_time_equal(id, opts.client_id);
    bool const secret_ok = constant_time_equal(secret, opts.client_secret);
    if (!id_ok || !secret_ok)
        return unauthorized("invalid client credentials");

    std::string token = random_alnum(32);
    issued_tokens_[token] = std::chrono::steady_clock::now() + opts.token_lifetime;
    ++state_->counters.tokens_issued;
    json::object o;
    o["access_token"] = token;
    o["expires_in"] = opts.token_lifetime.count();
    o["token_type"] = "Bearer";
    response r{200, {}, json::serialize(o)};
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

} // namespace amperity::emulator::detail
