// A member named like its struct: the struct still compares with the defaulted operator==.
#include <type_traits>
static_assert(std::is_same_v<decltype(amperity::status::status), std::optional<std::string>>);
inline bool same(amperity::status const& a, amperity::status const& b) { return a == b; }
