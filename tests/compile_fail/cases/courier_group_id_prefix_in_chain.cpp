// expect: courier_group_id_must_start_with_cg_dash
// The README's forms: a braced config id and literal checks in one full-expression. The
// control build compiles them to object code, which clang 14 could not do while config_id had a
// consteval constructor (llvm/llvm-project#55871); the failing build proves the check still
// fires inside such a chain.
#include <amperity/model.hpp>

using namespace amperity;

int main() {
#ifdef AMPERITY_COMPILE_FAIL
    auto r = run_request{courier_group_id{"og-123ABc4DE"}}.with_run_mode("source");
#else
    auto r = run_request{courier_group_id{"cg-123ABc4DE"}}
                 .with_run_mode("source")
                 .with_run_mode(enum_literal<run_mode>("full")) // parentheses: see the README
                 .with_range(time_range{"2024-06-01", "2024-06-08"})
                 .with_range({"2024-06-01", "2024-06-08T12:00:00Z"});
#endif
    return r.mode().has_value() ? 0 : 1;
}
