// An operation of the spec without a handler in the emulator does not compile: the route table
// (routing.hpp) is built from the operation list and asserts a handler for each. A made-up
// operation stands for one the spec gains; the control build leaves it out of the list.
// expect: amperity: this operation of the spec has no handler in the emulator
#include "routing.hpp"

#include <array>
#include <string_view>
#include <tuple>

namespace {

struct unhandled_operation {
    static constexpr std::string_view operation_id = "list-everything";
    static constexpr std::string_view method = "GET";
    static constexpr std::string_view path_template = "/everything";
    static constexpr unsigned success_status = 200;
    static constexpr bool idempotent = true;
    static constexpr bool paginated = false;
    using params_type = amperity::list_segment_params;
    using request_type = void;
    using response_type = amperity::segment_list;
    static constexpr std::array<amperity::parameter_info, 0> parameters{};
};

#ifdef AMPERITY_COMPILE_FAIL
using operations = std::tuple<amperity::list_segment_operation, unhandled_operation>;
#else
using operations = std::tuple<amperity::list_segment_operation>;
#endif

static_assert(amperity::emulator::detail::routes_of<operations>.front().operation_id ==
              "list-segment");

} // namespace
