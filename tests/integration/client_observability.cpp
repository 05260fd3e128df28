// Observers (observer.hpp, observers.hpp) and per-call options (call_options.hpp) against the
// emulator: what the hooks see for retries and outcome_unknown, the metrics after a known
// sequence, per-call timeout and retry overrides, and extra headers / trace context on the wire
// (the emulator's log_headers) or refused before anything is sent.
#include "support.hpp"

#include <boost/json/parse.hpp>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace amperity_it {

using amperity::condition;
using amperity::errc;
using fault = amperity::emulator::fault;

namespace {

constexpr char traceparent[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/// Copies of every event (the events' string_views die with the hook).
struct recorder : amperity::observer {
    struct attempt {
        std::string operation, method, path, target, traceparent;
        unsigned n;
        std::uint64_t call_id;
    };
    struct response {
        unsigned n, status;
        boost::system::error_code error;
        std::chrono::microseconds latency;
        std::string request_id;
        std::size_t bytes;
    };
    struct retry {
        unsigned n;
        boost::system::error_code reason;
        condition kind;
        std::string text;
        std::chrono::milliseconds delay;
    };
    std::vector<attempt> attempts;
    std::vector<response> responses;
    std::vector<retry> retries;
    std::vector<amperity::outcome_event> outcomes; // no string_view read after the hook but operation

    void on_attempt(amperity::attempt_event const& e) override {
        attempts.push_back({std::string(e.operation), std::string(e.method),
                            std::string(e.path_template), std::string(e.target),
                            std::string(e.traceparent), e.attempt, e.call_id});
    }
    void on_response(amperity::response_event const& e) override {
        responses.push_back({e.attempt, e.status, e.error, e.latency, std::string(e.request_id),
                             e.bytes});
    }
    void on_retry(amperity::retry_event const& e) override {
        retries.push_back({e.attempt, e.reason, e.kind, std::string(e.text), e.delay});
    }
    void on_outcome(amperity::outcome_event const& e) override {
        auto copy = e;
        copy.operation = {};
        outcomes.push_back(copy);
    }
    void clear() {
        attempts.clear();
        responses.clear();
        retries.clear();
        outcomes.clear();
    }
};

/// Throws from every hook: the calls must not notice.
struct thrower : amperity::observer {
    void on_attempt(amperity::attempt_event const&) override { throw std::runtime_error("a"); }
    void on_response(amperity::response_event const&) override { throw std::runtime_error("r"); }
    void on_retry(amperity::retry_event const&) override { throw std::runtime_error("t"); }
    void on_outcome(amperity::outcome_event const&) override { throw 42; }
};

/// Starts a call with a callback and runs `io` until it completes.
template <class Start>
boost::system::error_code run_one(asio::io_context& io, Start start) {
    boost::system::error_code out;
    bool done = false;
    start([&](boost::system::error_code ec, auto&&) {
        out = ec;
        done = true;
    });
    io.restart();
    io.run();
    BOOST_TEST(done);
    capture(out.message());
    return out;
}

fault status_fault(char const* operation, unsigned status, unsigned count = 1) {
    fault f{fault::kind::status};
    f.operation = operation;
    f.status = status;
    f.count = count;
    return f;
}

std::string start_run(asio::io_context& io, amperity::client& c) {
    std::string id;
    auto ec = run_one(io, [&](auto h) {
        c.async_run_workflow(amperity::run_request{amperity::courier_group_id{"cg-obs"}},
                             [&id, h](boost::system::error_code e, amperity::workflow wf) mutable {
                                 id = wf.id;
                                 h(e, 0);
                             });
    });
    BOOST_REQUIRE(!ec);
    return id;
}

/// The emulator's log, thread-safe (the emulator runs on its own thread).
struct server_log {
    std::mutex m;
    std::vector<std::string> lines;
    std::vector<std::string> take() {
        std::lock_guard lock(m);
        return std::exchange(lines, {});
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(client_observability)

// A 503 then a 200 on get-workflow, then run-workflow on a 503 (outcome unknown, with a
// per-call retry override that must not make it retry), then a 404: the recorder sees each
// step, every JSON line parses and holds no secret, and the metrics match.
BOOST_AUTO_TEST_CASE(observer_sees_retries_outcome_unknown_and_metrics_match) {
    emulator emu;
    asio::io_context io;
    auto rec = std::make_shared<recorder>();
    auto metrics = std::make_shared<amperity::metrics_observer>();
    std::vector<std::string> json;
    auto lines = std::make_shared<amperity::json_lines_observer>(
        [&json](std::string_view l) { json.emplace_back(l); });
    auto opts = emu.client_options();
    opts.auth = amperity::client_credentials{"emulator-client",
                                             amperity::secret(client_secret_value), ""};
    opts.observer = std::make_shared<amperity::observer_list>(
        std::vector<std::shared_ptr<amperity::observer>>{rec, std::make_shared<thrower>(),
                                                         lines, metrics});
    amperity::client c(io.get_executor(), opts);
    auto bearer_opts = emu.client_options();
    bearer_opts.observer = lines;
    amperity::client b(io.get_executor(), bearer_opts);
    auto const id = start_run(io, b);
    rec->clear();
    auto const before = metrics->snapshot();
    BOOST_TEST(before.calls == 0u);

    // 1. get-workflow: 503, then 200.
    emu.inject(status_fault("get-workflow", 503));
    amperity::diagnostics diag;
    auto ec = run_one(io, [&](auto h) {
        c.async_get_workflow({.workflow_id = id}, amperity::call_options{.diag = &diag}, h);
    });
    BOOST_TEST(!ec);
    BOOST_TEST(diag.attempts == 2u);
    BOOST_REQUIRE_EQUAL(rec->attempts.size(), 2u);
    BOOST_TEST(rec->attempts[0].operation == "get-workflow");
    BOOST_TEST(rec->attempts[0].method == "GET");
    BOOST_TEST(rec->attempts[0].path == "/workflow/runs/{workflow-id}");
    BOOST_TEST(rec->attempts[0].target.find(id) != std::string::npos);
    BOOST_TEST(rec->attempts[1].n == 2u);
    BOOST_TEST(rec->attempts[0].call_id == rec->attempts[1].call_id);
    BOOST_REQUIRE_EQUAL(rec->responses.size(), 2u);
    BOOST_TEST(rec->responses[0].status == 503u);
    BOOST_TEST(rec->responses[0].error == errc::http_service_unavailable);
    BOOST_TEST(!rec->responses[0].request_id.empty()); // from the emulator's error body
    BOOST_TEST(rec->responses[1].status == 200u);
    BOOST_TEST(!rec->responses[1].error);
    BOOST_TEST(!rec->responses[1].request_id.empty()); // from x-request-id
    BOOST_TEST(rec->responses[1].bytes > 0u);
    BOOST_TEST(rec->responses[1].latency.count() > 0);
    BOOST_REQUIRE_EQUAL(rec->retries.size(), 1u);
    BOOST_TEST(rec->retries[0].reason == errc::http_service_unavailable);
    BOOST_TEST(rec->retries[0].kind == condition::api_server_error);
    BOOST_TEST(rec->retries[0].n == 1u);
    BOOST_TEST(rec->retries[0].delay.count() >= 0);
    BOOST_TEST((rec->retries[0].delay <= opts.retry.max_backoff)); // the policy's bound
    BOOST_TEST(rec->retries[0].text.find("503") != std::string::npos, rec->retries[0].text);
    BOOST_REQUIRE_EQUAL(rec->outcomes.size(), 1u);
    BOOST_TEST(!rec->outcomes[0].error);
    BOOST_TEST(rec->outcomes[0].attempts == 2u);
    BOOST_TEST(rec->outcomes[0].status == 200u);
    BOOST_TEST((rec->outcomes[0].latency >= rec->responses[1].latency));

    // 2. run-workflow on a 503, with max_attempts 5 for this call: still outcome unknown, one
    // attempt, exactly one start.
    rec->clear();
    auto const starts = emu.stats().runs_started;
    emu.inject(status_fault("run-workflow", 503));
    amperity::call_options five{.retry = amperity::retry_policy{.max_attempts = 5}};
    ec = run_one(io, [&](auto h) {
        c.async_run_workflow(amperity::run_request{amperity::courier_group_id{"cg-obs"}}, five, h);
    });
    BOOST_TEST(ec == errc::outcome_unknown);
    BOOST_TEST(emu.stats().runs_started - starts == 1u);
    BOOST_TEST(rec->attempts.size() == 1u);
    BOOST_TEST(rec->retries.empty());
    BOOST_REQUIRE_EQUAL(rec->outcomes.size(), 1u);
    BOOST_TEST(rec->outcomes[0].kind == condition::outcome_unknown);
    BOOST_TEST(rec->outcomes[0].error == errc::outcome_unknown);
    BOOST_TEST(rec->outcomes[0].attempts == 1u);

    // 3. A 404: not retried.
    ec = run_one(io, [&](auto h) { c.async_get_workflow({.workflow_id = "wf-missing"}, h); });
    BOOST_TEST(ec == errc::http_not_found);

    auto const s = metrics->snapshot();
    BOOST_TEST(s.calls == 3u);
    BOOST_TEST(s.failed_calls == 2u);
    BOOST_TEST(s.attempts == 4u); // 2 + 1 + 1
    BOOST_TEST(s.retries == 1u);
    BOOST_TEST(s.retries_for(errc::http_service_unavailable) == 1u);
    BOOST_TEST(s.outcome_unknown == 1u);
    BOOST_TEST(s.errors(condition::outcome_unknown) == 1u);
    BOOST_TEST(s.errors(condition::api_client_error) == 1u);
    std::uint64_t in_buckets = 0;
    for (auto n : s.latency_buckets) in_buckets += n;
    BOOST_TEST(in_buckets == 3u);
    BOOST_TEST(s.latency_sum_us > 0u);
    auto const text = metrics->to_prometheus();
    BOOST_TEST(text.find("amperity_calls_total 3\n") != std::string::npos, text);
    BOOST_TEST(text.find("amperity_outcome_unknown_total 1\n") != std::string::npos, text);

    // Every JSON line (both clients, the OAuth token fetch included) parses, and none holds
    // the static token or the client secret.
    BOOST_TEST(json.size() > 10u);
    bool saw_retry = false, saw_unknown = false;
    for (auto const& line : json) {
        BOOST_TEST_CONTEXT(line) {
            capture(line);
            boost::system::error_code jec;
            auto v = boost::json::parse(line, jec);
            BOOST_REQUIRE(!jec);
            BOOST_TEST(line.find(static_token) == std::string::npos);
            BOOST_TEST(line.find(client_secret_value) == std::string::npos);
            BOOST_TEST(line.find("Bearer") == std::string::npos);
            auto const& o = v.as_object();
            if (o.at("event").as_string() == "retry") saw_retry = true;
            if (o.at("event").as_string() == "outcome" &&
                o.at("kind").as_string() == "outcome_unknown")
                saw_unknown = true;
        }
    }
    BOOST_TEST(saw_retry);
    BOOST_TEST(saw_unknown);
}

// call_options::timeout is the call's deadline: shorter than the server's delay, the call ends
// with deadline_exceeded; the client's default (20 s) waits and succeeds.
BOOST_AUTO_TEST_CASE(per_call_timeout_overrides_the_client_default) {
    emulator emu;
    asio::io_context io;
    amperity::client c(io.get_executor(), emu.client_options());
    auto const id = start_run(io, c);
    fault slow{fault::kind::delay};
    slow.operation = "get-workflow";
    slow.delay = 800ms;
    slow.count = 2;
    emu.inject(slow);
    amperity::diagnostics diag;
    amperity::call_options quick{.timeout = 200ms, .diag = &diag};
    auto const t0 = std::chrono::steady_clock::now();
    auto ec = run_one(io, [&](auto h) { c.async_get_workflow({.workflow_id = id}, quick, h); });
    BOOST_TEST(ec == errc::deadline_exceeded, ec.message() << " / " << diag.detail);
    BOOST_TEST(diag.outcome == condition::deadline);
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < 700ms));
    ec = run_one(io, [&](auto h) { c.async_get_workflow({.workflow_id = id}, h); });
    BOOST_TEST(!ec, ec.message());
}

// call_options::retry overrides the client's policy in both directions.
BOOST_AUTO_TEST_CASE(per_call_retry_override) {
    emulator emu;
    asio::io_context io;
    auto opts = emu.client_options(); // max_attempts 3
    amperity::client c(io.get_executor(), opts);
    auto const id = start_run(io, c);

    emu.inject(status_fault("get-workflow", 503));
    amperity::diagnostics diag;
    amperity::call_options once{.retry = amperity::retry_policy{.max_attempts = 1}, .diag = &diag};
    auto ec = run_one(io, [&](auto h) { c.async_get_workflow({.workflow_id = id}, once, h); });
    BOOST_TEST(ec == errc::http_service_unavailable);
    BOOST_TEST(diag.attempts == 1u);

    auto single = opts;
    single.retry.max_attempts = 1;
    amperity::client s(io.get_executor(), single);
    emu.inject(status_fault("get-workflow", 503));
    amperity::call_options three{.retry = opts.retry, .diag = &diag};
    ec = run_one(io, [&](auto h) { s.async_get_workflow({.workflow_id = id}, three, h); });
    BOOST_TEST(!ec, ec.message());
    BOOST_TEST(diag.attempts == 2u);
    // The client's own policy is untouched by the override.
    emu.inject(status_fault("get-workflow", 503));
    ec = run_one(io, [&](auto h) { s.async_get_workflow({.workflow_id = id}, diag, h); });
    BOOST_TEST(ec == errc::http_service_unavailable);
    BOOST_TEST(diag.attempts == 1u);
}

// Extra headers and the trace context reach the server on every attempt, from every call
// shape (async, pager, collect, follow, sync).
BOOST_AUTO_TEST_CASE(headers_and_trace_context_reach_the_server) {
    auto log = std::make_shared<server_log>();
    auto eo = emulator::default_options();
    eo.log = [log](std::string_view line) {
        capture(std::string(line));
        std::lock_guard lock(log->m);
        log->lines.emplace_back(line);
    };
    eo.log_headers = {"traceparent", "tracestate", "x-correlation-id", "authorization"};
    emulator emu(eo);
    asio::io_context io;
    auto rec = std::make_shared<recorder>();
    auto opts = emu.client_options();
    opts.observer = rec;
    amperity::client c(io.get_executor(), opts);
    auto const id = start_run(io, c);
    log->take();

    amperity::call_options traced{.headers = {{"X-Correlation-Id", "corr-17"}},
                                  .traceparent = traceparent,
                                  .tracestate = "vendor=opaque"};
    emu.inject(status_fault("get-workflow", 503));
    auto ec = run_one(io, [&](auto h) { c.async_get_workflow({.workflow_id = id}, traced, h); });
    BOOST_TEST(!ec);
    auto lines = log->take();
    BOOST_REQUIRE_EQUAL(lines.size(), 2u); // the 503 and the retry
    for (auto const& l : lines) {
        BOOST_TEST(l.find(std::string("traceparent=") + traceparent) != std::string::npos, l);
        BOOST_TEST(l.find("tracestate=vendor=opaque") != std::string::npos, l);
        BOOST_TEST(l.find("x-correlation-id=corr-17") != std::string::npos, l);
        // log_headers asked for authorization too: its value is never shown.
        BOOST_TEST(l.find(static_token) == std::string::npos, l);
        BOOST_TEST(l.find("Bearer") == std::string::npos, l);
    }
    BOOST_TEST(rec->attempts.back().traceparent == traceparent);

    // Without them: nothing sent.
    ec = run_one(io, [&](auto h) { c.async_get_workflow({.workflow_id = id}, h); });
    BOOST_TEST(!ec);
    lines = log->take();
    BOOST_REQUIRE_EQUAL(lines.size(), 1u);
    BOOST_TEST(lines[0].find("traceparent=- tracestate=- x-correlation-id=-") != std::string::npos,
               lines[0]);

    // The other call shapes.
    auto pages = c.pages<amperity::list_workflows_operation>({.limit = 2});
    ec = run_one(io, [&](auto h) { pages.async_next(traced, h); });
    BOOST_TEST(!ec);
    ec = run_one(io, [&](auto h) {
        c.async_collect<amperity::list_workflows_operation>({.limit = 2},
                                                            amperity::collect_limits{.max_pages = 1},
                                                            traced, h);
    });
    BOOST_TEST((!ec || ec == errc::limit_reached), ec.message());
    amperity::follow_options fo;
    fo.initial_interval = 50ms;
    fo.timeout = 10s;
    ec = run_one(io, [&](auto h) { c.async_follow_workflow(id, fo, traced, h); });
    BOOST_TEST(!ec);
    lines = log->take();
    BOOST_TEST(lines.size() >= 3u);
    for (auto const& l : lines)
        BOOST_TEST(l.find("x-correlation-id=corr-17") != std::string::npos, l);

    amperity::sync_client sc(opts);
    auto wf = sc.get_workflow({.workflow_id = id}, traced);
    BOOST_TEST(wf.has_value());
    lines = log->take();
    BOOST_REQUIRE_EQUAL(lines.size(), 1u);
    BOOST_TEST(lines[0].find(std::string("traceparent=") + traceparent) != std::string::npos);
}

// A bad header or trace context is refused before anything is sent: the emulator sees no
// request, the error names the header, the observer sees an outcome with 0 attempts.
BOOST_AUTO_TEST_CASE(invalid_headers_are_refused_before_sending) {
    emulator emu;
    asio::io_context io;
    auto rec = std::make_shared<recorder>();
    auto opts = emu.client_options();
    opts.observer = rec;
    amperity::client c(io.get_executor(), opts);
    auto const id = start_run(io, c);
    rec->clear();

    struct bad_case {
        char const* name;
        amperity::call_options o;
        errc want;
        char const* named;
    };
    std::vector<bad_case> cases;
    cases.push_back({"authorization", {.headers = {{"authorization", "Bearer x"}}},
                     errc::invalid_header_name, "authorization"});
    cases.push_back({"tenant", {.headers = {{"Amperity-Tenant", "other"}}},
                     errc::invalid_header_name, "Amperity-Tenant"});
    cases.push_back({"crlf", {.headers = {{"x-a", "v\r\nX-Injected: 1"}}},
                     errc::invalid_header_value, "x-a"});
    cases.push_back({"empty name", {.headers = {{"", "v"}}}, errc::invalid_header_name,
                     "headers"});
    cases.push_back({"traceparent", {.traceparent = "00-xyz"}, errc::invalid_trace_context,
                     "traceparent"});
    cases.push_back({"tracestate", {.traceparent = traceparent, .tracestate = "a=b\nc"},
                     errc::invalid_trace_context, "tracestate"});
    for (auto& bc : cases) {
        BOOST_TEST_CONTEXT(bc.name) {
            auto const requests = emu.stats().requests;
            auto const starts = emu.stats().runs_started;
            amperity::diagnostics diag;
            bc.o.diag = &diag;
            auto ec = run_one(io, [&](auto h) { c.async_get_workflow({.workflow_id = id}, bc.o, h); });
            BOOST_TEST(ec == bc.want);
            BOOST_TEST(ec == condition::validation);
            BOOST_TEST(diag.outcome == condition::validation);
            BOOST_TEST(diag.detail.find(bc.named) != std::string::npos, diag.detail);
            BOOST_TEST(diag.attempts == 0u);
            ec = run_one(io, [&](auto h) {
                c.async_run_workflow(amperity::run_request{amperity::courier_group_id{"cg-obs"}},
                                     bc.o, h);
            });
            BOOST_TEST(ec == bc.want);
            BOOST_TEST(emu.stats().requests == requests);
            BOOST_TEST(emu.stats().runs_started == starts);
        }
    }
    BOOST_TEST(rec->attempts.empty());
    BOOST_TEST(rec->outcomes.size() == 2 * cases.size());
    for (auto const& o : rec->outcomes) {
        BOOST_TEST(o.attempts == 0u);
        BOOST_TEST(o.kind == condition::validation);
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_it
