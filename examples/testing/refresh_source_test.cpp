// Testing your own code with the emulator: refresh_source() against amperity::emulator::fixture,
// with Boost.Test (GoogleTest works the same way: Debian's libgtest-dev, a TEST_F whose fixture
// class holds an amperity::emulator::fixture member).
#define BOOST_TEST_MODULE refresh_source
#include <boost/test/unit_test.hpp>

#include "refresh_source.hpp"

#include <amperity/emulator/fixture.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>

using namespace std::chrono_literals;
using service::refresh_result;
using fault = amperity::emulator::fault;

namespace {

/// An emulator whose runs finish quickly; one per test case (BOOST_FIXTURE_TEST_SUITE below).
struct emulator : amperity::emulator::fixture {
    emulator() : fixture(quick_runs()) {}
    static amperity::emulator::options quick_runs() {
        amperity::emulator::options o;
        o.schedule_delay = 50ms;
        o.run_duration = 300ms;
        return o;
    }

    /// Runs refresh_source() to completion with a client that trusts this emulator.
    refresh_result refresh(amperity::courier_group_id group) {
        boost::asio::io_context io;
        amperity::client c(io.get_executor(), client_options());
        amperity::follow_options follow;
        follow.initial_interval = 50ms;
        auto result = boost::asio::co_spawn(io, service::refresh_source(c, group, follow),
                                            boost::asio::use_future);
        io.run();
        return result.get();
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(refresh_source_tests, emulator)

BOOST_AUTO_TEST_CASE(a_refresh_runs_to_success) {
    auto r = refresh(amperity::courier_group_id{"cg-nightly1"});
    BOOST_TEST((r.what == refresh_result::outcome::succeeded));
    BOOST_TEST(r.workflow_id.starts_with("wf-"));
    BOOST_TEST(runs_started() == 1u);
}

BOOST_AUTO_TEST_CASE(a_failed_run_is_reported_failed) {
    // The emulator fails runs of config ids whose body starts with "fail".
    auto r = refresh(amperity::courier_group_id{"cg-failNightly"});
    BOOST_TEST((r.what == refresh_result::outcome::failed));
    BOOST_TEST(runs_started() == 1u);
}

BOOST_AUTO_TEST_CASE(my_code_never_starts_a_workflow_twice_on_a_503) {
    // A 503 after the server started the run (process = true, the default for 5xx): the
    // client cannot know whether the run exists.
    inject({.what = fault::kind::status, .operation = "run-workflow", .status = 503});
    auto r = refresh(amperity::courier_group_id{"cg-nightly1"});
    BOOST_TEST((r.what == refresh_result::outcome::outcome_unknown));
    BOOST_TEST(r.error == amperity::errc::outcome_unknown);
    BOOST_TEST(runs_started() == 1u);                                   // exactly one run
    BOOST_TEST(stats().requests_by_operation["run-workflow"] == 1u);    // one start sent
    BOOST_TEST(stats().requests_by_operation["get-workflow"] == 0u);    // nothing followed
}

BOOST_AUTO_TEST_CASE(a_refused_start_is_not_started) {
    inject({.what = fault::kind::status, .operation = "run-workflow", .status = 400});
    auto r = refresh(amperity::courier_group_id{"cg-nightly1"});
    BOOST_TEST((r.what == refresh_result::outcome::not_started));
    BOOST_TEST(r.error == amperity::errc::http_bad_request);
    BOOST_TEST(runs_started() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
