// expect: range_must_be_yyyy_mm_dd_or_an_iso8601_date_time_with_offset
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    auto r = run_request{courier_group_id{"cg-1"}}.with_range_from("2024-13-01"); (void)r;
#else
    auto r = run_request{courier_group_id{"cg-1"}}.with_range_from("2024-12-01"); (void)r;
#endif
}
