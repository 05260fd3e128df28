// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

#include "api.hpp"

#include "random.hpp"
#include "routing.hpp"
#include "state.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace amperity::emulator::detail {

using steady = std::chrono::steady_clock;

namespace {

constexpr std::string_view token_path = "/v0/oauth2/token";
constexpr std::string_view control_prefix = "/_emulator";

bool is_control(std::string_view path) {
    return path == control_prefix || path.starts_with(std::string(control_prefix) + "/");
}

} // namespace

api::api(options const& opts)
    : state_(std::make_unique<state>(opts)) {}

api::~api() = default;

plan api::bare_plan() const {
    plan p;
    p.operation = "unknown";
    p.request_id = uuid();
    p.trace_id = random_hex(16);
    return p;
}

plan api::begin(std::string_view method, std::string_view target) {
    plan p = bare_plan();
    auto const path = path_of(target);
    std::string const& base = state_->opts.base_path; // set at construction, never changed
    if (is_control(path)) {
        p.operation = "control";
        return p;
    }
    if (path == base + std::string(token_path)) {
        p.operation = "oauth-token";
    } else if (path.starts_with(base + "/")) {
        for (auto const& m : match_routes(path.substr(base.size())))
            if (m.matched->method == method)
                p.operation = std::string(m.matched->operation_id);
    }

    std::lock_guard lock(mutex_);
    ++state_->counters.requests;
    ++state_->counters.requests_by_operation[p.operation];
    if (p.operation == "unknown")
        return p;
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
        bool const matches =
            it->operation == p.operation || (it->operation == "*" && p.operation != "oauth-token");
        if (!matches)
            continue;
        p.injected = *it;
        p.injected->count = 1;
        if (--it->count == 0)
            faults_.erase(it);
        break;
    }
    return p;
}

response api::handle(request const& req, plan const& p) {
    std::lock_guard lock(mutex_);
    return route(req, p);
}

void api::inject(fault f) {
    std::lock_guard lock(mutex_);
    if (f.count > 0)
        faults_.push_back(std::move(f));
}

void api::count_connection() {
    std::lock_guard lock(mutex_);
    ++state_->counters.connections;
}

stats api::get_stats() const {
    std::lock_guard lock(mutex_);
    return state_->counters;
}

void api::reset() {
    std::lock_guard lock(mutex_);
    reset_locked();
}

void api::reset_locked() {
    state_->runs.clear();
    state_->pages.renew();
    state_->counters = {};
    faults_.clear();
    buckets_.clear();
}

response api::route(request const& req, plan const& p) {
    auto const path = path_of(req.target);
    if (is_control(path))
        return control(req, p, path);
    if (p.operation == "oauth-token") {
        if (req.method != "POST") {
            response r = error(405, "method " + req.method + " not allowed; use POST", p);
            r.headers.emplace_back("Allow", "POST");
            return r;
        }
        return oauth_token(req);
    }
    std::string const& base = state_->opts.base_path;
    if (!path.starts_with(base + "/"))
        return error(404, "no such resource: " + quoted(path), p);

    auto const matches = match_routes(path.substr(base.size()));
    if (matches.empty())
        return error(404, "no such resource: " + quoted(path), p);
    route_match const* match = nullptr;
    std::vector<std::string> allowed;
    for (auto const& m : matches) {
        allowed.emplace_back(m.matched->method);
        if (m.matched->method == req.method)
            match = &m;
    }
    if (!match) {
        response r = error(405,
                           "method " + req.method + " not allowed on " + quoted(path) +
                               "; allowed: " + join(allowed, ", "),
                           p);
        r.headers.emplace_back("Allow", join(allowed, ", "));
        return r;
    }

    auto const query = parse_form(query_of(req.target));
    if (!query)
        return error(400, "malformed query string (bad percent-encoding)", p);
    if (auto rejected = check_headers(req, p, *query))
        return std::move(*rejected);
    return match->matched->invoke(context{*state_, req, p}, match->path_params, *query);
}

std::optional<response> api::check_headers(request const& req, plan const& p,
                                           param_map const& query) {
    auto const& opts = state_->opts;
    auto& counters = state_->counters;
    auto const authorization = req.header("authorization");
    if (!authorization) {
        ++counters.rejected_auth;
        return error(401, "missing Authorization header; expected \"Bearer <access token>\"", p);
    }
    auto const value = trim(*authorization);
    if (value.size() < 7 || !iequals(value.substr(0, 7), "bearer ")) {
        ++counters.rejected_auth;
        return error(401, "the Authorization header must use the Bearer scheme", p);
    }
    auto const token = trim(value.substr(7));
    bool valid = false;
    for (auto const& t : opts.tokens)
        valid = constant_time_equal(token, t) || valid;
    if (!valid) {
        auto const now = steady::now();
        std::erase_if(issued_tokens_, [&](auto const& kv) { return kv.second <= now; });
        // Issued tokens are random, so looking them up by value leaks nothing useful.
        valid = issued_tokens_.contains(std::string(token));
    }
    if (!valid) {
        ++counters.rejected_auth;
        // Never echo the token: it might be a real one sent to the wrong place.
        return error(401, "invalid or expired access token", p);
    }

    auto const tenant = req.header("amperity-tenant");
    if (!tenant)
        return error(400, "missing amperity-tenant header", p);
    if (*tenant != opts.tenant) {
        ++counters.rejected_auth;
        return error(401, "tenant " + quoted(*tenant) + " is not accessible with this token", p);
    }

    std::optional<std::string> version;
    if (auto h = req.header("api-version"))
        version = std::string(trim(*h));
    else if (auto it = query.find("api_version"); it != query.end())
        version = it->second;
    std::string const supported = "supported versions: " + join(opts.api_versions, ", ");
    if (!version)
        return error(
            400, "missing api-version header (or api_version query parameter); " + supported, p);
    if (std::find(opts.api_versions.begin(), opts.api_versions.end(), *version) ==
        opts.api_versions.end())
        return error(400, "unsupported api-version " + quoted(*version) + "; " + supported, p);

    if (!take_rate_token(opts.tenant)) {
        ++counters.rate_limited;
        std::array<char, 32> rate{};
        auto const written = std::to_chars(rate.data(), rate.data() + rate.size(), opts.rate_limit);
        response r = error(429,
                           "rate limit of " + std::string(rate.data(), written.ptr) +
                               " requests per second exceeded",
                           p);
        r.headers.emplace_back("Retry-After", "1");
        return r;
    }
    return std::nullopt;
}

bool api::take_rate_token(std::string const& tenant) {
    double const rate = state_->opts.rate_limit;
    if (rate <= 0)
        return true;
    double const capacity = std::max(1.0, rate);
    auto const now = steady::now();
    auto [it, inserted] = buckets_.try_emplace(tenant, bucket{capacity, now});
    auto& b = it->second;
    if (!inserted) {
        std::chrono::duration<double> const dt = now - b.last;
        b.tokens = std::min(capacity, b.tokens + dt.count() * rate);
        b.last = now;
    }
    if (b.tokens < 1.0)
        return false;
    b.tokens -= 1.0;
    return true;
}

} // namespace amperity::emulator::detail
