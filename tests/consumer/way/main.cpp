// The program every way in builds (find_package, add_subdirectory, FetchContent, pkg-config,
// vcpkg): the model-only header (no Beast or OpenSSL code to compile, so each way costs
// seconds), a compile-time-checked request, decode<T> and the configured version header.
#include <amperity/model.hpp>
#include <amperity/version.hpp>

#include <iostream>

int main() {
    auto wf = amperity::decode<amperity::workflow>(
        R"({"id":"wf-123456A-78901-2bcd3e","state":"scheduled","type":"courier.group/run",)"
        R"("tenant":"bridge","created_at":"2025-04-18T15:33:51.724Z"})");
    if (!wf) {
        std::cerr << wf.error().message() << '\n';
        return 1;
    }
    auto req = amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source");
    std::cout << "amperity-cpp " << AMPERITY_VERSION_STRING << ' ' << wf->id << ' ' << wf->state.wire()
              << ' ' << amperity::encode(req.to_wire()) << '\n';
    return 0;
}
