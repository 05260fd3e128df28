#include <amperity/config_id.hpp>

#include <amperity/model.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace amperity_unit {

using amperity::campaign_id;
using amperity::config_kind;
using amperity::courier_group_id;
using amperity::orchestration_group_id;

BOOST_AUTO_TEST_SUITE(config_id)

BOOST_AUTO_TEST_CASE(literals_are_checked_at_compile_time) {
    constexpr courier_group_id cg{"cg-123ABc4DE"};
    static_assert(cg.str() == "cg-123ABc4DE");
    static_assert(courier_group_id::kind == config_kind::courier_group);
    constexpr orchestration_group_id og{"og-a_b-C"};
    static_assert(og.str() == "og-a_b-C");
    constexpr campaign_id cc{"cc-123ABc4DE"};
    BOOST_TEST(cc.to_string() == "cc-123ABc4DE");
    // 64 characters after the prefix is the limit.
    constexpr courier_group_id longest{
        "cg-0123456789012345678901234567890123456789012345678901234567890123"};
    static_assert(longest.str().size() == 3 + 64);
}

BOOST_AUTO_TEST_CASE(runtime_parse_accepts_valid_ids) {
    auto id = courier_group_id::parse("cg-2efo5X8vo");
    BOOST_REQUIRE(id.has_value());
    BOOST_TEST(id->str() == "cg-2efo5X8vo");
    BOOST_TEST((*id == courier_group_id{"cg-2efo5X8vo"}));
}

BOOST_AUTO_TEST_CASE(runtime_parse_names_the_problem) {
    auto wrong_kind = courier_group_id::parse("og-2efo5X8vo");
    BOOST_REQUIRE(!wrong_kind.has_value());
    BOOST_TEST(wrong_kind.error().value() == amperity::errc::invalid_config_id);
    BOOST_TEST(wrong_kind.error().message() ==
               R"(config_id: a courier group id starts with "cg-")");
    BOOST_TEST(courier_group_id::parse("cg-").error().message() ==
               "config_id: nothing follows the prefix");
    BOOST_TEST(courier_group_id::parse("cg-a b").error().message() ==
               "config_id: may contain only letters, digits, '-' and '_' after the prefix");
    BOOST_TEST(courier_group_id::parse("cg-a\r\nX-Evil: 1").has_value() == false);
    BOOST_TEST(courier_group_id::parse(std::string("cg-a\0b", 6)).has_value() == false);
    BOOST_TEST(courier_group_id::parse("cg-" + std::string(65, 'a')).error().message() ==
               "config_id: longer than 64 characters after the prefix");
    BOOST_TEST(courier_group_id::parse("CG-abc").has_value() == false);
    BOOST_TEST(campaign_id::parse("").has_value() == false);
}

BOOST_AUTO_TEST_CASE(kind_is_found_from_the_prefix) {
    BOOST_TEST((amperity::config_kind_of("cg-1").value() == config_kind::courier_group));
    BOOST_TEST((amperity::config_kind_of("og-1").value() == config_kind::orchestration_group));
    BOOST_TEST((amperity::config_kind_of("cc-1").value() == config_kind::campaign));
    auto unknown = amperity::config_kind_of("wf-1");
    BOOST_REQUIRE(!unknown.has_value());
    BOOST_TEST(unknown.error().message() ==
               R"(config_id: "wf-1" does not start with a known prefix: "cg-" (courier group), )"
               R"("og-" (orchestration group), "cc-" (campaign))");
    BOOST_TEST(amperity::config_kind_of("og-a/b").error().message() ==
               R"(config_id: "og-a/b" may contain only letters, digits, '-' and '_' after the prefix)");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
