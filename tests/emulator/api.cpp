// The emulator's API logic through detail::api, without sockets: routing, the parameter errors
// every operation answers, the handlers' results, OAuth and the control endpoints.
#include "api.hpp"

#include <amperity/model.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <vector>

namespace amperity_emulator_test {

namespace emu = amperity::emulator;
using emu::detail::response;

/// A fresh api with the default options, and a way to send it requests.
struct fixture {
    emu::options opts;
    emu::detail::api api{opts};

    response send(std::string method, std::string target, std::string body = {},
                  std::vector<std::pair<std::string, std::string>> headers = authorized()) {
        auto const p = api.begin(method, target);
        return api.handle(
            {std::move(method), std::move(target), std::move(headers), std::move(body)}, p);
    }

    response get(std::string target) { return send("GET", std::move(target)); }

    static std::vector<std::pair<std::string, std::string>> authorized() {
        return {{"authorization", "Bearer emulator-token"},
                {"amperity-tenant", "acme"},
                {"api-version", "2024-04-01"}};
    }

    std::string start_run(std::string const& config_id) {
        auto headers = authorized();
        headers.emplace_back("content-type", "application/json");
        auto r =
            send("POST", "/api/workflow/runs", R"({"config_id":")" + config_id + R"("})", headers);
        BOOST_TEST_REQUIRE(r.status == 201u);
        return amperity::decode<amperity::workflow>(r.body)->id;
    }
};

/// The message of an error_response body ("" when the body is not one).
std::string message_of(response const& r) {
    auto e = amperity::decode<amperity::error_response>(r.body);
    return e ? e->message : std::string();
}

std::string header_of(response const& r, std::string_view name) {
    for (auto const& [n, v] : r.headers)
        if (n == name)
            return v;
    return {};
}

struct bad_request_case {
    char const* target;
    char const* message;
};

// Every 400 the parameters of an operation can cause, with the exact message.
bad_request_case const bad_requests[] = {
    {"/api/workflow/runs?limit=abc", R"(limit: expected an integer from 1 to 1000, got "abc")"},
    {"/api/workflow/runs?limit=0", R"(limit: expected an integer from 1 to 1000, got "0")"},
    {"/api/workflow/runs?limit=1001", R"(limit: expected an integer from 1 to 1000, got "1001")"},
    {"/api/workflow/runs?limit=-1", R"(limit: expected an integer from 1 to 1000, got "-1")"},
    {"/api/workflow/runs?limit=", R"(limit: expected an integer from 1 to 1000, got "")"},
    {"/api/workflow/runs?limit=99999999999999999999",
     R"(limit: expected an integer from 1 to 1000, got "99999999999999999999")"},
    {"/api/workflow/runs?next_token=bogus", R"(next_token: unknown or expired token "bogus")"},
    {"/api/workflow/runs?with_total=yes", R"(with_total: expected true or false, got "yes")"},
    {"/api/workflow/runs?created_from=2024-13-01",
     R"(created_from: "2024-13-01" is not a date (YYYY-MM-DD) or date-time (month must be 01-12))"},
    {"/api/workflow/runs?ended_to=soon",
     R"(ended_to: "soon" is not a date (YYYY-MM-DD) or date-time )"
     "(year must be four digits 0000-9999)"},
    {"/api/workflow/runs/wf-1?view=full", R"(view: "full" is not one of "overview", "verbose")"},
    {"/api/audit-events?happened_from=x",
     R"(happened_from: "x" is not a date (YYYY-MM-DD) or date-time )"
     "(year must be four digits 0000-9999)"},
    {"/api/audit-events?limit=2000", R"(limit: expected an integer from 1 to 1000, got "2000")"},
    {"/api/campaigns?with_total=1", R"(with_total: expected true or false, got "1")"},
    {"/api/segments?next_token=1.abc", R"(next_token: unknown or expired token "1.abc")"},
    // Required parameters are missing by name, from the generated tables.
    {"/api/ingest/jobs", "created_from: missing required query parameter"},
    {"/api/ingest/jobs?created_from=2026-01-01", "created_to: missing required query parameter"},
    {"/api/ingest/jobs?created_from=2026-01-02&created_to=2026-01-01",
     "created_to must be later than created_from"},
    {"/api/ingest/jobs?created_from=2026-01-01&created_to=2026-01-09",
     "created_to must be at most 7 days after created_from"},
    {"/api/ingest/jobs?created_from=2026-01-01&created_to=2026-01-02&with_total=no",
     R"(with_total: expected true or false, got "no")"},
    {"/api/segments?limit=%zz", "malformed query string (bad percent-encoding)"},
};

BOOST_AUTO_TEST_SUITE(emulator_api)

BOOST_AUTO_TEST_CASE(parameter_errors_are_400_with_the_parameter_named) {
    fixture f;
    for (auto const& c : bad_requests) {
        BOOST_TEST_CONTEXT(c.target) {
            auto const r = f.get(c.target);
            BOOST_TEST(r.status == 400u);
            BOOST_TEST(message_of(r) == c.message);
        }
    }
}

BOOST_AUTO_TEST_CASE(authentication_comes_before_parameters) {
    fixture f;
    auto const r = f.send("GET", "/api/workflow/runs?limit=abc", {}, {});
    BOOST_TEST(r.status == 401u);
    BOOST_TEST(message_of(r) ==
               R"(missing Authorization header; expected "Bearer <access token>")");
}

BOOST_AUTO_TEST_CASE(routing_answers_404_and_405_from_the_operation_list) {
    fixture f;
    auto r = f.get("/api/nowhere");
    BOOST_TEST(r.status == 404u);
    BOOST_TEST(message_of(r) == R"(no such resource: "/api/nowhere")");
    r = f.send("PUT", "/api/workflow/runs");
    BOOST_TEST(r.status == 405u);
    BOOST_TEST(header_of(r, "Allow") == "GET, POST");
    BOOST_TEST(message_of(r) ==
               R"(method PUT not allowed on "/api/workflow/runs"; allowed: GET, POST)");
    r = f.get("/api/workflow/runs/");
    BOOST_TEST(r.status == 404u); // an empty path parameter matches no template
    BOOST_TEST(f.api.begin("GET", "/api/workflow/runs/wf-1?view=verbose").operation ==
               "get-workflow");
    BOOST_TEST(f.api.begin("DELETE", "/api/workflow/runs/wf-1").operation == "unknown");
}

BOOST_AUTO_TEST_CASE(path_parameters_are_percent_decoded) {
    fixture f;
    auto const r = f.get("/api/ingest/jobs/isj%2D1AbCdEfGh");
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(amperity::decode<amperity::ingest_job_details>(r.body)->id == "isj-1AbCdEfGh");
    BOOST_TEST(message_of(f.get("/api/ingest/jobs/isj-none")) ==
               R"(ingest job "isj-none" not found)");
}

BOOST_AUTO_TEST_CASE(unknown_query_parameters_are_ignored) {
    fixture f;
    BOOST_TEST(f.get("/api/segments?colour=blue&limit=2").status == 200u);
}

BOOST_AUTO_TEST_CASE(api_version_may_come_as_a_query_parameter) {
    fixture f;
    auto headers = fixture::authorized();
    headers.pop_back();
    BOOST_TEST(f.send("GET", "/api/segments?api_version=2024-04-01", {}, headers).status == 200u);
    auto const r = f.send("GET", "/api/segments", {}, headers);
    BOOST_TEST(r.status == 400u);
    BOOST_TEST(message_of(r) == "missing api-version header (or api_version query parameter); "
                                "supported versions: 2024-04-01");
}

BOOST_AUTO_TEST_CASE(workflow_runs_start_list_get_and_stop) {
    fixture f;
    auto const first = f.start_run("cg-123ABc4DE");
    auto const second = f.start_run("og-failNightly");
    BOOST_TEST(first != second);

    auto r = f.get("/api/workflow/runs?limit=1&with_total=true");
    BOOST_TEST_REQUIRE(r.status == 200u);
    auto page = *amperity::decode<amperity::workflow_list>(r.body);
    BOOST_TEST((page.total == 2));
    BOOST_TEST_REQUIRE(page.data.size() == 1u);
    BOOST_TEST(page.data[0].id == second); // newest first
    BOOST_TEST_REQUIRE(page.next_token.has_value());
    r = f.get("/api/workflow/runs?limit=1&next_token=" + *page.next_token);
    page = *amperity::decode<amperity::workflow_list>(r.body);
    BOOST_TEST_REQUIRE(page.data.size() == 1u);
    BOOST_TEST(page.data[0].id == first);
    BOOST_TEST(!page.next_token.has_value());

    // A token is only good for the list it was made for.
    r = f.get("/api/segments?next_token=" +
              *amperity::decode<amperity::workflow_list>(f.get("/api/workflow/runs?limit=1").body)
                   ->next_token);
    BOOST_TEST(r.status == 400u);

    r = f.get("/api/workflow/runs?state=SCHEDULED&type=courier.group/run");
    page = *amperity::decode<amperity::workflow_list>(r.body);
    BOOST_TEST_REQUIRE(page.data.size() == 1u);
    BOOST_TEST(page.data[0].id == first);
    BOOST_TEST(amperity::decode<amperity::workflow_list>(
                   f.get("/api/workflow/runs?created_to=2000-01-01").body)
                   ->data.empty());
    BOOST_TEST(amperity::decode<amperity::workflow_list>(
                   f.get("/api/workflow/runs?ended_from=2000-01-01").body)
                   ->data.empty()); // neither has ended

    r = f.get("/api/workflow/runs/" + first);
    auto w = *amperity::decode<amperity::workflow>(r.body);
    BOOST_TEST(!w.task_instances.has_value());
    r = f.get("/api/workflow/runs/" + first + "?view=verbose");
    w = *amperity::decode<amperity::workflow>(r.body);
    BOOST_TEST(w.task_instances.has_value());

    r = f.send("POST", "/api/workflow/runs/" + first + "/stop");
    BOOST_TEST(r.status == 200u);
    w = *amperity::decode<amperity::workflow>(r.body);
    BOOST_TEST(w.state.wire() == "canceled");
    r = f.send("POST", "/api/workflow/runs/wf-none/stop");
    BOOST_TEST(r.status == 404u);
    BOOST_TEST(message_of(r) == R"(workflow run "wf-none" not found)");
    BOOST_TEST(f.api.get_stats().runs_started == 2u);
}

BOOST_AUTO_TEST_CASE(run_workflow_checks_its_body) {
    fixture f;
    auto r = f.send("POST", "/api/workflow/runs", R"({"config_id":"cg-123ABc4DE"})");
    BOOST_TEST(r.status == 400u);
    BOOST_TEST(message_of(r) == "Content-Type must be application/json");
    auto headers = fixture::authorized();
    headers.emplace_back("content-type", "application/json; charset=utf-8");
    r = f.send("POST", "/api/workflow/runs", R"({"config_id":"xx-1"})", headers);
    BOOST_TEST(r.status == 400u);
    BOOST_TEST(!message_of(r).empty());
    r = f.send("POST", "/api/workflow/runs", R"({"config_id":"cg-123ABc4DE"})", headers);
    BOOST_TEST(r.status == 201u);
    BOOST_TEST(header_of(r, "Location").starts_with("/api/workflow/runs/wf-"));
}

BOOST_AUTO_TEST_CASE(fixed_data_sets_page_and_filter) {
    fixture f;
    auto r = f.get("/api/audit-events?limit=5&with_total=true");
    auto events = *amperity::decode<amperity::audit_event_list>(r.body);
    BOOST_TEST(events.data.size() == 5u);
    BOOST_TEST((events.total == 7));
    BOOST_TEST_REQUIRE(events.next_token.has_value());
    r = f.get("/api/audit-events?next_token=" + *events.next_token);
    BOOST_TEST(amperity::decode<amperity::audit_event_list>(r.body)->data.size() == 2u);
    r = f.get("/api/audit-events?happened_to=2000-01-01");
    BOOST_TEST(amperity::decode<amperity::audit_event_list>(r.body)->data.empty());

    r = f.get("/api/campaigns?destination_data_template_id=ptg-1AaBbCcDd");
    BOOST_TEST(amperity::decode<amperity::campaign_list>(r.body)->data.size() == 2u);
    r = f.get("/api/segments?with_total=false");
    auto segments = *amperity::decode<amperity::segment_list>(r.body);
    BOOST_TEST(segments.data.size() == 4u);
    BOOST_TEST(!segments.total.has_value());

    r = f.get("/api/ingest/jobs?created_from=2000-01-01&created_to=2000-01-08&with_total=true");
    auto jobs = *amperity::decode<amperity::ingest_job_details_list>(r.body);
    BOOST_TEST(jobs.data.empty());
    BOOST_TEST((jobs.total == 0));
}

BOOST_AUTO_TEST_CASE(oauth_token_endpoint) {
    fixture f;
    std::vector<std::pair<std::string, std::string>> const form{
        {"content-type", "application/x-www-form-urlencoded"}, {"x-amperity-tenant", "acme"}};
    auto r = f.send("POST", "/api/v0/oauth2/token",
                    "grant_type=client_credentials&client_id=emulator-client&client_secret="
                    "emulator%2Dsecret",
                    form);
    BOOST_TEST_REQUIRE(r.status == 200u);
    auto const token = boost::json::parse(r.body).at("access_token").as_string();
    auto headers = fixture::authorized();
    headers[0].second = "Bearer " + std::string(token);
    BOOST_TEST(f.send("GET", "/api/segments", {}, headers).status == 200u);

    r = f.send("POST", "/api/v0/oauth2/token", "client_id=a&client_secret=b", form);
    BOOST_TEST(r.status == 400u);
    BOOST_TEST(r.body == R"({"error":"invalid_request","error_description":"missing grant_type"})");
    r = f.send("GET", "/api/v0/oauth2/token");
    BOOST_TEST(r.status == 405u);
    BOOST_TEST(f.api.get_stats().tokens_issued == 1u);
}

BOOST_AUTO_TEST_CASE(control_endpoints) {
    fixture f;
    auto r =
        f.send("POST", "/_emulator/faults", R"({"kind":"status","operation":"list-segment"})", {});
    BOOST_TEST(r.status == 201u);
    auto const p = f.api.begin("GET", "/api/segments");
    BOOST_TEST_REQUIRE(p.injected.has_value());
    BOOST_TEST(p.injected->status == 503u);
    r = f.send("POST", "/_emulator/faults", R"({"kind":"status","colour":1})", {});
    BOOST_TEST(r.status == 400u);
    BOOST_TEST(message_of(r) == R"(unknown field "colour"; known: kind, operation, status, )"
                                "retry_after, delay_ms, process, count");
    f.get("/api/segments");
    BOOST_TEST(f.send("GET", "/_emulator/stats", {}, {}).body.find(R"("list-segment":2)") !=
               std::string::npos);
    BOOST_TEST(f.send("POST", "/_emulator/reset", {}, {}).status == 200u);
    BOOST_TEST(f.api.get_stats().requests == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_emulator_test
