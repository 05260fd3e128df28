// Including the SDK must not compile the client. header_cost.py checks this object file: no
// coroutine body (GCC's ".actor" clones) and no call of the library may be in it, since nothing
// here makes a call. See "GCC 12 and inline coroutines" in amperity/detail/transport.hpp.
#include <amperity/amperity.hpp>

int amperity_header_cost_probe() { return static_cast<int>(sizeof(amperity::client)); }
