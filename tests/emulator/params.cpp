// The emulator's reading of requests through the generated tables (params.hpp) and the route
// table built from the operation list (routing.hpp).
#include "params.hpp"

#include "routing.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <set>
#include <string>

namespace amperity_emulator_test {

/// Every type and location a parameter can have, in one made-up operation.
struct probe_params {
    std::string id{};
    std::optional<std::int64_t> count{};
    std::optional<std::int64_t> limit{};
    std::optional<bool> flag{};
    std::optional<amperity::date_or_time> since{};
    std::optional<amperity::timestamp> at{};
    std::optional<amperity::workflow_view> view{};
    std::optional<amperity::workflow_state> state{};
    std::optional<std::string> trace{};
    amperity::date_or_time until{};
};

struct probe_operation {
    static constexpr std::string_view operation_id = "probe";
    static constexpr std::string_view method = "GET";
    static constexpr std::string_view path_template = "/probes/{probe-id}";
    static constexpr unsigned success_status = 200;
    static constexpr bool idempotent = true;
    static constexpr bool paginated = false;
    using params_type = probe_params;
    using request_type = void;
    using response_type = amperity::segment;
    static constexpr std::array<amperity::parameter_info, 10> parameters{{
        {"probe-id", amperity::param_location::path, true},
        {"count", amperity::param_location::query, false},
        {"limit", amperity::param_location::query, false},
        {"flag", amperity::param_location::query, false},
        {"since", amperity::param_location::query, false},
        {"at", amperity::param_location::query, false},
        {"view", amperity::param_location::query, false},
        {"state", amperity::param_location::query, false},
        {"X-Trace", amperity::param_location::header, false},
        {"until", amperity::param_location::query, true},
    }};
};

} // namespace amperity_emulator_test

template <>
struct amperity::detail::object_schema<amperity_emulator_test::probe_params> {
    using p = amperity_emulator_test::probe_params;
    static constexpr std::string_view name = "probe parameters";
    static constexpr auto fields = std::tuple{
        field<&p::id>{"probe-id", true},    field<&p::count>{"count", false},
        field<&p::limit>{"limit", false},   field<&p::flag>{"flag", false},
        field<&p::since>{"since", false},   field<&p::at>{"at", false},
        field<&p::view>{"view", false},     field<&p::state>{"state", false},
        field<&p::trace>{"X-Trace", false}, field<&p::until>{"until", true},
    };
};

namespace amperity_emulator_test {

using namespace amperity::emulator::detail;

struct probe {
    param_map path{{"probe-id", "p 1"}};
    param_map query{{"until", "2026-01-02"}};
    request req{"GET", "/", {{"x-trace", "t-1"}}, {}};

    amperity::validation_result<probe_params> parse() const {
        return parse_params<probe_operation>(req, path, query);
    }
    /// The message parsing fails with after setting query parameter `name` to `value`.
    std::string error_with(std::string const& name, std::string const& value) {
        query[name] = value;
        auto const r = parse();
        return r ? std::string("(parsed)") : r.error().message();
    }
};

BOOST_AUTO_TEST_SUITE(emulator_params)

BOOST_AUTO_TEST_CASE(every_type_from_every_location) {
    probe p;
    p.query = {{"count", "-42"},
               {"limit", "7"},
               {"flag", "false"},
               {"since", "2026-01-01"},
               {"at", "2026-01-01T10:00:00.250Z"},
               {"view", "verbose"},
               {"state", "Pondering"},
               {"until", "2026-01-02T00:00:00Z"},
               {"unknown", "ignored"}};
    auto const r = p.parse();
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->id == "p 1");
    BOOST_TEST((r->count == -42));
    BOOST_TEST((r->limit == 7));
    BOOST_TEST((r->flag == false));
    BOOST_TEST(amperity::format(*r->since) == "2026-01-01");
    BOOST_TEST(amperity::format_timestamp(*r->at) == "2026-01-01T10:00:00.250Z");
    BOOST_TEST((r->view == amperity::workflow_view::verbose));
    BOOST_TEST(r->state->wire() == "Pondering"); // an open enum keeps what it does not know
    BOOST_TEST(!r->state->is_known());
    BOOST_TEST((r->trace == "t-1"));
    BOOST_TEST(amperity::format(r->until) == "2026-01-02T00:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(absent_optional_parameters_stay_empty) {
    auto const r = probe{}.parse();
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(!r->count.has_value());
    BOOST_TEST(!r->view.has_value());
    BOOST_TEST(!r->state.has_value());
}

BOOST_AUTO_TEST_CASE(each_problem_names_its_parameter) {
    BOOST_TEST(probe{}.error_with("count", "1.5") == R"(count: expected an integer, got "1.5")");
    BOOST_TEST(probe{}.error_with("count", "+1") == R"(count: expected an integer, got "+1")");
    BOOST_TEST(probe{}.error_with("count", "99999999999999999999") ==
               R"(count: expected an integer, got "99999999999999999999")");
    BOOST_TEST(probe{}.error_with("limit", "0") ==
               R"(limit: expected an integer from 1 to 1000, got "0")");
    BOOST_TEST(probe{}.error_with("flag", "TRUE") == R"(flag: expected true or false, got "TRUE")");
    BOOST_TEST(probe{}.error_with("since", "2026-02-30") ==
               R"(since: "2026-02-30" is not a date (YYYY-MM-DD) or date-time (day does not )"
               "exist in that month)");
    BOOST_TEST(probe{}.error_with("at", "2026-01-01") ==
               R"(at: "2026-01-01" is not a date-time (expected the layout YYYY-MM-DDTHH:MM:SS))");
    BOOST_TEST(probe{}.error_with("view", "full") ==
               R"(view: "full" is not one of "overview", "verbose")");

    probe missing;
    missing.query.clear();
    auto const r = missing.parse();
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST(r.error().field() == "until");
    BOOST_TEST(r.error().message() == "until: missing required query parameter");
}

BOOST_AUTO_TEST_CASE(a_request_body_is_checked_as_the_client_checks_it) {
    using op = amperity::run_workflow_operation;
    request req{"POST", "/", {}, R"({"config_id":"cg-123ABc4DE"})"};
    BOOST_TEST(parse_body<op>(req).error() == "Content-Type must be application/json");
    req.headers.emplace_back("content-type", "Application/JSON; charset=utf-8");
    auto const ok = parse_body<op>(req);
    BOOST_TEST_REQUIRE(ok.has_value());
    BOOST_TEST(ok->config_id == "cg-123ABc4DE");
    req.body = "{";
    BOOST_TEST(parse_body<op>(req).error().starts_with("invalid request body: "));
    // Decodes, but breaks the spec's rules: the client's own message.
    req.body = R"({"config_id":"xx-1"})";
    auto const rules =
        amperity::validate(*amperity::decode<amperity::workflow_run_request>(req.body));
    BOOST_TEST_REQUIRE(!rules.has_value());
    BOOST_TEST(parse_body<op>(req).error() == rules.error().message());
}

BOOST_AUTO_TEST_CASE(the_route_table_is_the_operation_list) {
    auto const& routes = routes_of<amperity::all_operations>;
    static_assert(routes.size() == std::tuple_size_v<amperity::all_operations>);
    std::set<std::string_view> ids;
    for (auto const& r : routes) {
        ids.insert(r.operation_id);
        BOOST_TEST(r.invoke != nullptr);
    }
    BOOST_TEST(ids.size() == routes.size());
    auto const matches = match_routes("/workflow/runs/wf%2D1/stop");
    BOOST_TEST_REQUIRE(matches.size() == 1u);
    BOOST_TEST(matches[0].matched->operation_id == "stop-workflow");
    BOOST_TEST(matches[0].path_params.at("workflow-id") == "wf-1");
    BOOST_TEST(match_routes("/workflow/runs").size() == 2u); // GET list, POST run
    BOOST_TEST(match_routes("/workflow/runs/%zz").empty());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_emulator_test
