// The member after the comment ending in a backslash must still exist (no line splice), and
// the open enum's terminal table keeps both flags.
#include <type_traits>
static_assert(std::is_same_v<decltype(amperity::status::path), std::optional<std::string>>);
static_assert(std::is_same_v<decltype(amperity::status::code), std::optional<std::int64_t>>);
static_assert(!amperity::enum_traits<amperity::kind_value>::terminal[0]);
static_assert(amperity::enum_traits<amperity::kind_value>::terminal[1]);
static_assert(amperity::enum_traits<amperity::kind_value>::names[0] == "a\\");
