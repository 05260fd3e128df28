// expect: courier_group_id_must_start_with_cg_dash
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    courier_group_id id{"og-123ABc4DE"}; (void)id;
#else
    courier_group_id id{"cg-123ABc4DE"}; (void)id;
#endif
}
