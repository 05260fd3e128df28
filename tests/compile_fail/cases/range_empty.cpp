// expect: range_from_must_precede_range_to
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    auto r = run_request{courier_group_id{"cg-1"}}.with_range({"2024-06-01", "2024-06-01T00:00:00Z"}); (void)r;
#else
    auto r = run_request{courier_group_id{"cg-1"}}.with_range({"2024-06-01", "2024-06-01T00:00:00.001Z"}); (void)r;
#endif
}
