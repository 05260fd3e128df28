// A program outside the amperity tree, built against the installed package.
#include <amperity/model.hpp> // the model-only header: seconds to compile, no Beast or OpenSSL

#include <iostream>

int main() {
    auto wf = amperity::decode<amperity::workflow>(
        R"({"id":"wf-123456A-78901-2bcd3e","state":"scheduled","type":"courier.group/run",)"
        R"("tenant":"bridge","created_at":"2025-04-18T15:33:51.724Z"})");
    if (!wf) {
        std::cerr << wf.error().message() << '\n';
        return 1;
    }
    std::cout << wf->id << ' ' << wf->state.wire() << '\n';
    auto req = amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}}.with_run_mode(
        "source");
    std::cout << amperity::encode(req.to_wire()) << '\n';
    return 0;
}
