// The client's call coroutines, compiled once for every example (AMPERITY_SEPARATE_COMPILATION
// is set on each of them): see README "Compile time".
#include <amperity/src.hpp>
