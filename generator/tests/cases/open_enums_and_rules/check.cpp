// Compiled by compile_goldens.py right after <amperity/generated/all.hpp> from expected/: the
// golden model is usable through the hand-written API, not merely well-formed.
#include <type_traits>

namespace golden_check {
using namespace amperity;

static_assert(operation_descriptor<start_job_operation>);
static_assert(!start_job_operation::idempotent);
static_assert(start_job_operation::success_status == 201);
static_assert(std::is_same_v<start_job_operation::request_type, job_request>);
static_assert(list_jobs_operation::paginated);
// The client headers are described but are not members of the parameter struct.
static_assert(list_jobs_operation::parameters.size() == 6);
static_assert(std::tuple_size_v<decltype(detail::object_schema<list_jobs_params>::fields)> == 4);

static_assert(open_enum_value<job_state_value>);
static_assert(detail::lookup_enum<job_state_value>("in progress") == job_state_value::in_progress);
// The generated enum dispatch: every name and alias, and nothing else (same length and
// distinguishing byte, a prefix, the empty string, a longer view).
constexpr bool finds_every_name() {
    auto const& names = enum_traits<job_state_value>::names;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (enum_traits<job_state_value>::find(names[i]) != static_cast<int>(i)) return false;
    return true;
}
static_assert(finds_every_name());
static_assert(enum_traits<job_state_value>::find("in_progress") == 1);
static_assert(enum_traits<job_state_value>::find("in.progress") == -1);
static_assert(enum_traits<job_state_value>::find("queue") == -1);
static_assert(enum_traits<job_state_value>::find("") == -1);
static_assert(enum_traits<job_state_value>::find(std::string_view("failedx", 6)) == 3);
static_assert(!detail::lookup_enum<job_state_value>("Failed"));
static_assert(enum_traits<job_state_value>::terminal[3] && !enum_traits<job_state_value>::terminal[1]);
static_assert(enum_traits<engine_value>::aliases.empty());
static_assert(std::is_base_of_v<open_enum<job_state_value>, job_state>);

static_assert(pipeline_id{"pl-nightly"}.str() == "pl-nightly");
static_assert(job_request_rules::mode_applies_to(config_kind::report));
static_assert(!job_request_rules::window_to_applies_to(config_kind::report));
static_assert(std::is_same_v<decltype(validate(job_request{})), validation_result<void>>);
} // namespace golden_check
