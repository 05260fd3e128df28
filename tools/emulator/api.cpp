// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

// The emulator's API logic: everything that does not move bytes. One mutex guards the state;
// every public member takes it once, so nothing here calls a public member of this class.

#include "api.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <tuple>
#include <variant>

namespace amperity::emulator {

namespace {

constexpr std::array<std::string_view, 8> fault_kind_names{
    "delay",          "reset_before_read", "reset_after_read", "status",
    "truncated_body", "malformed_body",    "oversized_body",   "slow_drip",
};

} // namespace

std::string_view to_string(fault::kind k) noexcept {
    auto const i = static_cast<std::size_t>(k);
    return i < fault_kind_names.size() ? fault_kind_names[i] : std::string_view("unknown");
}

std::optional<fault::kind> parse_fault_kind(std::string_view name) noexcept {
    for (std::size_t i = 0; i < fault_kind_names.size(); ++i)
        if (fault_kind_names[i] == name)
            return static_cast<fault::kind>(i);
    return std::nullopt;
}

bool processes(fault const& f) noexcept {
    if (f.process)
        return *f.process;
    switch (f.what) {
    case fault::kind::reset_before_read:
        return false;
    case fault::kind::status:
        return f.status >= 500;
    default:
        return true;
    }
}

std::string to_json(stats const& s) {
    boost::json::object by_op;
    for (auto const& [op, n] : s.requests_by_operation)
        by_op[op] = n;
    boost::json::object o;
    o["runs_started"] = s.runs_started;
    o["requests"] = s.requests;
    o["tokens_issued"] = s.tokens_issued;
    o["rejected_auth"] = s.rejected_auth;
    o["rate_limited"] = s.rate_limited;
    o["connections"] = s.connections;
    o["requests_by_operation"] = std::move(by_op);
    return boost::json::serialize(o);
}

namespace detail {

namespace json = boost::json;
using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;
using query_map = std::map<std::string, std::string>;

namespace {

// ---- text helpers ----------------------------------------------------------------------------

char ascii_lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r)
        c = ascii_lower(c);
    return r;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    return true;
}

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// Compares without an early exit, so the time taken does not tell how much of a token matched.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff = static_cast<unsigned char>(
            diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
    return diff == 0;
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// Percent-decoding; `plus_is_space` for query strings and form bodies.
std::optional<std::string> url_decode(std::string_view s, bool plus_is_space) {
    std::string r;
    r.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            if (i + 2 >= s.size())
                return std::nullopt;
            int const hi = hex_value(s[i + 1]);
            int const lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0)
                return std::nullopt;
            r += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (s[i] == '+' && plus_is_space) {
            r += ' ';
        } else {
            r += s[i];
        }
    }
    return r;
}

/// "a=1&b=2" -> {a: 1, b: 2}; the last of repeated names wins; nullopt on bad escapes.
std::optional<query_map> parse_form(std::string_view s) {
    query_map r;
    while (!s.empty()) {
        auto const amp = s.find('&');
        auto const part = s.substr(0, amp);
        s = amp == std::string_view::npos ? std::string_view() : s.substr(amp + 1);
        if (part.empty())
            continue;
        auto const eq = part.find('=');
        auto name = url_decode(part.substr(0, eq), true);
        auto value = url_decode(
            eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1), true);
        if (!name || !value)
            return std::nullopt;
        r[std::move(*name)] = std::move(*value);
    }
    return r;
}

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> r;
    if (path.starts_with('/'))
        path.remove_prefix(1);
    while (true) {
        auto const slash = path.find('/');
        r.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos)
            break;
        path.remove_prefix(slash + 1);
    }
    return r;
}

/// The media type of a Content-Type value, without parameters, lower case.
std::string media_type(std::optional<std::string_view> content_type) {
    if (!content_type)
        return {};
    return lower(trim(content_type->substr(0, content_type->find(';'))));
}

std::string quoted(std::string_view s) {
    return amperity::detail::quoted_excerpt(s);
}

std::string join(std::vector<std::string> const& v, std::string_view sep) {
    std::string r;
    for (auto const& s : v) {
        if (!r.empty())
            r += sep;
        r += s;
    }
    return r;
}

// ---- time --------------------------------------------------------------------------------------

timestamp now_utc() {
    return std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
}

/// "YYYYMMDD" of a timestamp.
std::string compact_date(timestamp t) {
    std::string s = format_timestamp(t).substr(0, 10);
    s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
    return s;
}

// ---- random ids --------------------------------------------------------------------------------

void random_bytes(unsigned char* out, std::size_t n) {
    if (RAND_bytes(out, static_cast<int>(n)) != 1)
        throw std::runtime_error("RAND_bytes failed");
}

std::string random_hex(std::size_t bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::vector<unsigned char> b(bytes);
    random_bytes(b.data(), b.size());
    std::string r;
    r.reserve(bytes * 2);
    for (unsigned char c : b) {
        r += digits[c >> 4];
        r += digits[c & 15];
    }
    return r;
}

std::string uuid() {
    std::string h = random_hex(16);
    h[12] = '4';                                                 // version 4
    h[16] = "89ab"[static_cast<unsigned>(hex_value(h[16])) & 3]; // RFC 4122 variant
    return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) +
           '-' + h.substr(20);
}

std::string five_digits(std::uint64_t n) {
    std::string s = std::to_string(n % 100000);
    return std::string(5 - s.size(), '0') + s;
}

// ---- routing -----------------------------------------------------------------------------------

struct route_match {
    std::string_view operation_id;
    std::string_view method;
    std::map<std::string, std::string> path_params;
};

/// Matches "/workflow/runs/{workflow-id}" against "/workflow/runs/wf-1"; path parameters are
/// percent-decoded and must not be empty.
bool match_template(std::string_view tmpl, std::string_view path,
                    std::map<std::string, std::string>& params) {
    auto const t = split_path(tmpl);
    auto const p = split_path(path);
    if (t.size() != p.size())
        return false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].starts_with('{') && t[i].ends_with('}')) {
            auto value = url_decode(p[i], false);
            if (!value || value->empty())
                return false;
            params[std::string(t[i].substr(1, t[i].size() - 2))] = std::move(*value);
        } else if (t[i] != p[i]) {
            return false;
        }
    }
    return true;
}

/// Every operation of the spec whose path template matches `path` (any method).
std::vector<route_match> match_operations(std::string_view path) {
    std::vector<route_match> r;
    std::apply(
        [&](auto... op) {
            auto one = [&](auto o) {
                using Op = decltype(o);
                route_match m{Op::operation_id, Op::method, {}};
                if (match_template(Op::path_template, path, m.path_params))
                    r.push_back(std::move(m));
            };
            (one(op), ...);
        },
        amperity::all_operations{});
    return r;
}

constexpr std::string_view token_path = "/v0/oauth2/token";
constexpr std::string_view control_prefix = "/_emulator";
constexpr std::size_t max_limit = 1000;

std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find('?'));
}

std::string_view query_of(std::string_view target) {
    auto const q = target.find('?');
    return q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
}

bool is_control(std::string_view path) {
    return path == control_prefix || path.starts_with(std::string(control_prefix) + "/");
}

// ---- fixed data sets ---------------------------------------------------------------------------

timestamp minutes_before(timestamp t, int minutes) {
    return t - std::chrono::minutes(minutes);
}

std::vector<amperity::audit_event> make_events(timestamp boot, std::string const& tenant) {
    struct row {
        std::string_view id, type, object, object_name;
        int age_minutes;
    };
    static constexpr std::array<row, 7> rows{{
        {"ae-7Qm2Xc0001", ":workflow/run-started", "wf-emulated-00001", "Daily load", 5},
        {"ae-7Qm2Xc0002", ":segment/updated", "seg-2aB3cD4eF", "High value customers", 30},
        {"ae-7Qm2Xc0003", ":campaign/scheduled", "cc-9Zy8Xw7Vu", "Spring sale", 65},
        {"ae-7Qm2Xc0004", ":api-key/token-issued", "ak-emulator", "", 120},
        {"ae-7Qm2Xc0005", ":courier-group/updated", "cg-1AbCdEfGh", "Nightly sources", 240},
        {"ae-7Qm2Xc0006", ":user/logged-in", "user-0001", "", 600},
        {"ae-7Qm2Xc0007", ":database/published", "db-Customer360", "Customer 360", 1440},
    }};
    std::vector<amperity::audit_event> r;
    for (auto const& row : rows) {
        amperity::audit_event e;
        e.event_id = std::string(row.id);
        e.event_type = std::string(row.type);
        e.tenant = tenant;
        e.tenant_family = tenant;
        e.happened_at = minutes_before(boot, row.age_minutes);
        e.principal_id = "ak-emulator";
        e.principal_name = "amperity-emulator";
        e.principal_email = "emulator@example.com";
        e.object_id = std::string(row.object);
        if (!row.object_name.empty())
            e.object_name = std::string(row.object_name);
        e.origin_ip = "127.0.0.1";
        e.user_agent = "amperity-emulator";
        e.session_id = "sess-emulator";
        r.push_back(std::move(e));
    }
    return r;
}

struct campaign_row {
    amperity::campaign campaign;
    std::string destination_data_template_id;
};

std::vector<campaign_row> make_campaigns(timestamp boot) {
    std::vector<campaign_row> r;
    r.push_back({{"cc-9Zy8Xw7Vu", "Spring sale", boot + std::chrono::hours(24)}, "ptg-1AaBbCcDd"});
    r.push_back({{"cc-8Yx7Wv6Ut", "Win-back", std::nullopt}, "ptg-1AaBbCcDd"});
    r.push_back(
        {{"cc-7Xw6Vu5Ts", "Loyalty welcome", boot - std::chrono::hours(48)}, "ptg-2EeFfGgHh"});
    return r;
}

std::vector<amperity::segment> make_segments() {
    return {
        {"seg-2aB3cD4eF", "High value customers", "active"},
        {"seg-3bC4dE5fG", "Lapsed buyers", "active"},
        {"seg-4cD5eF6gH", "Newsletter subscribers", "active"},
        {"seg-5dE6fG7hI", "Test segment", "inactive"},
    };
}

std::vector<amperity::ingest_job_details> make_jobs(timestamp boot) {
    std::vector<amperity::ingest_job_details> r;
    struct row {
        std::string_view id, workflow_id, feed_id, table;
        int age_minutes;
        std::int64_t records;
    };
    static constexpr std::array<row, 3> rows{{
        {"isj-1AbCdEfGh", "wf-emulated-00001", "df-1QwErTy", "Customers", 60, 12000},
        {"isj-2BcDeFgHi", "wf-emulated-00002", "df-2AsDfGh", "Orders", 60 * 25, 48000},
        {"isj-3CdEfGhIj", "wf-emulated-00003", "df-3ZxCvBn", "Products", 60 * 49, 900},
    }};
    for (auto const& row : rows) {
        amperity::ingest_feed_details feed;
        feed.feed_id = std::string(row.feed_id);
        feed.job_id = std::string(row.id);
        feed.table_name = std::string(row.table);
        feed.state = "succeeded";
        feed.read = row.records;
        feed.errors = 2;
        feed.rejected = 1;
        feed.inserted = row.records - 3;
        feed.updated = row.records / 10;
        feed.started_at = minutes_before(boot, row.age_minutes);
        feed.ended_at = feed.started_at + std::chrono::minutes(4);
        feed.files.push_back({"file-0001", std::string(row.table) + ".csv", row.records, 2});
        r.push_back({std::string(row.id), std::string(row.workflow_id), {std::move(feed)}});
    }
    return r;
}

// ---- query parameters --------------------------------------------------------------------------

/// A date or date-time query parameter; the error names the parameter.
std::optional<std::string> parse_time_param(query_map const& q, std::string const& name,
                                            std::optional<timestamp>& out) {
    auto const it = q.find(name);
    if (it == q.end())
        return std::nullopt;
    auto const r = amperity::date_or_time::parse(it->second);
    if (!r)
        return name + ": " + quoted(it->second) + " is not a date (YYYY-MM-DD) or date-time (" +
               std::string(amperity::describe(r.error)) + ")";
    out = r.value.time_point();
    return std::nullopt;
}

std::optional<std::string> parse_bool_param(query_map const& q, std::string const& name,
                                            bool& out) {
    auto const it = q.find(name);
    if (it == q.end())
        return std::nullopt;
    if (it->second == "true")
        out = true;
    else if (it->second == "false")
        out = false;
    else
        return name + ": expected true or false, got " + quoted(it->second);
    return std::nullopt;
}

} // namespace

// ---- request -----------------------------------------------------------------------------------

std::optional<std::string_view> request::header(std::string_view lower_name) const {
    for (auto const& [name, value] : headers)
        if (name == lower_name)
            return std::string_view(value);
    return std::nullopt;
}

std::string random_alnum(std::size_t n) {
    static constexpr std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string r;
    r.reserve(n);
    std::array<unsigned char, 64> buf{};
    while (r.size() < n) {
        random_bytes(buf.data(), buf.size());
        for (unsigned char c : buf) {
            // 248 = 4 * 62: rejecting the rest keeps the distribution uniform.
            if (c < 248 && r.size() < n)
                r += alphabet[c % alphabet.size()];
        }
    }
    return r;
}

// ---- api ---------------------------------------------------------------------------------------

api::api(options const& opts)
    : opts_(opts)
    , boot_time_(now_utc())
    , events_(make_events(boot_time_, opts.tenant))
    , segments_(make_segments())
    , jobs_(make_jobs(boot_time_)) {
    for (auto& c : make_campaigns(boot_time_))
        campaigns_.emplace_back(std::move(c.campaign), std::move(c.destination_data_template_id));
    random_bytes(page_token_key_.data(), page_token_key_.size());
}

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
    if (is_control(path)) {
        p.operation = "control";
    } else if (path == opts_.base_path + std::string(token_path)) {
        p.operation = "oauth-token";
    } else if (path.starts_with(opts_.base_path + "/")) {
        p.operation = "unknown";
        for (auto const& m : match_operations(path.substr(opts_.base_path.size())))
            if (m.method == method)
                p.operation = std::string(m.operation_id);
    } else {
        p.operation = "unknown";
    }
    if (p.operation == "control")
        return p;

    std::lock_guard lock(mutex_);
    ++stats_.requests;
    ++stats_.requests_by_operation[p.operation];
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

std::string api::error_body(unsigned status, std::string_view message, plan const& p) const {
    amperity::error_response e;
    e.status = status;
    e.message = std::string(message);
    e.request_id = p.request_id;
    e.trace_id = p.trace_id;
    return amperity::encode(e);
}

response api::error(unsigned status, std::string_view message, plan const& p) const {
    return {status, {}, error_body(status, message, p)};
}

response api::reply(unsigned status, std::string body) const {
    return {status, {}, std::move(body)};
}

response api::fault_status(fault const& f, plan const& p) const {
    response r = error(f.status, "emulated fault: status " + std::to_string(f.status), p);
    if (f.retry_after)
        r.headers.emplace_back("Retry-After", *f.retry_after);
    return r;
}

void api::inject(fault f) {
    std::lock_guard lock(mutex_);
    if (f.count > 0)
        faults_.push_back(std::move(f));
}

void api::count_connection() {
    std::lock_guard lock(mutex_);
    ++stats_.connections;
}

stats api::get_stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void api::reset() {
    std::lock_guard lock(mutex_);
    reset_locked();
}

void api::reset_locked() {
    runs_.clear();
    faults_.clear();
    random_bytes(page_token_key_.data(), page_token_key_.size());
    buckets_.clear();
    stats_ = {};
}

// ---- routing -----------------------------------------------------------------------------------

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
        return oauth_token(req, p);
    }
    if (!path.starts_with(opts_.base_path + "/"))
        return error(404, "no such resource: " + quoted(path), p);

    auto const matches = match_operations(path.substr(opts_.base_path.size()));
    route_match const* match = nullptr;
    std::vector<std::string> allowed;
    for (auto const& m : matches) {
        allowed.emplace_back(m.method);
        if (m.method == req.method)
            match = &m;
    }
    if (matches.empty())
        return error(404, "no such resource: " + quoted(path), p);
    if (!match) {
        response r = error(405,
                           "method " + req.method + " not allowed on " + quoted(path) +
                               "; allowed: " + join(allowed, ", "),
                           p);
        r.headers.emplace_back("Allow", join(allowed, ", "));
        return r;
    }

    auto query = parse_form(query_of(req.target));
    if (!query)
        return error(400, "malformed query string (bad percent-encoding)", p);
    if (auto rejected = check_headers(req, p, *query))
        return std::move(*rejected);

    std::string_view const op = match->operation_id;
    auto const id = [&](char const* name) { return match->path_params.at(name); };
    if (op == amperity::run_workflow_operation::operation_id)
        return run_workflow(req, p);
    if (op == amperity::list_workflows_operation::operation_id)
        return list_workflows(*query, p);
    if (op == amperity::get_workflow_operation::operation_id)
        return get_workflow(id("workflow-id"), *query, p);
    if (op == amperity::stop_workflow_operation::operation_id)
        return stop_workflow(id("workflow-id"), p);
    if (op == amperity::list_events_operation::operation_id)
        return list_events(*query, p);
    if (op == amperity::list_campaign_operation::operation_id)
        return list_campaigns(*query, p);
    if (op == amperity::list_segment_operation::operation_id)
        return list_segments(*query, p);
    if (op == amperity::list_ingest_jobs_operation::operation_id)
        return list_ingest_jobs(*query, p);
    if (op == amperity::get_ingest_job_operation::operation_id)
        return get_ingest_job(id("job-id"), p);
    // A spec operation added without a handler here: say so rather than pretend.
    return error(501, "operation " + std::string(op) + " is not implemented by the emulator", p);
}

std::optional<response> api::check_headers(request const& req, plan const& p,
                                           query_map const& query) {
    auto const authorization = req.header("authorization");
    if (!authorization) {
        ++stats_.rejected_auth;
        return error(401, "missing Authorization header; expected \"Bearer <access token>\"", p);
    }
    auto const value = trim(*authorization);
    if (value.size() < 7 || !iequals(value.substr(0, 7), "bearer ")) {
        ++stats_.rejected_auth;
        return error(401, "the Authorization header must use the Bearer scheme", p);
    }
    auto const token = trim(value.substr(7));
    bool valid = false;
    for (auto const& t : opts_.tokens)
        valid = constant_time_equal(token, t) || valid;
    if (!valid) {
        auto const now = steady::now();
        std::erase_if(issued_tokens_, [&](auto const& kv) { return kv.second <= now; });
        // Issued tokens are random, so looking them up by value leaks nothing useful.
        valid = issued_tokens_.contains(std::string(token));
    }
    if (!valid) {
        ++stats_.rejected_auth;
        // Never echo the token: it might be a real one sent to the wrong place.
        return error(401, "invalid or expired access token", p);
    }

    auto const tenant = req.header("amperity-tenant");
    if (!tenant)
        return error(400, "missing amperity-tenant header", p);
    if (*tenant != opts_.tenant) {
        ++stats_.rejected_auth;
        return error(401, "tenant " + quoted(*tenant) + " is not accessible with this token", p);
    }

    std::optional<std::string> version;
    if (auto h = req.header("api-version"))
        version = std::string(trim(*h));
    else if (auto it = query.find("api_version"); it != query.end())
        version = it->second;
    std::string const supported = "supported versions: " + join(opts_.api_versions, ", ");
    if (!version)
        return error(
            400, "missing api-version header (or api_version query parameter); " + supported, p);
    if (std::find(opts_.api_versions.begin(), opts_.api_versions.end(), *version) ==
        opts_.api_versions.end())
        return error(400, "unsupported api-version " + quoted(*version) + "; " + supported, p);

    if (!take_rate_token(opts_.tenant)) {
        ++stats_.rate_limited;
        std::array<char, 32> rate{};
        auto const written =
            std::to_chars(rate.data(), rate.data() + rate.size(), opts_.rate_limit);
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
    if (opts_.rate_limit <= 0)
        return true;
    double const capacity = std::max(1.0, opts_.rate_limit);
    auto const now = steady::now();
    auto [it, inserted] = buckets_.try_emplace(tenant, bucket{capacity, now});
    auto& b = it->second;
    if (!inserted) {
        std::chrono::duration<double> const dt = now - b.last;
        b.tokens = std::min(capacity, b.tokens + dt.count() * opts_.rate_limit);
        b.last = now;
    }
    if (b.tokens < 1.0)
        return false;
    b.tokens -= 1.0;
    return true;
}

// ---- workflows ---------------------------------------------------------------------------------

namespace {

std::string_view type_of(amperity::config_kind k) {
    switch (k) {
    case amperity::config_kind::courier_group:
        return "courier.group/run";
    case amperity::config_kind::orchestration_group:
        return "orchestration.group/run";
    case amperity::config_kind::campaign:
        return "campaign.send";
    }
    return "unknown";
}

std::string_view label_of(amperity::config_kind k) {
    for (auto const& info : amperity::config_kinds)
        if (info.kind == k)
            return info.label;
    return "config";
}

amperity::workflow_error failure_error() {
    amperity::workflow_error e;
    e.type = "amperity.workflow.task.emulator/failed";
    e.message = "Task failed: the emulator fails runs whose config id starts with \"fail\"";
    e.attribution = amperity::error_attribution(amperity::error_attribution::platform);
    return e;
}

amperity::workflow_error cancel_error() {
    amperity::workflow_error e;
    e.type = "amperity.workflow.workflow.repository.core/cancel";
    e.message = "Workflow manually stopped";
    return e;
}

} // namespace

response api::run_workflow(request const& req, plan const& p) {
    if (media_type(req.header("content-type")) != "application/json")
        return error(400, "Content-Type must be application/json", p);
    auto decoded = amperity::decode<amperity::workflow_run_request>(req.body);
    if (!decoded)
        return error(400, "invalid request body: " + decoded.error().message(), p);
    if (auto valid = amperity::validate(*decoded); !valid)
        return error(400, valid.error().message(), p);
    auto const kind = *amperity::config_kind_of(decoded->config_id);

    run r;
    r.seq = next_seq_++;
    r.created_at = now_utc();
    r.started = steady::now();
    std::string const stamp = compact_date(r.created_at) + "-" + five_digits(r.seq) + "-";
    r.id = "wf-" + stamp + random_alnum(6);
    r.config_id = decoded->config_id;
    r.type = std::string(type_of(kind));
    std::string label(label_of(kind));
    label[0] = static_cast<char>(label[0] - 'a' + 'A');
    r.name = label + " " + r.config_id;
    auto const prefix_size = r.config_id.find('-') + 1;
    r.fails = std::string_view(r.config_id).substr(prefix_size).starts_with("fail");
    for (unsigned i = 0; i < opts_.tasks_per_run; ++i)
        r.task_ids.push_back("wft-" + stamp + random_alnum(6));
    ++stats_.runs_started;
    runs_.push_back(r);

    response res = reply(201, amperity::encode(view(r, r.started, true)));
    res.headers.emplace_back("Location", opts_.base_path + "/workflow/runs/" + r.id);
    return res;
}

amperity::workflow api::view(run const& r, steady::time_point now, bool verbose) const {
    using amperity::task_state;
    using amperity::workflow_state;
    auto elapsed = std::chrono::duration_cast<milliseconds>(now - r.started);
    if (r.canceled_after && elapsed > *r.canceled_after)
        elapsed = *r.canceled_after;
    milliseconds const t0 = opts_.schedule_delay;
    milliseconds const end = t0 + opts_.run_duration;
    auto const n = r.task_ids.size();
    milliseconds const slot = n == 0 ? milliseconds(0) : opts_.run_duration / static_cast<long>(n);

    amperity::workflow w;
    w.id = r.id;
    w.type = r.type;
    w.name = r.name;
    w.tenant = opts_.tenant;
    w.created_at = r.created_at;
    if (elapsed < t0) {
        w.state = workflow_state(workflow_state::scheduled);
    } else if (elapsed < end) {
        w.state = workflow_state(workflow_state::running);
    } else {
        w.state = workflow_state(r.fails ? workflow_state::failed : workflow_state::succeeded);
        w.ended_at = r.created_at + end;
        if (r.fails)
            w.error = failure_error();
    }

    std::vector<amperity::workflow_task_instance> tasks;
    for (std::size_t i = 0; verbose && i < n; ++i) {
        milliseconds const begin = t0 + slot * static_cast<long>(i);
        if (elapsed < begin)
            break; // tasks appear one after another
        milliseconds const running_at = begin + slot / 4;
        milliseconds const done_at = i + 1 == n ? end : begin + slot;
        amperity::workflow_task_instance t;
        t.id = r.task_ids[i];
        t.tenant = opts_.tenant;
        t.created_at = r.created_at + begin;
        t.execution_type = amperity::execution_type(amperity::execution_type::spark_sql);
        t.label = "Step " + std::to_string(i + 1) + " of " + std::to_string(n) + ": " + r.name;
        t.task_definition_id = "emulator/" + r.config_id + "/step-" + std::to_string(i + 1);
        t.task_definition_type = r.type;
        t.timeout_ms = 172800000;
        t.workflow_id = r.id;
        if (elapsed < running_at) {
            t.state = task_state(task_state::scheduled);
            t.state_changed_at = r.created_at + begin;
        } else if (elapsed < done_at) {
            t.state = task_state(task_state::running);
            t.state_changed_at = r.created_at + running_at;
        } else {
            bool const failed = r.fails && i + 1 == n;
            t.state = task_state(failed ? task_state::failed : task_state::succeeded);
            t.ended_at = r.created_at + done_at;
            t.state_changed_at = t.ended_at;
            if (failed)
                t.error = failure_error();
        }
        tasks.push_back(std::move(t));
    }

    if (r.canceled_after) {
        timestamp const at = r.created_at + *r.canceled_after;
        w.state = workflow_state(workflow_state::canceled);
        w.ended_at = at;
        w.error = cancel_error();
        for (auto& t : tasks) {
            if (t.state.is_terminal())
                continue;
            t.state = task_state(task_state::canceled);
            t.ended_at = at;
            t.state_changed_at = at;
        }
    }

    if (!verbose) {
        w.error.reset();
        return w;
    }
    w.principal_id = "ak-emulator";
    w.principal_name = "amperity-emulator";
    w.warn_after_ms = 86400000;
    w.task_instances = std::move(tasks);
    return w;
}

std::optional<std::string> api::parse_paging(query_map const& q, std::string_view list,
                                             paging& out) {
    if (auto it = q.find("limit"); it != q.end()) {
        std::int64_t v = 0;
        auto const& s = it->second;
        auto const [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || end != s.data() + s.size() || s.empty() || s[0] == '-' || v < 1 ||
            v > static_cast<std::int64_t>(max_limit))
            return "limit: expected an integer from 1 to " + std::to_string(max_limit) + ", got " +
                   quoted(s);
        out.limit = static_cast<std::size_t>(v);
    }
    if (auto it = q.find("next_token"); it != q.end()) {
        out.cursor = read_page_token(list, it->second);
        if (!out.cursor)
            return "next_token: unknown or expired token " + quoted(it->second);
    }
    return parse_bool_param(q, "with_total", out.with_total);
}

namespace {

std::string page_token_mac(std::array<unsigned char, 32> const& key, std::string_view list,
                           std::string_view position) {
    std::string const data = std::string(list) + '\n' + std::string(position);
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int size = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<unsigned char const*>(data.data()), data.size(), mac.data(), &size))
        throw std::runtime_error("HMAC failed");
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned i = 0; i < 12 && i < size; ++i) {
        hex += digits[mac[i] >> 4];
        hex += digits[mac[i] & 15];
    }
    return hex;
}

} // namespace

std::string api::new_page_token(std::string_view list, std::uint64_t position) const {
    std::string const pos = std::to_string(position);
    return pos + "." + page_token_mac(page_token_key_, list, pos);
}

std::optional<std::uint64_t> api::read_page_token(std::string_view list,
                                                  std::string_view token) const {
    auto const dot = token.find('.');
    if (dot == std::string_view::npos)
        return std::nullopt;
    auto const pos = token.substr(0, dot);
    if (!constant_time_equal(token.substr(dot + 1), page_token_mac(page_token_key_, list, pos)))
        return std::nullopt;
    std::uint64_t v = 0;
    auto const [end, ec] = std::from_chars(pos.data(), pos.data() + pos.size(), v);
    if (ec != std::errc() || end != pos.data() + pos.size())
        return std::nullopt;
    return v;
}

response api::list_workflows(query_map const& q, plan const& p) {
    std::string_view const op = amperity::list_workflows_operation::operation_id;
    paging pg;
    if (auto bad = parse_paging(q, op, pg))
        return error(400, *bad, p);
    std::optional<timestamp> created_from, created_to, ended_from, ended_to;
    for (auto const& [name, slot] :
         {std::pair<char const*, std::optional<timestamp>*>{"created_from", &created_from},
          {"created_to", &created_to},
          {"ended_from", &ended_from},
          {"ended_to", &ended_to}})
        if (auto bad = parse_time_param(q, name, *slot))
            return error(400, *bad, p);
    std::optional<std::string> state, type;
    if (auto it = q.find("state"); it != q.end())
        state = lower(it->second);
    if (auto it = q.find("type"); it != q.end())
        type = it->second;
    auto const wanted_state =
        state ? amperity::workflow_state::from_wire(*state) : amperity::workflow_state();

    auto const now = steady::now();
    amperity::workflow_list list;
    std::int64_t total = 0;
    bool more = false;
    for (auto it = runs_.rbegin(); it != runs_.rend(); ++it) {
        auto w = view(*it, now, false);
        if (state) {
            bool const same = wanted_state.is_known() && w.state.is_known()
                                  ? wanted_state.known() == w.state.known()
                                  : lower(w.state.wire()) == *state;
            if (!same)
                continue;
        }
        if (type && w.type != *type)
            continue;
        if (created_from && w.created_at < *created_from)
            continue;
        if (created_to && !(w.created_at < *created_to))
            continue;
        if ((ended_from || ended_to) && !w.ended_at)
            continue;
        if (ended_from && *w.ended_at < *ended_from)
            continue;
        if (ended_to && !(*w.ended_at < *ended_to))
            continue;
        ++total;
        if (pg.cursor && it->seq >= *pg.cursor)
            continue; // already on an earlier page
        if (list.data.size() == pg.limit) {
            more = true;
            if (!pg.with_total)
                break;
            continue;
        }
        list.data.push_back(std::move(w));
    }
    if (more) {
        auto const& last = list.data.back().id;
        auto const last_run =
            std::find_if(runs_.begin(), runs_.end(), [&](auto const& r) { return r.id == last; });
        list.next_token = new_page_token(op, last_run->seq);
    }
    if (pg.with_total)
        list.total = total;
    return reply(200, amperity::encode(list));
}

response api::get_workflow(std::string const& id, query_map const& q, plan const& p) {
    bool verbose = false;
    if (auto it = q.find("view"); it != q.end()) {
        auto v = amperity::parse_enum<amperity::workflow_view>(it->second);
        if (!v)
            return error(400, "view: " + v.error().detail(), p);
        verbose = *v == amperity::workflow_view::verbose;
    }
    for (auto const& r : runs_)
        if (r.id == id)
            return reply(200, amperity::encode(view(r, steady::now(), verbose)));
    return error(404, "workflow run " + quoted(id) + " not found", p);
}

response api::stop_workflow(std::string const& id, plan const& p) {
    auto const now = steady::now();
    for (auto& r : runs_) {
        if (r.id != id)
            continue;
        if (!view(r, now, false).state.is_terminal())
            r.canceled_after = std::chrono::duration_cast<milliseconds>(now - r.started);
        return reply(200, amperity::encode(view(r, now, true)));
    }
    return error(404, "workflow run " + quoted(id) + " not found", p);
}

// ---- the fixed data sets -----------------------------------------------------------------------

template <class List, class Item>
std::optional<std::string> api::page_of(std::vector<Item> const& items, query_map const& q,
                                        std::string_view list_name, List& out) {
    paging pg;
    if (auto bad = parse_paging(q, list_name, pg))
        return bad;
    std::size_t const first = pg.cursor ? static_cast<std::size_t>(*pg.cursor) : 0;
    for (std::size_t i = first; i < items.size() && out.data.size() < pg.limit; ++i)
        out.data.push_back(items[i]);
    std::size_t const next = first + out.data.size();
    if (next < items.size())
        out.next_token = new_page_token(list_name, next);
    if (pg.with_total)
        out.total = static_cast<std::int64_t>(items.size());
    return std::nullopt;
}

response api::list_events(query_map const& q, plan const& p) {
    std::optional<timestamp> from, to;
    if (auto bad = parse_time_param(q, "happened_from", from))
        return error(400, *bad, p);
    if (auto bad = parse_time_param(q, "happened_to", to))
        return error(400, *bad, p);
    std::vector<amperity::audit_event> matching;
    for (auto const& e : events_)
        if ((!from || !(e.happened_at < *from)) && (!to || e.happened_at < *to))
            matching.push_back(e);
    amperity::audit_event_list out;
    if (auto bad = page_of(matching, q, amperity::list_events_operation::operation_id, out))
        return error(400, *bad, p);
    return reply(200, amperity::encode(out));
}

response api::list_campaigns(query_map const& q, plan const& p) {
    auto const filter = q.find("destination_data_template_id");
    std::vector<amperity::campaign> matching;
    for (auto const& [c, template_id] : campaigns_)
        if (filter == q.end() || filter->second == template_id)
            matching.push_back(c);
    amperity::campaign_list out;
    if (auto bad = page_of(matching, q, amperity::list_campaign_operation::operation_id, out))
        return error(400, *bad, p);
    return reply(200, amperity::encode(out));
}

response api::list_segments(query_map const& q, plan const& p) {
    amperity::segment_list out;
    if (auto bad = page_of(segments_, q, amperity::list_segment_operation::operation_id, out))
        return error(400, *bad, p);
    return reply(200, amperity::encode(out));
}

response api::list_ingest_jobs(query_map const& q, plan const& p) {
    std::optional<timestamp> from, to;
    if (auto bad = parse_time_param(q, "created_from", from))
        return error(400, *bad, p);
    if (auto bad = parse_time_param(q, "created_to", to))
        return error(400, *bad, p);
    if (!from || !to)
        return error(400, "created_from and created_to are required (a window of at most 7 days)",
                     p);
    if (!(*from < *to))
        return error(400, "created_to must be later than created_from", p);
    if (*to - *from > std::chrono::days(7))
        return error(400, "created_to must be at most 7 days after created_from", p);
    bool with_total = false;
    if (auto bad = parse_bool_param(q, "with_total", with_total))
        return error(400, *bad, p);
    amperity::ingest_job_details_list out;
    for (auto const& job : jobs_) {
        auto const started = job.tables.front().started_at;
        if (!(started < *from) && started < *to)
            out.data.push_back(job);
    }
    if (with_total)
        out.total = static_cast<std::int64_t>(out.data.size());
    return reply(200, amperity::encode(out));
}

response api::get_ingest_job(std::string const& id, plan const& p) {
    for (auto const& job : jobs_)
        if (job.id == id)
            return reply(200, amperity::encode(job));
    return error(404, "ingest job " + quoted(id) + " not found", p);
}

// ---- OAuth token endpoint ----------------------------------------------------------------------

namespace {

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

response api::oauth_token(request const& req, plan const&) {
    auto const bad_request = [](std::string_view code, std::string_view why) {
        return response{400, {}, oauth_error(code, why)};
    };
    auto const unauthorized = [this](std::string_view why) {
        ++stats_.rejected_auth;
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
    if (*tenant != opts_.tenant)
        return unauthorized("unknown tenant");
    // Both compared in full, so the timing does not tell which one was wrong.
    bool const id_ok = constant_time_equal(id, opts_.client_id);
    bool const secret_ok = constant_time_equal(secret, opts_.client_secret);
    if (!id_ok || !secret_ok)
        return unauthorized("invalid client credentials");

    std::string token = random_alnum(32);
    issued_tokens_[token] = steady::now() + opts_.token_lifetime;
    ++stats_.tokens_issued;
    json::object o;
    o["access_token"] = token;
    o["expires_in"] = opts_.token_lifetime.count();
    o["token_type"] = "Bearer";
    response r = reply(200, json::serialize(o));
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

// ---- control endpoints -------------------------------------------------------------------------

namespace {

json::object fault_to_json(fault const& f) {
    json::object o;
    o["kind"] = to_string(f.what);
    o["operation"] = f.operation;
    o["status"] = f.status;
    if (f.retry_after)
        o["retry_after"] = *f.retry_after;
    o["delay_ms"] = f.delay.count();
    o["process"] = processes(f);
    o["count"] = f.count;
    return o;
}

/// The fault a POST /_emulator/faults body describes, or why it does not describe one.
std::variant<fault, std::string> fault_from_json(std::string_view body) {
    boost::system::error_code ec;
    auto v = json::parse(body, ec);
    if (ec)
        return "body is not JSON: " + ec.message();
    if (!v.is_object())
        return std::string("body must be a JSON object");
    auto const& o = v.get_object();
    auto const uint_field = [&](std::string_view name, std::uint64_t max,
                                std::uint64_t& out) -> std::optional<std::string> {
        auto const* x = o.if_contains(name);
        if (!x)
            return std::nullopt;
        std::int64_t n = 0;
        if (x->is_int64())
            n = x->get_int64();
        else if (x->is_uint64() && x->get_uint64() <= max)
            n = static_cast<std::int64_t>(x->get_uint64());
        else
            return std::string(name) + " must be a non-negative integer";
        if (n < 0 || static_cast<std::uint64_t>(n) > max)
            return std::string(name) + " must be from 0 to " + std::to_string(max);
        out = static_cast<std::uint64_t>(n);
        return std::nullopt;
    };

    static constexpr std::array<std::string_view, 7> known{
        "kind", "operation", "status", "retry_after", "delay_ms", "process", "count"};
    for (auto const& kv : o)
        if (std::find(known.begin(), known.end(), std::string_view(kv.key())) == known.end())
            return "unknown field " + quoted(kv.key()) +
                   "; known: kind, operation, status, retry_after, delay_ms, process, count";

    auto const* kind = o.if_contains("kind");
    if (!kind || !kind->is_string())
        return std::string("kind (a string) is required");
    auto const k = parse_fault_kind(kind->get_string());
    if (!k) {
        std::string all;
        for (auto name : fault_kind_names)
            all += (all.empty() ? "" : ", ") + std::string(name);
        return "kind " + quoted(kind->get_string()) + " is not one of " + all;
    }
    fault f{*k};
    if (auto const* x = o.if_contains("operation")) {
        if (!x->is_string() || x->get_string().empty())
            return std::string("operation must be a non-empty string");
        f.operation = std::string(x->get_string());
    }
    std::uint64_t n = 0;
    if (auto bad = uint_field("status", 599, n))
        return *bad;
    if (o.contains("status")) {
        if (n < 100)
            return std::string("status must be from 100 to 599");
        f.status = static_cast<unsigned>(n);
    }
    if (auto const* x = o.if_contains("retry_after")) {
        if (x->is_string()) {
            f.retry_after = std::string(x->get_string());
            // It becomes a header value: printable ASCII only, so no header can be smuggled.
            for (char ch : *f.retry_after)
                if (ch < ' ' || ch > '~')
                    return std::string("retry_after must be printable ASCII");
        } else if (x->is_int64() && x->get_int64() >= 0)
            f.retry_after = std::to_string(x->get_int64());
        else
            return std::string("retry_after must be a string or a non-negative integer");
    }
    n = 0;
    if (auto bad = uint_field("delay_ms", 3'600'000, n))
        return *bad;
    f.delay = milliseconds(static_cast<std::int64_t>(n));
    if (auto const* x = o.if_contains("process")) {
        if (!x->is_bool())
            return std::string("process must be a boolean");
        f.process = x->get_bool();
    }
    n = 1;
    if (auto bad = uint_field("count", 1'000'000, n))
        return *bad;
    if (n == 0)
        return std::string("count must be at least 1");
    f.count = static_cast<unsigned>(n);
    return f;
}

} // namespace

response api::control(request const& req, plan const& p, std::string_view path) {
    auto const method_not_allowed = [&](std::string_view allow) {
        response r =
            error(405, "method " + req.method + " not allowed; allowed: " + std::string(allow), p);
        r.headers.emplace_back("Allow", std::string(allow));
        return r;
    };
    if (path == "/_emulator/faults") {
        if (req.method == "GET") {
            json::array a;
            for (auto const& f : faults_)
                a.push_back(fault_to_json(f));
            return reply(200, json::serialize(a));
        }
        if (req.method != "POST")
            return method_not_allowed("GET, POST");
        auto parsed = fault_from_json(req.body);
        if (auto const* why = std::get_if<std::string>(&parsed))
            return error(400, *why, p);
        auto& f = std::get<fault>(parsed);
        auto body = json::serialize(fault_to_json(f));
        faults_.push_back(std::move(f));
        return reply(201, std::move(body));
    }
    if (path == "/_emulator/stats") {
        if (req.method != "GET")
            return method_not_allowed("GET");
        return reply(200, to_json(stats_));
    }
    if (path == "/_emulator/reset") {
        if (req.method != "POST")
            return method_not_allowed("POST");
        reset_locked();
        return reply(200, R"({"reset":true})");
    }
    return error(404,
                 "no such control endpoint: " + quoted(path) +
                     "; try /_emulator/faults, /_emulator/stats, /_emulator/reset",
                 p);
}

} // namespace detail
} // namespace amperity::emulator
