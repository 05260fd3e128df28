#include <amperity/run_request.hpp>

#include <amperity/model.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace amperity_unit {

using namespace amperity;

BOOST_AUTO_TEST_SUITE(run_request_suite)

BOOST_AUTO_TEST_CASE(courier_group_request_with_every_option) {
    constexpr auto req = run_request{courier_group_id{"cg-123ABc4DE"}}
                             .with_run_mode("source")
                             .with_range({"2024-06-01", "2024-06-08T12:00:00Z"});
    static_assert(req.mode() == run_mode::source);
    static_assert(req.range_from()->is_date_only());
    static_assert(!req.range_to()->is_date_only());
    BOOST_TEST(encode(req.to_wire()) ==
               R"({"config_id":"cg-123ABc4DE","range_from":"2024-06-01",)"
               R"("range_to":"2024-06-08T12:00:00.000Z","run_mode":"source"})");
    BOOST_TEST(validate(req.to_wire()).has_value());
}

BOOST_AUTO_TEST_CASE(minimal_requests_for_every_kind) {
    BOOST_TEST(encode(run_request{orchestration_group_id{"og-123ABc4DE"}}.to_wire()) ==
               R"({"config_id":"og-123ABc4DE"})");
    BOOST_TEST(encode(run_request{campaign_id{"cc-123ABc4DE"}}.to_wire()) ==
               R"({"config_id":"cc-123ABc4DE"})");
    auto single_day = run_request{courier_group_id{"cg-1"}}.with_range_from("2024-06-01");
    BOOST_TEST(encode(single_day.to_wire()) == R"({"config_id":"cg-1","range_from":"2024-06-01"})");
}

BOOST_AUTO_TEST_CASE(runtime_values_are_accepted_through_explicit_parses) {
    auto mode = parse_enum<run_mode>(std::string("full"));
    auto from = date_or_time::parse("2024-06-01T00:00:00+02:00");
    BOOST_REQUIRE(mode.has_value());
    BOOST_REQUIRE(bool(from));
    auto r = run_request{courier_group_id{"cg-1"}}.with_run_mode(*mode).with_range_from(from.value);
    BOOST_TEST(encode(r.to_wire()) ==
               R"({"config_id":"cg-1","range_from":"2024-05-31T22:00:00.000Z","run_mode":"full"})");
    auto range = time_range::make(date_or_time::parse("2024-06-02").value,
                                  date_or_time::parse("2024-06-01").value);
    BOOST_REQUIRE(!range.has_value());
    BOOST_TEST(range.error().value() == errc::invalid_order);
}

BOOST_AUTO_TEST_CASE(make_run_request_accepts_valid_text) {
    auto w = make_run_request({.config_id = "cg-2efo5X8vo",
                               .run_mode = "refresh",
                               .range_from = "2024-06-01",
                               .range_to = "2024-06-03"});
    BOOST_REQUIRE(w.has_value());
    BOOST_TEST(encode(*w) == R"({"config_id":"cg-2efo5X8vo","range_from":"2024-06-01",)"
                             R"("range_to":"2024-06-03","run_mode":"refresh"})");
    BOOST_TEST(make_run_request({.config_id = "og-1"}).has_value());
    BOOST_TEST(make_run_request({.config_id = "cc-1"}).has_value());
}

struct bad_case {
    run_request_fields fields;
    errc code;
    char const* message;
};

BOOST_AUTO_TEST_CASE(make_run_request_refuses_bad_text_with_clear_errors) {
    bad_case const cases[] = {
        {{.config_id = "xx-1"},
         errc::invalid_config_id,
         R"(config_id: "xx-1" does not start with a known prefix: "cg-" (courier group), )"
         R"("og-" (orchestration group), "cc-" (campaign))"},
        {{.config_id = ""}, errc::invalid_config_id, nullptr},
        {{.config_id = "cg-1\r\nHost: evil"}, errc::invalid_config_id, nullptr},
        {{.config_id = "og-1", .run_mode = "source"},
         errc::not_applicable_to_kind,
         R"(run_mode: applies to courier groups only; config_id "og-1" is of kind orchestration group)"},
        {{.config_id = "cc-1", .range_from = "2024-06-01"},
         errc::not_applicable_to_kind,
         R"(range_from: applies to courier groups only; config_id "cc-1" is of kind campaign)"},
        {{.config_id = "cg-1", .range_to = "2024-06-01"},
         errc::missing_dependency,
         "range_to: requires range_from to be set as well"},
        {{.config_id = "cg-1", .range_from = "2024-06-02", .range_to = "2024-06-01"},
         errc::invalid_order,
         "range_to: must be later than range_from"},
        {{.config_id = "cg-1", .range_from = "2024-06-01", .range_to = "2024-06-01"},
         errc::invalid_order,
         "range_to: must be later than range_from"},
        {{.config_id = "cg-1", .run_mode = "sauce"},
         errc::invalid_enum_value,
         R"(run_mode: "sauce" is not one of "source", "refresh", "full")"},
        {{.config_id = "cg-1", .range_from = "2024-02-30"}, errc::invalid_range, nullptr},
        {{.config_id = "cg-1", .range_from = "2024-06-01T10:00:00"},
         errc::invalid_range,
         R"(range_from: "2024-06-01T10:00:00" is not YYYY-MM-DD or an ISO 8601 date-time )"
         R"((missing 'Z' or numeric UTC offset at character 19))"},
        {{.config_id = "cg-1", .range_from = "yesterday"}, errc::invalid_range, nullptr},
    };
    for (auto const& c : cases) {
        auto r = make_run_request(c.fields);
        BOOST_TEST_CONTEXT("config_id=" << c.fields.config_id) {
            BOOST_REQUIRE(!r.has_value());
            BOOST_TEST(r.error().value() == c.code);
            if (c.message) BOOST_TEST(r.error().message() == c.message);
            BOOST_TEST(!r.error().message().empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(validate_checks_hand_built_wire_structs) {
    workflow_run_request w;
    w.config_id = "og-1";
    BOOST_TEST(validate(w).has_value());
    w.run_mode = run_mode::full;
    BOOST_TEST(validate(w).error().value() == errc::not_applicable_to_kind);
    w.config_id = "cg-1";
    BOOST_TEST(validate(w).has_value());
    w.range_to = date_or_time::parse("2024-01-01").value;
    BOOST_TEST(validate(w).error().value() == errc::missing_dependency);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
