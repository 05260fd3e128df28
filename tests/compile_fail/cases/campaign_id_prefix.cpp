// expect: campaign_id_must_start_with_cc_dash
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    campaign_id id{"cg-123ABc4DE"}; (void)id;
#else
    campaign_id id{"cc-123ABc4DE"}; (void)id;
#endif
}
