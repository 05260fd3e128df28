// expect: run_mode_must_be_source_refresh_or_full
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    courier_group_id id{"og-1"}; (void)id;
#else
    auto r = run_request{courier_group_id{"cg-1"}}; (void)r;
#endif
}
