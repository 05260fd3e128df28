// Compiled by compile_goldens.py right after <amperity/generated/all.hpp> from expected/: the
// golden model is usable through the hand-written API, and the escaped literals decode to the
// spec's UTF-8 spellings.
#include <tuple>
#include <type_traits>

namespace golden_check {
using namespace amperity;

static_assert(enum_traits<visibility>::names[2] == "caf\xc3\xa9");
static_assert(enum_traits<visibility>::names[3] == "na\xc3\xafve user");
static_assert(enum_literal<visibility>("default").value() == visibility::default_);
static_assert(enum_literal<visibility>("3rd-party").value() == visibility::v_3rd_party);
static_assert(enum_traits<label_value>::names[2] == "say \"cheese\"");
static_assert(detail::lookup_enum<label_value>("\xc3\x9c" "ber") == label_value::ueber_spelled_out);

static_assert(std::is_same_v<decltype(operator_::delete_), bool>);
static_assert(std::is_same_v<decltype(account::operator_), std::optional<operator_>>);
static_assert(std::get<2>(detail::object_schema<account>::fields).wire == "2fa-enabled");

static_assert(get_job_operation::path_template == "/jobs/{job-id}");
static_assert(get_job_operation::parameters[0].location == param_location::path);
static_assert(delete_job_operation::method == "DELETE");
static_assert(http_ping_operation::parameters.empty());
static_assert(std::tuple_size_v<decltype(detail::object_schema<http_ping_params>::fields)> == 0);
static_assert(servers.empty());
} // namespace golden_check
