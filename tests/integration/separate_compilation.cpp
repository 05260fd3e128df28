// The integration tests are built the way a large program would be: with
// AMPERITY_SEPARATE_COMPILATION for every translation unit and the client's call coroutines
// instantiated here, once (see <amperity/src.hpp>). A call this file does not provide fails to
// link, so the instantiation lists stay complete.
#include <amperity/src.hpp>
