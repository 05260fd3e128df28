// expect: run_mode, range_from and range_to apply to courier groups only
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    auto r = run_request{campaign_id{"cc-123ABc4DE"}}.with_range_from("2024-06-01"); (void)r;
#else
    auto r = run_request{campaign_id{"cc-123ABc4DE"}}; (void)r;
#endif
}
