// Included first: proves the header is self-contained.
#include <amperity/observers.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace amperity_unit {

namespace {

using namespace std::chrono_literals;
using amperity::condition;
using amperity::errc;

// A call as the client reports it: 503, retry, 200.
template <class Observer>
void replay_503_then_200(Observer& o, std::uint64_t id, std::string_view odd_text = {}) {
    amperity::attempt_event a;
    a.operation = "get-workflow";
    a.call_id = id;
    a.method = "GET";
    a.path_template = "/workflow/runs/{workflow-id}";
    a.target = "/api/workflow/runs/wf-\"quoted\"\\";
    a.attempt = 1;
    a.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    o.on_attempt(a);
    amperity::response_event r;
    r.operation = a.operation;
    r.call_id = id;
    r.attempt = 1;
    r.status = 503;
    r.error = amperity::make_error_code(errc::http_service_unavailable);
    r.latency = 1500us;
    r.request_id = "req-1";
    r.bytes = 87;
    o.on_response(r);
    amperity::retry_event t;
    t.operation = a.operation;
    t.call_id = id;
    t.attempt = 1;
    t.reason = r.error;
    t.kind = condition::api_server_error;
    t.text = odd_text.empty() ? std::string_view("the server answered 503") : odd_text;
    t.delay = 120ms;
    o.on_retry(t);
    a.attempt = 2;
    o.on_attempt(a);
    r.attempt = 2;
    r.status = 200;
    r.error = {};
    o.on_response(r);
    amperity::outcome_event e;
    e.operation = a.operation;
    e.call_id = id;
    e.attempts = 2;
    e.status = 200;
    e.latency = 130ms;
    o.on_outcome(e);
}

amperity::outcome_event outcome(errc code, condition kind, std::chrono::microseconds latency) {
    amperity::outcome_event e;
    e.operation = "run-workflow";
    e.call_id = 9;
    e.error = amperity::make_error_code(code);
    e.kind = kind;
    e.attempts = 1;
    e.latency = latency;
    return e;
}

} // namespace

BOOST_AUTO_TEST_SUITE(observers)

BOOST_AUTO_TEST_CASE(json_lines_are_valid_json_one_per_event) {
    std::vector<std::string> lines;
    amperity::json_lines_observer o([&](std::string_view l) { lines.emplace_back(l); });
    // Control characters, quotes, backslashes and invalid UTF-8 in a text: still valid JSON.
    replay_503_then_200(o, 7, "odd \"text\"\\ with\r\nnewline\x01 and \xff");
    BOOST_REQUIRE_EQUAL(lines.size(), 6u);
    char const* kinds[] = {"attempt", "response", "retry", "attempt", "response", "outcome"};
    for (std::size_t i = 0; i < lines.size(); ++i) {
        BOOST_TEST_CONTEXT(lines[i]) {
            BOOST_TEST(lines[i].find('\n') == std::string::npos);
            boost::system::error_code ec;
            auto v = boost::json::parse(lines[i], ec);
            BOOST_REQUIRE(!ec);
            auto const& obj = v.as_object();
            BOOST_TEST(obj.at("event").as_string() == kinds[i]);
            BOOST_TEST(obj.at("operation").as_string() == "get-workflow");
            BOOST_TEST(obj.at("call_id").to_number<std::uint64_t>() == 7u);
        }
    }
    auto retry = boost::json::parse(lines[2]).as_object();
    BOOST_TEST(retry.at("delay_ms").to_number<std::int64_t>() == 120);
    BOOST_TEST(retry.at("kind").as_string() == "api_server_error");
    BOOST_TEST(retry.at("reason").as_string() == "503 Service Unavailable");
    auto response = boost::json::parse(lines[1]).as_object();
    BOOST_TEST(response.at("status").to_number<unsigned>() == 503u);
    BOOST_TEST(response.at("request_id").as_string() == "req-1");
    BOOST_TEST(response.at("latency_ms").to_number<double>() == 1.5);
    // The invalid byte became U+FFFD; the rest is kept.
    BOOST_TEST(retry.at("text").as_string() ==
               "odd \"text\"\\ with\r\nnewline\x01 and \xEF\xBF\xBD");
    BOOST_TEST(amperity::detail::valid_utf8("ok \xc3\xa9 \xed\xa0\x80 \xf4\x90\x80\x80 \xc0\xaf") ==
               "ok \xc3\xa9 \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD "
               "\xEF\xBF\xBD\xEF\xBF\xBD");
    auto attempt = boost::json::parse(lines[0]).as_object();
    BOOST_TEST(attempt.at("target").as_string() == "/api/workflow/runs/wf-\"quoted\"\\");
    auto done = boost::json::parse(lines[5]).as_object();
    BOOST_TEST(!done.contains("error"));
    BOOST_TEST(done.at("kind").as_string() == "none");
    BOOST_TEST(done.at("attempts").to_number<unsigned>() == 2u);
}

BOOST_AUTO_TEST_CASE(metrics_count_a_known_sequence) {
    amperity::metrics_observer m;
    replay_503_then_200(m, 1);                                           // 2 attempts, 1 retry
    m.on_outcome(outcome(errc::outcome_unknown, condition::outcome_unknown, 3ms));
    m.on_outcome(outcome(errc::http_not_found, condition::api_client_error, 40s));
    auto s = m.snapshot();
    BOOST_TEST(s.calls == 3u);
    BOOST_TEST(s.failed_calls == 2u);
    BOOST_TEST(s.attempts == 2u);
    BOOST_TEST(s.retries == 1u);
    BOOST_TEST(s.retries_for(errc::http_service_unavailable) == 1u);
    BOOST_TEST(s.retries_for(errc::http_bad_gateway) == 0u);
    BOOST_TEST(s.outcome_unknown == 1u);
    BOOST_TEST(s.errors(condition::outcome_unknown) == 1u);
    BOOST_TEST(s.errors(condition::api_client_error) == 1u);
    BOOST_TEST(s.errors(condition::none) == 0u);
    // 130 ms -> le 250; 3 ms -> le 5; 40 s -> +Inf.
    BOOST_TEST(s.latency_buckets[0] == 1u);
    BOOST_TEST(s.latency_buckets[5] == 1u);
    BOOST_TEST(s.latency_buckets.back() == 1u);
    BOOST_TEST(s.latency_sum_us == 40'133'000u);

    auto text = m.to_prometheus();
    BOOST_TEST_MESSAGE(text);
    for (char const* line : {
             "amperity_calls_total 3\n",
             "amperity_attempts_total 2\n",
             "amperity_retries_total{reason=\"http_service_unavailable\"} 1\n",
             "amperity_retries_total{reason=\"other\"} 0\n",
             "amperity_outcome_unknown_total 1\n",
             "amperity_call_errors_total{condition=\"api_client_error\"} 1\n",
             "amperity_call_duration_seconds_bucket{le=\"0.005\"} 1\n",
             "amperity_call_duration_seconds_bucket{le=\"0.1\"} 1\n",
             "amperity_call_duration_seconds_bucket{le=\"0.25\"} 2\n",
             "amperity_call_duration_seconds_bucket{le=\"30\"} 2\n",
             "amperity_call_duration_seconds_bucket{le=\"+Inf\"} 3\n",
             "amperity_call_duration_seconds_sum 40.133\n",
             "amperity_call_duration_seconds_count 3\n",
             "# TYPE amperity_call_duration_seconds histogram\n",
         })
        BOOST_TEST(text.find(line) != std::string::npos, line);
}

BOOST_AUTO_TEST_CASE(connection_facts_are_counted_and_logged) {
    amperity::metrics_observer m;
    std::vector<std::string> lines;
    amperity::json_lines_observer log([&](std::string_view l) { lines.emplace_back(l); });
    amperity::response_event fresh;                    // a new connection, full handshake
    amperity::response_event resumed;
    resumed.connection.tls_resumed = true;
    amperity::response_event pooled;
    pooled.connection.reused = true;
    amperity::response_event replaced;                 // a stale pooled one, then a fresh one
    replaced.connection.replaced = 1;
    replaced.connection.tls_resumed = true;
    for (auto const* e : {&fresh, &resumed, &pooled, &pooled, &replaced}) {
        m.on_response(*e);
        log.on_response(*e);
    }
    auto s = m.snapshot();
    BOOST_TEST(s.connections_reused == 2u);
    BOOST_TEST(s.tls_resumptions == 2u);
    BOOST_TEST(s.connections_replaced == 1u);
    auto text = m.to_prometheus();
    for (char const* line : {"amperity_connections_reused_total 2\n",
                             "amperity_tls_resumptions_total 2\n",
                             "amperity_connections_replaced_total 1\n"})
        BOOST_TEST(text.find(line) != std::string::npos, line);
    BOOST_REQUIRE_EQUAL(lines.size(), 5u);
    auto first = boost::json::parse(lines[0]).as_object();
    BOOST_TEST(!first.contains("connection_reused")); // false flags are left out
    BOOST_TEST(!first.contains("tls_resumed"));
    BOOST_TEST(!first.contains("connection_replaced"));
    BOOST_TEST(boost::json::parse(lines[2]).as_object().at("connection_reused").as_bool());
    auto last = boost::json::parse(lines[4]).as_object();
    BOOST_TEST(last.at("tls_resumed").as_bool());
    BOOST_TEST(last.at("connection_replaced").to_number<unsigned>() == 1u);
}

BOOST_AUTO_TEST_CASE(metrics_can_be_read_while_another_thread_counts) {
    amperity::metrics_observer m;
    std::thread writer([&] {
        for (int i = 0; i < 2000; ++i) m.on_outcome(outcome(errc::ok, condition::none, 1ms));
    });
    std::uint64_t last = 0;
    for (int i = 0; i < 200; ++i) {
        auto now = m.snapshot().calls;
        BOOST_TEST(now >= last); // counters never go back
        last = now;
        (void)m.to_prometheus();
    }
    writer.join();
    BOOST_TEST(m.snapshot().calls == 2000u);
    BOOST_TEST(m.snapshot().failed_calls == 0u);
}

BOOST_AUTO_TEST_CASE(observer_list_fans_out_and_survives_a_throwing_observer) {
    struct thrower : amperity::observer {
        void on_outcome(amperity::outcome_event const&) override {
            throw std::runtime_error("sink broken");
        }
    };
    auto m1 = std::make_shared<amperity::metrics_observer>();
    auto m2 = std::make_shared<amperity::metrics_observer>();
    amperity::observer_list list{m1, std::make_shared<thrower>(), nullptr, m2};
    BOOST_CHECK_NO_THROW(list.on_outcome(outcome(errc::ok, condition::none, 1ms)));
    BOOST_TEST(m1->snapshot().calls == 1u);
    BOOST_TEST(m2->snapshot().calls == 1u);
}

BOOST_AUTO_TEST_CASE(condition_names_are_distinct) {
    std::set<std::string_view> seen;
    for (int c = 0; c <= static_cast<int>(condition::other); ++c)
        BOOST_TEST(seen.insert(amperity::condition_name(static_cast<condition>(c))).second);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
