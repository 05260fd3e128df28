#include <amperity/error.hpp>

#include <boost/test/unit_test.hpp>

#include <set>
#include <stdexcept>
#include <string>

namespace amperity_unit {

BOOST_AUTO_TEST_SUITE(error)

BOOST_AUTO_TEST_CASE(errc_is_an_error_code_enum) {
    boost::system::error_code ec = amperity::errc::missing_field;
    BOOST_TEST(ec.category().name() == std::string("amperity"));
    BOOST_TEST(ec.message() == "missing required field");
    BOOST_TEST(ec == amperity::errc::missing_field);
    BOOST_TEST(ec != amperity::errc::invalid_json);
    BOOST_TEST(&ec.category() == &amperity::error_category());
}

BOOST_AUTO_TEST_CASE(every_code_has_its_own_message) {
    using amperity::errc;
    errc const all[] = {errc::invalid_json,       errc::unexpected_type,
                        errc::missing_field,      errc::number_out_of_range,
                        errc::invalid_timestamp,  errc::invalid_enum_value,
                        errc::invalid_config_id,  errc::invalid_range,
                        errc::not_applicable_to_kind, errc::missing_dependency,
                        errc::invalid_order};
    std::set<std::string> seen;
    for (auto e : all) {
        auto m = amperity::make_error_code(e).message();
        BOOST_TEST(m != "unknown amperity error");
        BOOST_TEST(seen.insert(m).second, "duplicate message " << m);
    }
    BOOST_TEST(amperity::make_error_code(static_cast<errc>(9999)).message() ==
               "unknown amperity error");
}

BOOST_AUTO_TEST_CASE(decode_error_message_is_path_then_detail) {
    amperity::decode_error e(amperity::errc::unexpected_type, "$.task_instances[3].timeout_ms",
                             "expected an integer, got a string");
    BOOST_TEST(e.message() == "$.task_instances[3].timeout_ms: expected an integer, got a string");
    BOOST_TEST(e.code() == amperity::errc::unexpected_type);
    BOOST_TEST(e.path() == "$.task_instances[3].timeout_ms");
}

BOOST_AUTO_TEST_CASE(result_value_throws_with_the_message) {
    amperity::decode_result<int> r =
        amperity::decode_error(amperity::errc::missing_field, "$.id", "missing required field");
    BOOST_TEST(!r.has_value());
    try {
        (void)r.value();
        BOOST_FAIL("value() on an error must throw");
    } catch (amperity::error_exception const& e) {
        BOOST_TEST(std::string(e.what()).find("$.id: missing required field") != std::string::npos);
        BOOST_TEST(e.code() == amperity::errc::missing_field);
    }
    amperity::validation_result<int> v =
        amperity::validation_error(amperity::errc::invalid_config_id, "config_id", "bad");
    BOOST_CHECK_THROW((void)v.value(), boost::system::system_error);
    BOOST_TEST(v.error().message() == "config_id: bad");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
