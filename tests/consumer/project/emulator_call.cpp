// A user's own test, built against the installed package: amperity::emulator::fixture runs the
// emulator in process (TLS on loopback, its CA in a temporary file it removes) and the client
// starts runs through it, one of them answered with an injected 503.
#include <amperity/amperity.hpp>
#include <amperity/emulator/fixture.hpp>

#include <filesystem>
#include <iostream>
#include <string>

int main() {
    std::string ca;
    {
        amperity::emulator::fixture emu;
        ca = emu.ca_file();
        amperity::sync_client c(emu.client_options());
        auto run = c.run_workflow(amperity::run_request{amperity::courier_group_id{"cg-consumer1"}});
        if (!run) {
            std::cerr << "run_workflow failed: " << run.error().message() << '\n';
            return 1;
        }
        std::cout << "emulator started " << run->state.wire() << ' ' << run->type << '\n';

        emu.inject({.what = amperity::emulator::fault::kind::status, .operation = "run-workflow",
                    .status = 503});
        auto again = c.run_workflow(amperity::run_request{amperity::courier_group_id{"cg-consumer1"}});
        bool const unknown = !again && again.error() == amperity::errc::outcome_unknown;
        std::cout << "fixture: 503 -> " << (unknown ? "outcome unknown" : "unexpected")
                  << ", runs started " << emu.runs_started() << '\n';
        if (!unknown || emu.runs_started() != 2) return 1;
    }
    if (ca.empty() || std::filesystem::exists(ca)) {
        std::cerr << "the fixture did not remove its CA file\n";
        return 1;
    }
    std::cout << "fixture: CA file removed\n";
    return 0;
}
