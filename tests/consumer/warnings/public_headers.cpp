// Public headers are warning-clean for consumers: this TU includes the umbrella header and
// instantiates every generated call (awaitable members, callbacks through sync_client, pagers,
// collect, follow), the codec for every generated type and the compile-time builders. It is
// compiled with -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Werror at
// -O0, -O2 and -O3 by each compiler of the matrix (tests/consumer/CMakeLists.txt). It is not
// linked: what matters is what the compiler reports, including the warnings GCC only finds
// after inlining at -O2/-O3.
#include <amperity/amperity.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <string>
#include <tuple>
#include <type_traits>

namespace asio = boost::asio;

namespace {

template <class T>
std::size_t codec_round_trip(std::string_view json) {
    std::size_t n = 0;
    if (auto v = amperity::decode<T>(json)) n += amperity::encode(*v).size();
    amperity::decoder<T> d;
    T into{};
    if (auto r = d.decode(json, into); !r) n += r.error().message().size();
    return n;
}

template <class... T>
std::size_t codec_all(std::string_view json) {
    return (codec_round_trip<T>(json) + ...);
}

asio::awaitable<std::size_t> every_member(amperity::client& c) {
    using namespace amperity;
    diagnostics diag;
    std::size_t n = 0;
    auto run = co_await c.async_run_workflow(
        run_request{courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source"), asio::use_awaitable);
    n += run.id.size();
    auto run2 = co_await c.async_run_workflow(
        run_request{orchestration_group_id{"og-123ABc4DE"}}, diag, asio::use_awaitable);
    n += run2.id.size();
    get_workflow_params get{.workflow_id = run.id};
    auto wf = co_await c.async_get_workflow(get, asio::use_awaitable);
    n += wf.id.size();
    auto wf2 = co_await c.async_get_workflow(get, diag, asio::use_awaitable);
    n += wf2.id.size();
    stop_workflow_params stop{.workflow_id = run.id};
    auto stopped = co_await c.async_stop_workflow(stop, asio::use_awaitable);
    n += stopped.id.size();
    auto list = co_await c.async_list_workflows({}, asio::use_awaitable);
    n += list.data.size();
    auto events = co_await c.async_list_events({}, asio::use_awaitable);
    n += events.data.size();
    auto campaigns = co_await c.async_list_campaign({}, asio::use_awaitable);
    n += campaigns.data.size();
    auto segments = co_await c.async_list_segment({}, asio::use_awaitable);
    n += segments.data.size();
    auto jobs = co_await c.async_list_ingest_jobs({}, asio::use_awaitable);
    n += jobs.data.size();
    get_ingest_job_params job{.job_id = "isj-1"};
    auto one = co_await c.async_get_ingest_job(job, asio::use_awaitable);
    n += one.id.size();
    auto pages = c.pages<list_workflows_operation>({});
    auto page = co_await pages.async_next(asio::use_awaitable);
    n += page ? page->data.size() : 0u;
    auto all = co_await c.async_collect<list_workflows_operation>({}, diag, asio::use_awaitable);
    n += all.size();
    follow_options follow;
    auto done = co_await c.async_follow_workflow(run.id, follow, asio::use_awaitable);
    n += done.id.size();
    co_return n;
}

template <class Op>
std::size_t sync_call(amperity::sync_client& sc) {
    auto r = sc.call<Op>({});
    return r ? 1u : 0u;
}

template <class... Op>
std::size_t sync_all(amperity::sync_client& sc, std::tuple<Op...>*) {
    return (sync_call<Op>(sc) + ...);
}

} // namespace

// Not main: nothing here runs. Exported so that nothing is discarded before the optimisers see it.
std::size_t amperity_public_headers_check(amperity::client& c, amperity::sync_client& sc,
                                          std::string_view json) {
    using namespace amperity;
    std::size_t n = codec_all<error_response, audit_event_list, campaign_list, segment_list,
                              ingest_job_details, ingest_job_details_list, workflow, workflow_list,
                              workflow_run_request>(json);
    n += sync_all(sc, static_cast<all_operations*>(nullptr));
    auto fut = asio::co_spawn(c.get_executor(), every_member(c), asio::use_future);
    n += fut.get();
    constexpr auto req = run_request{courier_group_id{"cg-123ABc4DE"}}
                             .with_run_mode("full")
                             .with_range({"2024-06-01", "2024-06-08T00:00:00+02:00"});
    n += encode(req.to_wire()).size();
    auto runtime = make_run_request({.config_id = json, .run_mode = "refresh"});
    n += runtime ? 1u : runtime.error().message().size();
    n += std::string(AMPERITY_VERSION_STRING).size();
    return n;
}
