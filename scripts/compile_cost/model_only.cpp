// scripts/compile-cost: <amperity/model.hpp> alone (types, codec, checked requests), decoding
// one response and building one request. Compiled, never run.

#include <amperity/model.hpp>

#include <cstdio>

int main(int argc, char** argv) {
    auto wf = amperity::decode<amperity::workflow>(argc > 1 ? argv[1] : "{}");
    auto req = amperity::run_request{amperity::courier_group_id{"cg-1"}}.with_run_mode("source");
    std::printf("%d %s\n", wf.has_value() ? 1 : 0, amperity::encode(req.to_wire()).c_str());
}
