// expect: this pattern is never printed
#include <amperity/model.hpp>

#include <string>

using namespace amperity;


int main() {
#ifdef AMPERITY_COMPILE_FAIL
    int y = 2; (void)y;
#else
    int x = 1; (void)x;
#endif
}
