// Conan's test_package: a compile-time-checked request, decode<T> and the client type, from the
// package's headers alone.
#include <amperity/amperity.hpp>

#include <boost/asio/io_context.hpp>

#include <iostream>

int main() {
    auto req = amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source");
    auto wf = amperity::decode<amperity::workflow>(
        R"({"id":"wf-1","state":"running","type":"courier.group/run","tenant":"acme",)"
        R"("created_at":"2025-04-18T15:33:51.724Z"})");
    if (!wf) {
        std::cerr << wf.error().message() << '\n';
        return 1;
    }
    boost::asio::io_context io;
    amperity::client_options opts;
    opts.tenant = "acme";
    opts.auth = amperity::bearer_token{amperity::secret("not-used")};
    auto c = amperity::client::create(io.get_executor(), opts);
    if (!c) {
        std::cerr << c.error().message() << '\n';
        return 1;
    }
    std::cout << "amperity-cpp " << AMPERITY_VERSION_STRING << ": " << amperity::encode(req.to_wire())
              << ' ' << wf->id << ' ' << wf->state.wire() << '\n';
    return 0;
}
