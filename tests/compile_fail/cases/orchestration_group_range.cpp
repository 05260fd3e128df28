// expect: run_mode, range_from and range_to apply to courier groups only
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    auto r = run_request{orchestration_group_id{"og-123ABc4DE"}}.with_range({"2024-06-01", "2024-06-08"}); (void)r;
#else
    auto r = run_request{courier_group_id{"cg-123ABc4DE"}}.with_range({"2024-06-01", "2024-06-08"}); (void)r;
#endif
}
