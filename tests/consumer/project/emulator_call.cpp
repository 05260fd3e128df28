// A user's own test, built against the installed package: amperity::emulator runs in process
// (TLS on loopback with the CA it generates) and the client starts one run through it.
#include <amperity/amperity.hpp>
#include <amperity/emulator/emulator.hpp>

#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

int main() {
    boost::asio::io_context io;
    amperity::emulator::server srv(io.get_executor(), {});
    srv.start();
    auto const ca = std::filesystem::temp_directory_path() /
                    ("amperity-consumer-ca-" + std::to_string(srv.port()) + ".pem");
    srv.write_ca(ca.string());
    std::thread io_thread([&] { io.run(); });

    int rc = 1;
    {
        amperity::client_options opts;
        opts.base_url = srv.base_url();
        opts.tenant = "acme";
        opts.auth = amperity::bearer_token{amperity::secret("emulator-token")};
        opts.ca_file = ca.string();
        amperity::sync_client c(opts);
        auto run = c.run_workflow(amperity::run_request{amperity::courier_group_id{"cg-consumer1"}});
        if (run) {
            std::cout << "emulator started " << run->state.wire() << ' ' << run->type << '\n';
            rc = 0;
        } else {
            std::cerr << "run_workflow failed: " << run.error().message() << '\n';
        }
    }
    srv.stop();
    io_thread.join();
    std::filesystem::remove(ca);
    return rc;
}
