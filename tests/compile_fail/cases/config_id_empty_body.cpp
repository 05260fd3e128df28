// expect: config_id_must_be_prefix_then_1_to_64_letters_digits_dashes_or_underscores
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    orchestration_group_id id{"og-"}; (void)id;
#else
    orchestration_group_id id{"og-1"}; (void)id;
#endif
}
