// expect: config_id_must_be_prefix_then_1_to_64_letters_digits_dashes_or_underscores
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    courier_group_id id{"cg-123 ABc4DE"}; (void)id;
#else
    courier_group_id id{"cg-123_ABc-4DE"}; (void)id;
#endif
}
