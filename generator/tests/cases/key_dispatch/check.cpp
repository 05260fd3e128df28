// Compiled by compile_goldens.py right after <amperity/generated/all.hpp> from expected/: the
// generated key dispatch finds every wire name, and nothing else, at compile time.
#include <string_view>

namespace golden_check {
using amperity::detail::object_schema;
using keys_schema = object_schema<amperity::keys>;

constexpr bool finds_every_field() {
    int index = 0;
    bool ok = true;
    std::apply([&](auto const&... fd) { ((ok = ok && keys_schema::find(fd.wire) == index++), ...); },
               keys_schema::fields);
    return ok && index == 8;
}
static_assert(finds_every_field());

// Same length and distinguishing byte as a known key, but a different key.
static_assert(keys_schema::find("ac") == -1);
static_assert(keys_schema::find("aac") == -1);
static_assert(keys_schema::find("bbb") == -1);
static_assert(keys_schema::find("abcdefghijklmnopz") == -1);
static_assert(keys_schema::find("bbcdefghijklmnopq") == -1);
// Lengths with no key, including the empty key and a prefix of a key.
static_assert(keys_schema::find("") == -1);
static_assert(keys_schema::find("abcd") == -1);
static_assert(keys_schema::find("abcdefghijklmnop") == -1);
static_assert(keys_schema::find("y") == -1);
// A key is its bytes: a string_view holding the key plus more is not the key.
static_assert(keys_schema::find(std::string_view("abc", 2)) == 0);
} // namespace golden_check
