// expect: workflow_view_must_be_overview_or_verbose
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    enum_literal<workflow_view> v = "verbos"; (void)v;
#else
    enum_literal<workflow_view> v = "verbose"; (void)v;
#endif
}
