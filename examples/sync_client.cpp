// amperity::sync_client: blocking calls returning boost::system::result, for scripts, command
// line tools and code without an event loop.
#include "environment.hpp"

#include <amperity/amperity.hpp>

#include <iostream>

int main() try {
    amperity::sync_client c(examples::options_from_environment());

    auto run = c.run_workflow(amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source"));
    if (!run) {
        std::cerr << "start failed: " << run.error().message() << '\n';
        return 1;
    }
    std::cout << "started " << run->id << " (" << run->state.wire() << ")\n";

    // Follow it to the end, polling every 200 ms at first.
    amperity::follow_options follow;
    follow.initial_interval = std::chrono::milliseconds(200);
    auto done = c.follow_workflow(run->id, follow);
    if (!done) {
        std::cerr << "follow failed: " << done.error().message() << '\n';
        return 1;
    }
    std::cout << "ended " << done->id << " (" << done->state.wire() << ")\n";
    return done->state == amperity::workflow_state::succeeded ? 0 : 1;
} catch (std::exception const& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 2;
}
