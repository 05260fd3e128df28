// amperity::condition: every errc has a kind, `ec == condition` agrees with classify, and
// http_unexpected_status takes its kind from the status.

#include <amperity/condition.hpp>
#include <amperity/diagnostics.hpp>

#include <boost/system/errc.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

namespace amperity_unit {

namespace {

using amperity::condition;
using amperity::errc;

struct expectation {
    errc code;
    condition kind;
};

// Every amperity::errc (error.cpp's list) and its kind: a new errc must be added here, and the
// switch in classify() warns (-Wswitch) if it is not handled there.
constexpr expectation table[] = {
    {errc::invalid_json, condition::decode},
    {errc::unexpected_type, condition::decode},
    {errc::missing_field, condition::decode},
    {errc::number_out_of_range, condition::decode},
    {errc::invalid_timestamp, condition::decode},
    {errc::invalid_enum_value, condition::decode},
    {errc::duplicate_member, condition::decode},
    {errc::invalid_config_id, condition::validation},
    {errc::invalid_range, condition::validation},
    {errc::not_applicable_to_kind, condition::validation},
    {errc::missing_dependency, condition::validation},
    {errc::invalid_order, condition::validation},
    {errc::invalid_url, condition::configuration},
    {errc::insecure_url, condition::configuration},
    {errc::invalid_header_value, condition::validation},
    {errc::missing_credentials, condition::configuration},
    {errc::invalid_parameter, condition::validation},
    {errc::invalid_header_name, condition::validation},
    {errc::invalid_trace_context, condition::validation},
    {errc::connection_failed, condition::transport},
    {errc::tls_verification_failed, condition::transport},
    {errc::connection_lost, condition::transport},
    {errc::response_too_large, condition::transport},
    {errc::invalid_response, condition::transport},
    {errc::outcome_unknown, condition::outcome_unknown},
    {errc::deadline_exceeded, condition::deadline},
    {errc::cancelled, condition::cancelled},
    {errc::token_request_failed, condition::api_client_error},
    {errc::limit_reached, condition::limit_reached},
    {errc::proxy_auth_required, condition::configuration},
    {errc::proxy_refused, condition::transport},
    {errc::http_bad_request, condition::api_client_error},
    {errc::http_unauthorized, condition::api_client_error},
    {errc::http_forbidden, condition::api_client_error},
    {errc::http_not_found, condition::api_client_error},
    {errc::http_method_not_allowed, condition::api_client_error},
    {errc::http_conflict, condition::api_client_error},
    {errc::http_too_many_requests, condition::api_client_error},
    {errc::http_server_error, condition::api_server_error},
    {errc::http_bad_gateway, condition::api_server_error},
    {errc::http_service_unavailable, condition::api_server_error},
    {errc::http_gateway_timeout, condition::api_server_error},
};

} // namespace

BOOST_AUTO_TEST_SUITE(condition_kinds)

BOOST_AUTO_TEST_CASE(every_code_has_one_kind_and_compares_equal_to_it_only) {
    for (auto const& [code, kind] : table) {
        auto const ec = amperity::make_error_code(code);
        BOOST_TEST((amperity::classify(ec) == kind), ec.message());
        for (int k = 0; k <= static_cast<int>(condition::other); ++k) {
            auto const c = static_cast<condition>(k);
            BOOST_TEST((ec == c) == (c == kind), ec.message() << " vs condition " << k);
        }
    }
}

BOOST_AUTO_TEST_CASE(an_unexpected_status_takes_its_kind_from_the_status) {
    auto const ec = amperity::make_error_code(errc::http_unexpected_status);
    BOOST_TEST((amperity::classify(ec, 418) == condition::api_client_error));
    BOOST_TEST((amperity::classify(ec, 507) == condition::api_server_error));
    BOOST_TEST((amperity::classify(ec, 302) == condition::transport));
    // Without the status no condition claims it: ask diagnostics::outcome.
    for (int k = 1; k <= static_cast<int>(condition::other); ++k)
        BOOST_TEST(!(ec == static_cast<condition>(k)));
}

BOOST_AUTO_TEST_CASE(success_and_foreign_errors) {
    BOOST_TEST((amperity::classify({}) == condition::none));
    auto const foreign = make_error_code(boost::system::errc::permission_denied);
    BOOST_TEST((amperity::classify(foreign) == condition::other));
    BOOST_TEST(!(foreign == condition::transport));
    BOOST_TEST((amperity::diagnostics{}.outcome == condition::none));
    boost::system::error_condition const c = condition::deadline;
    BOOST_TEST(c.category().name() == std::string("amperity.condition"));
    BOOST_TEST(c.message() == "deadline exceeded");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
