// expect: no match for .*operator==.*workflow_state.*task_state_value
// expect-clang: invalid operands to binary expression .*workflow_state.*task_state_value
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    workflow wf; bool b = wf.state == task_state::running; (void)b;
#else
    workflow wf; bool b = wf.state == workflow_state::running; (void)b;
#endif
}
