// expect: run_mode_must_be_source_refresh_or_full
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    auto r = run_request{courier_group_id{"cg-123ABc4DE"}}.with_run_mode("sauce"); (void)r;
#else
    auto r = run_request{courier_group_id{"cg-123ABc4DE"}}.with_run_mode("source"); (void)r;
#endif
}
