#include <amperity/error.hpp>

#include <boost/test/unit_test.hpp>

#include <iterator>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace amperity_unit {

namespace {

// Every amperity::errc value.
constexpr amperity::errc all_codes[] = {
    amperity::errc::ok,
    amperity::errc::invalid_json,
    amperity::errc::unexpected_type,
    amperity::errc::missing_field,
    amperity::errc::number_out_of_range,
    amperity::errc::invalid_timestamp,
    amperity::errc::invalid_enum_value,
    amperity::errc::duplicate_member,
    amperity::errc::invalid_config_id,
    amperity::errc::invalid_range,
    amperity::errc::not_applicable_to_kind,
    amperity::errc::missing_dependency,
    amperity::errc::invalid_order,
    amperity::errc::invalid_url,
    amperity::errc::insecure_url,
    amperity::errc::invalid_header_value,
    amperity::errc::missing_credentials,
    amperity::errc::invalid_parameter,
    amperity::errc::invalid_header_name,
    amperity::errc::invalid_trace_context,
    amperity::errc::connection_failed,
    amperity::errc::tls_verification_failed,
    amperity::errc::connection_lost,
    amperity::errc::response_too_large,
    amperity::errc::invalid_response,
    amperity::errc::outcome_unknown,
    amperity::errc::deadline_exceeded,
    amperity::errc::cancelled,
    amperity::errc::token_request_failed,
    amperity::errc::limit_reached,
    amperity::errc::proxy_auth_required,
    amperity::errc::proxy_refused,
    amperity::errc::http_bad_request,
    amperity::errc::http_unauthorized,
    amperity::errc::http_forbidden,
    amperity::errc::http_not_found,
    amperity::errc::http_method_not_allowed,
    amperity::errc::http_conflict,
    amperity::errc::http_too_many_requests,
    amperity::errc::http_server_error,
    amperity::errc::http_bad_gateway,
    amperity::errc::http_service_unavailable,
    amperity::errc::http_gateway_timeout,
    amperity::errc::http_unexpected_status,
};

} // namespace

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
    std::set<std::string> seen;
    for (auto e : all_codes) {
        auto m = amperity::make_error_code(e).message();
        BOOST_TEST(m != "unknown amperity error", "errc " << static_cast<int>(e));
        BOOST_TEST(!m.empty(), "errc " << static_cast<int>(e));
        BOOST_TEST(seen.insert(m).second, "duplicate message " << m);
    }
    BOOST_TEST(seen.size() == std::size(all_codes));
    BOOST_TEST(amperity::make_error_code(static_cast<errc>(9999)).message() ==
               "unknown amperity error");
}

BOOST_AUTO_TEST_CASE(the_list_of_codes_is_complete) {
    // Every value the category knows is in all_codes (a new enumerator with a message but
    // missing here fails; one without a message is caught by -Wswitch in the header).
    std::set<int> listed;
    for (auto e : all_codes)
        listed.insert(static_cast<int>(e));
    BOOST_TEST(listed.size() == std::size(all_codes)); // no value twice
    int known = 0;
    for (int v = -10; v < 10000; ++v) {
        if (amperity::error_category().message(v) == "unknown amperity error")
            continue;
        ++known;
        BOOST_TEST(listed.count(v) == 1u, "value " << v << " is missing from all_codes");
    }
    BOOST_TEST(known == static_cast<int>(std::size(all_codes)));
}

BOOST_AUTO_TEST_CASE(client_and_http_codes) {
    using amperity::errc;
    using amperity::make_error_code;
    BOOST_TEST(make_error_code(errc::http_not_found).message() == "404 Not Found");
    BOOST_TEST(make_error_code(errc::http_not_found).value() == 404);
    BOOST_TEST(make_error_code(errc::http_too_many_requests).message() == "429 Too Many Requests");
    BOOST_TEST(make_error_code(errc::http_unexpected_status).value() == 599);
    BOOST_TEST(make_error_code(errc::invalid_url).value() == 200);
    BOOST_TEST(make_error_code(errc::invalid_url).message() == "invalid URL");
    BOOST_TEST(make_error_code(errc::connection_failed).value() == 300);
    BOOST_TEST(make_error_code(errc::outcome_unknown).message() ==
               "outcome unknown: the request was sent but its result is unknown");
    BOOST_TEST(make_error_code(errc::ok).message() == "success");
    BOOST_TEST(!make_error_code(errc::ok).failed());
    BOOST_TEST(make_error_code(errc::http_not_found).failed());
    // The char-buffer overload (used by Boost.System internally) agrees.
    char buf[8];
    BOOST_TEST(std::string(amperity::error_category().message(404, buf, sizeof buf)) ==
               "404 Not Found");
    // An implicit conversion, and comparison with the enum.
    boost::system::error_code const ec = errc::http_gateway_timeout;
    BOOST_TEST(ec == errc::http_gateway_timeout);
    BOOST_TEST(ec != errc::http_bad_gateway);
    BOOST_TEST(ec.message() == "504 Gateway Timeout");
}

BOOST_AUTO_TEST_CASE(errc_streams_its_message) {
    using amperity::errc;
    for (auto e : all_codes) {
        std::ostringstream os;
        os << e;
        BOOST_TEST(os.str() == amperity::make_error_code(e).message());
    }
    std::ostringstream os;
    os << errc::http_not_found << '|' << errc::missing_field;
    BOOST_TEST(os.str() == "404 Not Found|missing required field");
}

BOOST_AUTO_TEST_CASE(utf8_prefix_never_cuts_a_character) {
    using amperity::detail::utf8_prefix;
    // Characters of 1, 2, 3 and 4 bytes: A, é, €, 😀.
    std::string_view const chars[] = {"A", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
    for (auto const ch : chars) {
        std::size_t const w = ch.size();
        for (std::size_t pad = 0; pad <= 4; ++pad) {
            std::string s(pad, 'x');
            for (int i = 0; i < 40; ++i)
                s += ch; // > 64 bytes for every width
            for (std::size_t max = 56; max <= 72; ++max) {
                // The longest prefix <= max that ends on a character boundary.
                std::size_t expected = s.size();
                if (s.size() > max) {
                    expected = pad >= max ? max : pad + (max - pad) / w * w;
                }
                BOOST_TEST_CONTEXT("width " << w << " pad " << pad << " max " << max) {
                    auto const p = utf8_prefix(s, max);
                    BOOST_TEST(p.size() == expected);
                    BOOST_TEST(p.size() <= max);
                    BOOST_TEST((p == std::string_view(s).substr(0, p.size())));
                    BOOST_TEST(p.data() == s.data());
                }
            }
        }
    }
    // Short input is returned whole, even with a partial character at its end.
    BOOST_TEST(utf8_prefix("ab\xc3", 64) == "ab\xc3");
    BOOST_TEST(utf8_prefix("", 0) == "");
    BOOST_TEST(utf8_prefix("abc", 0) == "");
    BOOST_TEST(utf8_prefix("\xc3\xa9", 1) == "");
    static_assert(utf8_prefix("a\xc3\xa9", 2) == "a");
    static_assert(utf8_prefix("a\xc3\xa9", 3) == "a\xc3\xa9");
}

BOOST_AUTO_TEST_CASE(quoted_excerpt_is_bounded_and_valid_utf8) {
    using amperity::detail::quoted_excerpt;
    BOOST_TEST(quoted_excerpt("") == "\"\"");
    BOOST_TEST(quoted_excerpt("abc") == "\"abc\"");
    // Expected values spelled out whole: `"\"" + std::string(64, 'a')` draws GCC 12's false
    // -Wrestrict at -O2/-O3 (GCC bug 105329).
    std::string const quoted_64 = '"' + std::string(64, 'a').append("\"");
    BOOST_TEST(quoted_excerpt(std::string(64, 'a')) == quoted_64);
    BOOST_TEST(quoted_excerpt(std::string(65, 'a')) == '"' + std::string(64, 'a').append("...\""));
    std::string_view const chars[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
    for (auto const ch : chars) {
        std::size_t const w = ch.size();
        // Every alignment of the characters against the 64-byte limit.
        for (std::size_t pad = 0; pad < w; ++pad) {
            for (std::size_t count = 1; count <= 70 / w; ++count) {
                std::string s(pad, 'x');
                for (std::size_t i = 0; i < count; ++i)
                    s += ch;
                std::string expected = "\"";
                if (s.size() <= 64) {
                    expected += s + "\"";
                } else {
                    expected += s.substr(0, pad + (64 - pad) / w * w) + "...\"";
                }
                BOOST_TEST_CONTEXT("width " << w << " pad " << pad << " count " << count) {
                    BOOST_TEST(quoted_excerpt(s) == expected);
                }
            }
        }
    }
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
