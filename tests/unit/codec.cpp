#include <amperity/codec.hpp>

#include <amperity/model.hpp>

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

namespace amperity_unit {

using namespace amperity;

// The 200 example of the product page (post-workflow-runs), verbatim.
constexpr std::string_view product_page_example = R"({
  "task_instances":[],
  "id":"wf-123456A-78901-2bcd3e",
  "name":"Daily",
  "principal_name":"Run from Databricks",
  "principal_id":"abc-EFghIjKL1Mn",
  "type":"courier.group/run",
  "launched_version":"abc-123456A-78901-2bcd3",
  "state":"scheduled",
  "created_at":"2025-04-18T15:33:51.724Z",
  "tenant":"bridge",
  "current_version":"abc-123456A-78901-2bcd3"
})";

constexpr std::string_view verbose_example = R"({
  "id":"wf-20240619-14418-6UhqSe","state":"running with failures","type":"campaign.send",
  "tenant":"socktown","created_at":"2024-06-19T10:00:00.5Z","warn_after_ms":8.64e7,
  "brand_new_field":{"nested":[1,2,{"deep":null}]},
  "task_instances":[
    {"id":"wft-1","state":"succeeded","tenant":"socktown","timeout_ms":172800000,
     "execution_type":"spark-sql","created_at":"2024-06-19T10:00:01Z",
     "ended_at":"2024-06-19T10:05:00.123456Z"},
    {"id":"wft-2","state":"failed","tenant":"socktown","timeout_ms":172800000.0,
     "execution_type":"quantum","label":null,
     "error":{"type":"amperity.workflow.task.stitch/table","message":"boom",
              "attribution":"customer","data":{"error":{"message":"Job stopped.","data":null}}}}
  ],
  "error":{"type":"amperity.workflow.workflow.repository.core/cancel",
           "message":"Workflow manually stopped","request_id":"r-1"}
})";

BOOST_AUTO_TEST_SUITE(codec)

BOOST_AUTO_TEST_CASE(decodes_the_product_page_example) {
    auto r = decode<workflow>(product_page_example);
    BOOST_REQUIRE_MESSAGE(r.has_value(), r.error().message());
    workflow const& wf = *r;
    BOOST_TEST(wf.id == "wf-123456A-78901-2bcd3e");
    BOOST_TEST(wf.name.value() == "Daily");
    BOOST_TEST(wf.principal_name.value() == "Run from Databricks");
    BOOST_TEST(wf.type == "courier.group/run");
    BOOST_TEST((wf.state == workflow_state::scheduled));
    BOOST_TEST(wf.created_at.time_since_epoch().count() == 1744990431724);
    BOOST_TEST(wf.tenant == "bridge");
    BOOST_TEST(wf.task_instances.has_value());
    BOOST_TEST(wf.task_instances->empty());
    BOOST_TEST(!wf.ended_at.has_value());
    BOOST_TEST(!wf.error.has_value());
    BOOST_TEST(!wf.warn_after_ms.has_value());
}

BOOST_AUTO_TEST_CASE(decodes_a_verbose_workflow_leniently) {
    auto r = decode<workflow>(verbose_example);
    BOOST_REQUIRE_MESSAGE(r.has_value(), r.error().message());
    auto const& wf = *r;
    BOOST_TEST(!wf.name.has_value()); // optional here, required upstream
    BOOST_TEST(wf.warn_after_ms.value() == 86400000);
    BOOST_TEST((wf.state == workflow_state::running_with_failures));
    BOOST_TEST(wf.created_at.time_since_epoch().count() % 1000 == 500);
    BOOST_REQUIRE(wf.task_instances->size() == 2u);
    auto const& t0 = (*wf.task_instances)[0];
    auto const& t1 = (*wf.task_instances)[1];
    BOOST_TEST(t0.timeout_ms.value() == 172800000);
    BOOST_TEST(t1.timeout_ms.value() == 172800000);
    BOOST_TEST((t0.execution_type.value() == execution_type::spark_sql));
    BOOST_TEST(!t1.execution_type->is_known());
    BOOST_TEST(t1.execution_type->wire() == "quantum");
    // 123456 microseconds: floored to milliseconds.
    BOOST_TEST(t0.ended_at->time_since_epoch().count() % 1000 == 123);
    BOOST_TEST(!t1.label.has_value()); // null means absent
    BOOST_REQUIRE(t1.error.has_value());
    BOOST_TEST((t1.error->attribution.value() == error_attribution::customer));
    BOOST_TEST(t1.error->data.value().at("error").at("message").as_string() == "Job stopped.");
    BOOST_TEST(wf.error->message == "Workflow manually stopped");
}

BOOST_AUTO_TEST_CASE(round_trips_through_encode) {
    for (auto doc : {product_page_example, verbose_example}) {
        auto a = decode<workflow>(doc);
        BOOST_REQUIRE(a.has_value());
        std::string const json = encode(*a);
        auto b = decode<workflow>(json);
        BOOST_REQUIRE_MESSAGE(b.has_value(), b.error().message());
        BOOST_TEST((*a == *b));
        BOOST_TEST(encode(*b) == json);
        // Unknown fields are not carried over; unknown enum values are, byte for byte.
        BOOST_TEST(json.find("brand_new_field") == std::string::npos);
    }
    auto v = decode<workflow>(verbose_example);
    BOOST_TEST(encode(*v).find(R"("state":"running with failures")") != std::string::npos);
    BOOST_TEST(encode(*v).find(R"("execution_type":"quantum")") != std::string::npos);
}

struct failing {
    std::string_view json;
    errc code;
    std::string_view message;
};

BOOST_AUTO_TEST_CASE(errors_name_the_json_path_and_the_expectation) {
    failing const cases[] = {
        {R"({"id":"x","state":"s","type":"t","tenant":"x","created_at":"2025-04-18T15:33:51Z",
            "task_instances":[{"id":"a","state":"b","tenant":"c"},{"id":"a","state":"b","tenant":"c"},
            {"id":"a","state":"b","tenant":"c"},{"id":"a","state":"b","tenant":"c","timeout_ms":"1"}]})",
         errc::unexpected_type, "$.task_instances[3].timeout_ms: expected an integer, got a string"},
        {R"({"id":"x","state":"s","type":"t","tenant":"x","created_at":"2025-04-18T15:33:51Z",
            "task_instances":[{"id":"a","state":"b","tenant":"c","timeout_ms":1.5}]})",
         errc::number_out_of_range,
         "$.task_instances[0].timeout_ms: expected an integer, got a number with a fractional part"},
        {R"({"id":"x","state":"s","type":"t","created_at":"2025-04-18T15:33:51Z"})",
         errc::missing_field, "$.tenant: missing required field (expected a string)"},
        {R"({"id":"x","state":"s","type":"t","tenant":null,"created_at":"2025-04-18T15:33:51Z"})",
         errc::missing_field, "$.tenant: missing required field (expected a string)"},
        {R"({"id":"x","state":"s","type":"t","tenant":"x","created_at":"2025-13-18T15:33:51Z"})",
         errc::invalid_timestamp,
         R"($.created_at: expected an ISO 8601 date-time such as 2025-04-18T15:33:51.724Z, got )"
         R"("2025-13-18T15:33:51Z" (month must be 01-12 at character 5))"},
        {R"({"id":"x","state":7,"type":"t","tenant":"x","created_at":"2025-04-18T15:33:51Z"})",
         errc::unexpected_type, "$.state: expected a string, got an integer"},
        {R"([1,2])", errc::unexpected_type, "$: expected an object, got an array"},
        {R"({"id":"x",)", errc::invalid_json, ""},
        {"", errc::invalid_json, "$: invalid JSON: empty input"},
        {R"({} {})", errc::invalid_json,
         "$: invalid JSON: unexpected characters after the document at byte 3"},
    };
    for (auto const& c : cases) {
        auto r = decode<workflow>(c.json);
        BOOST_TEST_CONTEXT(c.json) {
            BOOST_REQUIRE(!r.has_value());
            BOOST_TEST(r.error().value() == c.code);
            if (!c.message.empty()) BOOST_TEST(r.error().message() == c.message);
        }
    }
}

BOOST_AUTO_TEST_CASE(list_envelope_and_nested_paths) {
    auto r = decode<workflow_list>(R"({"data":[{"id":"a","state":"running","type":"t",
        "tenant":"x","created_at":"2025-04-18T15:33:51Z"},{"id":"b","state":"running",
        "type":"t","tenant":"x","created_at":"2025-04-18T15:33:51Z","error":{"type":"x"}}]})");
    BOOST_REQUIRE(!r.has_value());
    BOOST_TEST(r.error().message() ==
               "$.data[1].error.message: missing required field (expected a string)");
    auto ok = decode<workflow_list>(R"({"data":[],"next_token":null,"total":0})");
    BOOST_REQUIRE(ok.has_value());
    BOOST_TEST(!ok->next_token.has_value());
    BOOST_TEST(ok->total.value() == 0);
}

BOOST_AUTO_TEST_CASE(error_bodies_accept_documented_and_unknown_fields) {
    auto r = decode<error_response>(
        R"({"status":400,"message":"Error updating database: Cannot find campaign named 'CampaignName'",
            "request_id":"1ab23456-c78d-9012-3456-78efg9hi01j2",
            "trace_id":"1a2b3456789cd0ef1g234hijklm5nopq","extra":[1]})");
    BOOST_REQUIRE_MESSAGE(r.has_value(), r.error().message());
    BOOST_TEST(r->status == 400);
    BOOST_TEST(r->request_id.value() == "1ab23456-c78d-9012-3456-78efg9hi01j2");
    BOOST_TEST(r->trace_id.value() == "1a2b3456789cd0ef1g234hijklm5nopq");
}

BOOST_AUTO_TEST_CASE(closed_enums_in_bodies_must_be_known) {
    auto ok = decode<workflow_run_request>(R"({"config_id":"cg-1","run_mode":"full"})");
    BOOST_REQUIRE(ok.has_value());
    BOOST_TEST((ok->run_mode == run_mode::full));
    auto bad = decode<workflow_run_request>(R"({"config_id":"cg-1","run_mode":"sauce"})");
    BOOST_REQUIRE(!bad.has_value());
    BOOST_TEST(bad.error().message() ==
               R"($.run_mode: expected one of "source", "refresh", "full", got "sauce")");
}

BOOST_AUTO_TEST_CASE(ingest_job_details_decode) {
    auto r = decode<ingest_job_details>(R"({"id":"isj-20240827-54061-2l6XhD","workflow_id":"wf-1",
        "tables":[{"feed_id":"df-1","job_id":"isj-1","table_name":"t","state":"succeeded","read":10,
        "errors":0,"rejected":0,"inserted":9,"updated":1,"started_at":"2024-08-27T00:00:00Z",
        "ended_at":"2024-08-27T00:01:00Z","files":[{"file_id":"f","read":10,"errors":0}]}]})");
    BOOST_REQUIRE_MESSAGE(r.has_value(), r.error().message());
    BOOST_TEST(r->tables.at(0).files.at(0).read == 10);
    BOOST_TEST(r->tables.at(0).inserted == 9);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
