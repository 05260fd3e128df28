// expect: range_from_must_precede_range_to
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    auto r = run_request{courier_group_id{"cg-1"}}.with_range({"2024-06-08", "2024-06-01"}); (void)r;
#else
    auto r = run_request{courier_group_id{"cg-1"}}.with_range({"2024-06-01", "2024-06-08T00:00:00+02:00"}); (void)r;
#endif
}
