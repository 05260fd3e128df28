// Compiled by compile_goldens.py right after <amperity/generated/all.hpp> from expected/: the
// golden model is usable through the hand-written API, not merely well-formed.
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>

namespace golden_check {
using namespace amperity;

static_assert(operation_descriptor<list_widgets_operation>);
static_assert(list_widgets_operation::method == "GET");
static_assert(list_widgets_operation::idempotent && !list_widgets_operation::paginated);
static_assert(std::is_void_v<list_widgets_operation::request_type>);
static_assert(std::is_same_v<list_widgets_operation::response_type, widget>);
static_assert(list_widgets_operation::parameters[1].required);

static_assert(closed_enum<sort_order>);
static_assert(to_string(sort_order::desc) == "desc");
static_assert(enum_literal<sort_order>("asc").value() == sort_order::asc);

static_assert(std::is_same_v<decltype(widget::created_at), timestamp>);
static_assert(std::is_same_v<decltype(widget::note), std::optional<std::string>>);
static_assert(std::is_same_v<decltype(list_widgets_params::sort), std::optional<sort_order>>);
static_assert(std::tuple_size_v<decltype(detail::object_schema<widget>::fields)> == 9);
static_assert(std::get<3>(detail::object_schema<widget>::fields).wire == "created_at");
} // namespace golden_check
