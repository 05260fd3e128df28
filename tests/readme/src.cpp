// The README's "Compile time" section, as the README programs use it: this file and
// AMPERITY_SEPARATE_COMPILATION (set on the readme_src target, PUBLIC).
#include <amperity/src.hpp>
