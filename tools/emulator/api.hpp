// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_API_HPP
#define AMPERITY_EMULATOR_API_HPP

// The emulator's API logic, free of any networking: routing, header checks, the in-memory
// runs, fixed data sets, OAuth tokens, the rate limiter and the fault queue. The server
// (emulator.cpp) moves bytes and applies the faults this class hands out.
//
// Internal to the amperity_emulator library; no stability promise.

#include <amperity/emulator/emulator.hpp>

#include <amperity/amperity.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amperity::emulator::detail {

/// A request as the logic sees it. Header names are lower case.
struct request {
    std::string method;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    /// The first header of that (lower-case) name, or nullopt.
    std::optional<std::string_view> header(std::string_view lower_name) const;
};

struct response {
    unsigned status = 200;
    /// Extra headers; Content-Type (application/json) and x-request-id are added by the server.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

/// What the server learns about a request from its head, before reading the body.
struct plan {
    /// operationId, "oauth-token", "control" (/_emulator/...) or "unknown".
    std::string operation;
    std::string request_id;
    std::string trace_id;
    /// The fault this request consumed, if any.
    std::optional<fault> injected;
};

class api {
public:
    explicit api(options const& opts);

    /// Classifies the request, counts it and takes a matching fault (one count of the oldest).
    plan begin(std::string_view method, std::string_view target);

    /// Fresh request and trace ids for an answer to something that is not a request (a
    /// malformed head, a body over the limit).
    plan bare_plan() const;

    /// Answers a request (the whole API, the token endpoint and /_emulator/...).
    response handle(request const& req, plan const& p);

    /// The answer of a kind::status fault.
    response fault_status(fault const& f, plan const& p) const;

    /// An error_response body.
    std::string error_body(unsigned status, std::string_view message, plan const& p) const;

    void inject(fault f);
    /// Counts an accepted connection (stats::connections).
    void count_connection();
    stats get_stats() const;
    void reset();

private:
    struct run {
        std::uint64_t seq = 0;
        std::string id;
        std::string config_id;
        std::string type;
        std::string name;
        timestamp created_at{};
        std::chrono::steady_clock::time_point started{};
        bool fails = false;
        std::vector<std::string> task_ids;
        /// Time after `started` at which the run was stopped.
        std::optional<std::chrono::milliseconds> canceled_after;
    };
    struct paging {
        std::size_t limit = 25;
        std::optional<std::uint64_t> cursor;
        bool with_total = false;
    };
    struct bucket {
        double tokens;
        std::chrono::steady_clock::time_point last;
    };
    using query_map = std::map<std::string, std::string>;

    // All of these expect mutex_ to be held.
    response route(request const& req, plan const& p);
    response control(request const& req, plan const& p, std::string_view path);
    response oauth_token(request const& req, plan const& p);
    std::optional<response> check_headers(request const& req, plan const& p,
                                          query_map const& query);
    bool take_rate_token(std::string const& tenant);
    void reset_locked();

    response run_workflow(request const& req, plan const& p);
    response list_workflows(query_map const& q, plan const& p);
    response get_workflow(std::string const& id, query_map const& q, plan const& p);
    response stop_workflow(std::string const& id, plan const& p);
    response list_events(query_map const& q, plan const& p);
    response list_campaigns(query_map const& q, plan const& p);
    response list_segments(query_map const& q, plan const& p);
    response list_ingest_jobs(query_map const& q, plan const& p);
    response get_ingest_job(std::string const& id, plan const& p);

    /// The run as of `now`: its progress is a function of the time since it started.
    amperity::workflow view(run const& r, std::chrono::steady_clock::time_point now,
                            bool verbose) const;
    std::optional<std::string> parse_paging(query_map const& q, std::string_view list, paging& out);
    template <class List, class Item>
    std::optional<std::string> page_of(std::vector<Item> const& items, query_map const& q,
                                       std::string_view list_name, List& out);
    /// Page tokens carry their position (list-workflows: the seq of the last run returned;
    /// other lists: an offset) and a MAC over it and the list's operationId, so the server
    /// keeps no per-token state and refuses tokens it did not make for that list.
    std::string new_page_token(std::string_view list, std::uint64_t position) const;
    std::optional<std::uint64_t> read_page_token(std::string_view list,
                                                 std::string_view token) const;

    response error(unsigned status, std::string_view message, plan const& p) const;
    response reply(unsigned status, std::string body) const;

    options opts_;
    timestamp boot_time_;
    mutable std::mutex mutex_;
    std::vector<run> runs_; // oldest first
    std::uint64_t next_seq_ = 1;
    std::array<unsigned char, 32> page_token_key_{}; // new at start and at every reset
    std::map<std::string, std::chrono::steady_clock::time_point> issued_tokens_;
    std::map<std::string, bucket> buckets_;
    std::deque<fault> faults_;
    stats stats_;
    std::vector<amperity::audit_event> events_;
    std::vector<std::pair<amperity::campaign, std::string>> campaigns_; // + its template id
    std::vector<amperity::segment> segments_;
    std::vector<amperity::ingest_job_details> jobs_;
};

/// A random string of `n` characters from [A-Za-z0-9] (OpenSSL's RAND_bytes).
std::string random_alnum(std::size_t n);

} // namespace amperity::emulator::detail

#endif // AMPERITY_EMULATOR_API_HPP
