#include <amperity/operation.hpp>

#include <amperity/model.hpp>

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <tuple>
#include <type_traits>

namespace amperity_unit {

using namespace amperity;

template <class Op>
bool has_param(std::string_view wire, param_location where, bool required) {
    for (auto const& p : Op::parameters)
        if (p.wire == wire) return p.location == where && p.required == required;
    return false;
}

BOOST_AUTO_TEST_SUITE(operations)

BOOST_AUTO_TEST_CASE(all_nine_operations_are_described) {
    static_assert(std::tuple_size_v<all_operations> == 9);
    std::set<std::string> ids;
    std::apply(
        [&](auto... ops) {
            ((void)ops, ...);
            (ids.insert(std::string(decltype(ops)::operation_id)), ...);
            static_assert((operation_descriptor<decltype(ops)> && ...));
        },
        all_operations{});
    std::set<std::string> const expected{"list-events",   "list-campaign", "list-segment",
                                         "list-ingest-jobs", "get-ingest-job", "list-workflows",
                                         "run-workflow",  "get-workflow",  "stop-workflow"};
    BOOST_TEST((ids == expected));
}

BOOST_AUTO_TEST_CASE(run_workflow_is_not_idempotent) {
    using op = run_workflow_operation;
    static_assert(!op::idempotent);
    static_assert(op::method == "POST");
    static_assert(op::path_template == "/workflow/runs");
    static_assert(op::success_status == 201);
    static_assert(std::is_same_v<op::request_type, workflow_run_request>);
    static_assert(std::is_same_v<op::response_type, workflow>);
    BOOST_TEST(has_param<op>("api-version", param_location::header, true));
    BOOST_TEST(has_param<op>("amperity-tenant", param_location::header, true));
}

BOOST_AUTO_TEST_CASE(every_other_operation_is_idempotent) {
    std::apply(
        [](auto... ops) {
            auto check = [](auto op) {
                using Op = decltype(op);
                BOOST_TEST(Op::idempotent == (Op::operation_id != "run-workflow"),
                           Op::operation_id);
            };
            (check(ops), ...);
        },
        all_operations{});
}

BOOST_AUTO_TEST_CASE(workflow_operations_match_the_spec) {
    static_assert(get_workflow_operation::method == "GET");
    static_assert(get_workflow_operation::path_template == "/workflow/runs/{workflow-id}");
    static_assert(std::is_same_v<get_workflow_operation::request_type, void>);
    static_assert(std::is_same_v<decltype(get_workflow_params::workflow_id), std::string>);
    static_assert(std::is_same_v<decltype(get_workflow_params::view), std::optional<workflow_view>>);
    BOOST_TEST(has_param<get_workflow_operation>("workflow-id", param_location::path, true));
    BOOST_TEST(has_param<get_workflow_operation>("view", param_location::query, false));

    static_assert(stop_workflow_operation::method == "POST");
    static_assert(stop_workflow_operation::path_template == "/workflow/runs/{workflow-id}/stop");
    static_assert(stop_workflow_operation::success_status == 200);

    using lw = list_workflows_operation;
    static_assert(lw::paginated);
    static_assert(std::is_same_v<lw::response_type, workflow_list>);
    for (auto name : {"created_from", "created_to", "ended_from", "ended_to", "state", "type",
                      "limit", "next_token", "with_total"})
        BOOST_TEST(has_param<lw>(name, param_location::query, false), name);
    static_assert(std::is_same_v<decltype(list_workflows_params::created_from),
                                 std::optional<date_or_time>>);
    static_assert(std::is_same_v<decltype(list_workflows_params::limit), std::optional<std::int64_t>>);
}

BOOST_AUTO_TEST_CASE(ingest_jobs_take_a_required_window_and_do_not_page) {
    using op = list_ingest_jobs_operation;
    static_assert(!op::paginated);
    BOOST_TEST(has_param<op>("created_from", param_location::query, true));
    BOOST_TEST(has_param<op>("created_to", param_location::query, true));
    static_assert(std::is_same_v<decltype(list_ingest_jobs_params::created_from), date_or_time>);
    static_assert(get_ingest_job_operation::path_template == "/ingest/jobs/{job-id}");
}

BOOST_AUTO_TEST_CASE(api_version_and_servers_come_from_the_spec) {
    BOOST_TEST(api_version == "2024-04-01");
    BOOST_TEST(servers.size() == 3u);
    BOOST_TEST(servers[0] == "https://app.amperity.com/api");
}

BOOST_AUTO_TEST_CASE(params_structs_encode_with_wire_names) {
    list_workflows_params p;
    p.state = "succeeded";
    p.limit = 12;
    p.with_total = true;
    BOOST_TEST(encode(p) == R"({"limit":12,"with_total":true,"state":"succeeded"})");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
