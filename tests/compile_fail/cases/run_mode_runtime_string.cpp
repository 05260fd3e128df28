// expect: no matching function for call to .*with_run_mode
// expect-clang: no matching member function for call to 'with_run_mode'
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    std::string s = "source"; auto r = run_request{courier_group_id{"cg-1"}}.with_run_mode(s); (void)r;
#else
    std::string s = "source"; auto m = parse_enum<run_mode>(s); auto r = run_request{courier_group_id{"cg-1"}}.with_run_mode(*m); (void)r;
#endif
}
