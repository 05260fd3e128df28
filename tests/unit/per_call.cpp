// Included first: proves the header is self-contained.
#include <amperity/per_call.hpp>

#include <amperity/condition.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

namespace amperity_unit {

namespace {

using amperity::call_options;
using amperity::errc;
using namespace std::chrono_literals;

constexpr char good_tp[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

amperity::validation_result<void> with_header(std::string name, std::string value) {
    call_options o;
    o.headers.emplace_back(std::move(name), std::move(value));
    return amperity::validate_call_options(o);
}

} // namespace

BOOST_AUTO_TEST_SUITE(call_options_validation)

BOOST_AUTO_TEST_CASE(is_an_aggregate_with_designated_initialisers) {
    call_options o{.timeout = 5s};
    BOOST_TEST(o.timeout->count() == 5000);
    BOOST_TEST(!o.retry);
    BOOST_TEST(o.diag == nullptr);
    BOOST_TEST(amperity::validate_call_options(o).has_value());
    BOOST_TEST(amperity::validate_call_options(call_options{}).has_value());
}

BOOST_AUTO_TEST_CASE(good_headers_and_trace_context_pass) {
    call_options o{.headers = {{"x-correlation-id", "abc 123"}, {"X-Team", "data"}},
                   .traceparent = good_tp,
                   .tracestate = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"};
    BOOST_TEST(amperity::validate_call_options(o).has_value());
}

BOOST_AUTO_TEST_CASE(reserved_headers_are_refused_case_insensitively) {
    for (char const* name : {"Authorization", "authorization", "PROXY-AUTHORIZATION",
                             "Amperity-Tenant", "api-version", "Host", "content-type",
                             "Content-Length", "transfer-encoding", "Connection", "traceparent",
                             "TraceState", "User-Agent", "accept", "Accept-Encoding", "TE"}) {
        BOOST_TEST_CONTEXT(name) {
            auto v = with_header(name, "x");
            BOOST_REQUIRE(!v);
            BOOST_TEST(v.error().value() == errc::invalid_header_name);
            BOOST_TEST(v.error().field() == name); // the header is named
            BOOST_TEST(v.error().code() == amperity::condition::validation);
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_names_are_refused) {
    for (char const* name : {"", "x y", "x:y", "x\r\ny", "caf\xc3\xa9", "(x)", "a/b"}) {
        BOOST_TEST_CONTEXT('"' << name << '"') {
            auto v = with_header(name, "x");
            BOOST_REQUIRE(!v);
            BOOST_TEST(v.error().value() == errc::invalid_header_name);
            BOOST_TEST(v.error().message().find("header name") != std::string::npos);
            // The message never carries a raw CR/LF.
            BOOST_TEST(v.error().message().find('\n') == std::string::npos);
        }
    }
    BOOST_TEST(with_header("x-ok_1.2~!#$%&'*+^`|", "v").has_value());
}

BOOST_AUTO_TEST_CASE(control_characters_in_values_are_refused) {
    for (std::string value : {std::string("a\r\nInjected: 1"), std::string("a\nb"),
                              std::string("a\0b", 3), std::string("tab\there"),
                              std::string("del\x7f")}) {
        auto v = with_header("x-custom", value);
        BOOST_REQUIRE(!v);
        BOOST_TEST(v.error().value() == errc::invalid_header_value);
        BOOST_TEST(v.error().field() == "x-custom");
    }
}

BOOST_AUTO_TEST_CASE(traceparent_must_be_w3c_version_00) {
    BOOST_TEST(amperity::validate_traceparent(good_tp).has_value());
    BOOST_TEST(amperity::validate_traceparent(
                   "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")
                   .has_value());
    for (char const* bad : {
             "",
             "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",       // no flags
             "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",    // uppercase
             "00-00000000000000000000000000000000-00f067aa0ba902b7-01",    // zero trace id
             "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",    // zero parent id
             "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // other version
             "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // separator
             "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",    // not hex
             "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n", // CR LF
             "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",  // too long
         }) {
        BOOST_TEST_CONTEXT(bad) {
            auto v = amperity::validate_traceparent(bad);
            BOOST_REQUIRE(!v);
            BOOST_TEST(v.error().value() == errc::invalid_trace_context);
            BOOST_TEST(v.error().field() == "traceparent");
            call_options o{.traceparent = bad};
            // An empty traceparent means none.
            BOOST_TEST(amperity::validate_call_options(o).has_value() == (*bad == '\0'));
        }
    }
}

BOOST_AUTO_TEST_CASE(tracestate_limits) {
    std::string members;
    for (int i = 0; i < 32; ++i)
        members += (i ? ",k" : "k") + std::to_string(i) + "=v";
    BOOST_TEST(amperity::validate_tracestate(members).has_value());
    BOOST_TEST(!amperity::validate_tracestate(members + ",k32=v"));
    BOOST_TEST(amperity::validate_tracestate(members + ", ,").has_value()); // empty members
    BOOST_TEST(!amperity::validate_tracestate(std::string(513, 'a')));
    BOOST_TEST(amperity::validate_tracestate(std::string(512, 'a')).has_value());
    auto ctl = amperity::validate_tracestate("a=b\r\nx: y");
    BOOST_REQUIRE(!ctl);
    BOOST_TEST(ctl.error().value() == errc::invalid_trace_context);
    BOOST_TEST(ctl.error().field() == "tracestate");
    // tracestate needs a traceparent.
    call_options alone{.tracestate = "a=b"};
    auto v = amperity::validate_call_options(alone);
    BOOST_REQUIRE(!v);
    BOOST_TEST(v.error().field() == "tracestate");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
