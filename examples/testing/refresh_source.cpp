#include "refresh_source.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace service {

boost::asio::awaitable<refresh_result> refresh_source(amperity::client& c,
                                                      amperity::courier_group_id group,
                                                      amperity::follow_options follow) {
    constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);
    refresh_result result;

    auto request = amperity::run_request{group}.with_run_mode("source");
    auto started = co_await c.async_run_workflow(request, use_tuple);
    auto& [ec, run] = started;
    if (ec) {
        result.error = ec;
        // The SDK already retried what was safe to retry (never a start that reached the
        // server). Whatever is left is not ours to retry either.
        result.what = ec == amperity::condition::outcome_unknown ? refresh_result::outcome::outcome_unknown
                                                                 : refresh_result::outcome::not_started;
        co_return result;
    }
    result.workflow_id = run.id;

    auto followed = co_await c.async_follow_workflow(run.id, follow, use_tuple);
    auto& [ec2, last] = followed;
    if (ec2) {
        result.error = ec2;
        result.what = refresh_result::outcome::follow_failed;
    } else {
        result.what = last.state == amperity::workflow_state::succeeded ? refresh_result::outcome::succeeded
                                                                        : refresh_result::outcome::failed;
    }
    co_return result;
}

} // namespace service
