// expect: range_to requires range_from
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    auto r = run_request{courier_group_id{"cg-1"}}.with_range_to("2024-06-02"); (void)r;
#else
    auto r = run_request{courier_group_id{"cg-1"}}.with_range({"2024-06-01", "2024-06-02"}); (void)r;
#endif
}
