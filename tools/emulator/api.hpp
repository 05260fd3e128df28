// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_API_HPP
#define AMPERITY_EMULATOR_API_HPP

// The emulator's API logic, free of any networking: it classifies and counts requests, hands
// out faults, checks credentials, tenant, api-version and the rate limit, answers the token
// endpoint and /_emulator/..., and routes the rest to the operations' handlers (routing.hpp).
// The server (emulator.cpp) moves bytes and applies the faults this class hands out.
//
// One mutex guards everything; every public member takes it once, so nothing here calls a
// public member of this class. Internal to the amperity_emulator library; no stability promise.

#include "message.hpp"
#include "text.hpp"

#include <amperity/emulator/options.hpp>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace amperity::emulator::detail {

struct state;

class api {
public:
    explicit api(options const& opts);
    ~api();

    /// Classifies the request, counts it and takes a matching fault (one count of the oldest).
    plan begin(std::string_view method, std::string_view target);

    /// Fresh request and trace ids for an answer to something that is not a request (a
    /// malformed head, a body over the limit).
    plan bare_plan() const;

    /// Answers a request (the whole API, the token endpoint and /_emulator/...).
    response handle(request const& req, plan const& p);

    void inject(fault f);
    /// Counts an accepted connection (stats::connections).
    void count_connection();
    stats get_stats() const;
    void reset();

private:
    struct bucket {
        double tokens;
        std::chrono::steady_clock::time_point last;
    };

    // All of these expect mutex_ to be held.
    response route(request const& req, plan const& p);
    std::optional<response> check_headers(request const& req, plan const& p,
                                          param_map const& query);
    bool take_rate_token(std::string const& tenant);
    response oauth_token(request const& req);                                   // oauth.cpp
    response control(request const& req, plan const& p, std::string_view path); // control.cpp
    void reset_locked();

    mutable std::mutex mutex_;
    // Behind a pointer so that this header, and the server that includes it, do not depend on
    // the handlers' headers (state.hpp): editing those does not rebuild emulator.cpp.
    std::unique_ptr<state> state_;
    std::map<std::string, std::chrono::steady_clock::time_point> issued_tokens_;
    std::map<std::string, bucket> buckets_;
    std::deque<fault> faults_;
};

} // namespace amperity::emulator::detail

#endif // AMPERITY_EMULATOR_API_HPP
