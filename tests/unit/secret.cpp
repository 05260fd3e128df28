// Included first: proves the header is self-contained.
#include <amperity/secret.hpp>

#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace amperity_unit {

// Whether `os << value` compiles. A requires-expression is only SFINAE-friendly inside a
// template: written directly in a static_assert, a deleted operator<< is a hard error.
template <class Stream, class T>
concept streamable = requires(Stream& os, T const& value) {
    os << value;
};

// The check itself can fail: ordinary values do stream.
static_assert(streamable<std::ostream, std::string>);
static_assert(streamable<std::wostream, int>);

// Not printable, not convertible to a string, not made from one implicitly.
static_assert(!streamable<std::ostream, amperity::secret>,
              "amperity: a secret must not be streamable");
static_assert(!streamable<std::wostream, amperity::secret>);
static_assert(!std::is_convertible_v<amperity::secret, std::string>);
static_assert(!std::is_convertible_v<amperity::secret, std::string_view>);
static_assert(!std::is_convertible_v<std::string, amperity::secret>);
static_assert(std::is_constructible_v<amperity::secret, std::string>);
static_assert(std::is_nothrow_move_constructible_v<amperity::secret>);
static_assert(std::is_nothrow_move_assignable_v<amperity::secret>);
static_assert(std::is_copy_constructible_v<amperity::secret>);

BOOST_AUTO_TEST_SUITE(secret)

BOOST_AUTO_TEST_CASE(reveal_gives_the_value) {
    amperity::secret const s(std::string("tok-123"));
    BOOST_TEST(s.reveal() == "tok-123");
    BOOST_TEST(!s.empty());
    BOOST_TEST(s.size() == 7u);

    // Long enough to live on the heap.
    std::string const long_value(100, 'k');
    amperity::secret const l(long_value);
    BOOST_TEST(l.reveal() == long_value);
    BOOST_TEST(l.size() == 100u);

    // Embedded NUL bytes are part of the value.
    amperity::secret const nul(std::string("a\0b", 3));
    BOOST_TEST(nul.size() == 3u);
    BOOST_TEST(nul.reveal() == std::string_view("a\0b", 3));
}

BOOST_AUTO_TEST_CASE(default_is_empty) {
    amperity::secret const s;
    BOOST_TEST(s.empty());
    BOOST_TEST(s.size() == 0u);
    BOOST_TEST(s.reveal() == "");
    BOOST_TEST(amperity::secret(std::string()).empty());
}

BOOST_AUTO_TEST_CASE(equality) {
    using amperity::secret;
    BOOST_TEST((secret(std::string("abc")) == secret(std::string("abc"))));
    BOOST_TEST((secret() == secret()));
    BOOST_TEST((secret() == secret(std::string())));
    // Different length, including a prefix.
    BOOST_TEST(!(secret(std::string("abc")) == secret(std::string("abcd"))));
    BOOST_TEST(!(secret(std::string("abcd")) == secret(std::string("abc"))));
    BOOST_TEST(!(secret(std::string("abc")) == secret()));
    BOOST_TEST(!(secret() == secret(std::string("abc"))));
    // A trailing NUL byte still makes a longer value.
    BOOST_TEST(!(secret(std::string("ab\0", 3)) == secret(std::string("ab"))));
    BOOST_TEST(!(secret(std::string("ab")) == secret(std::string("ab\0", 3))));
    // Same length, one byte different at the start, middle or end.
    BOOST_TEST(!(secret(std::string("abc")) == secret(std::string("xbc"))));
    BOOST_TEST(!(secret(std::string("abc")) == secret(std::string("axc"))));
    BOOST_TEST(!(secret(std::string("abc")) == secret(std::string("abx"))));
    // One bit different, and bytes above 0x7F.
    BOOST_TEST(!(secret(std::string("a")) == secret(std::string("c"))));
    BOOST_TEST(!(secret(std::string("\x80")) == secret(std::string("\x00", 1))));
    BOOST_TEST((secret(std::string("\xff\x80")) == secret(std::string("\xff\x80"))));
    BOOST_TEST(!(secret(std::string(100, 'x')) == secret(std::string(99, 'x') + "y")));
    // != is the rewritten ==.
    BOOST_TEST((secret(std::string("abc")) != secret(std::string("abd"))));
    BOOST_TEST(!(secret(std::string("abc")) != secret(std::string("abc"))));
}

BOOST_AUTO_TEST_CASE(moved_from_is_empty) {
    for (std::size_t n : {std::size_t{7}, std::size_t{100}}) { // short (SSO) and heap
        BOOST_TEST_CONTEXT("length " << n) {
            std::string const value(n, 's');
            amperity::secret a(value);
            amperity::secret b(std::move(a));
            BOOST_TEST(b.reveal() == value);
            BOOST_TEST(a.empty()); // NOLINT(bugprone-use-after-move): checking the state
            BOOST_TEST(a.size() == 0u);
            BOOST_TEST(a.reveal() == "");

            amperity::secret c(std::string("old value"));
            c = std::move(b);
            BOOST_TEST(c.reveal() == value);
            BOOST_TEST(b.empty()); // NOLINT(bugprone-use-after-move)
            BOOST_TEST(b.reveal() == "");

            // A moved-from secret can be reused.
            b = amperity::secret(std::string("new"));
            BOOST_TEST(b.reveal() == "new");
        }
    }
}

BOOST_AUTO_TEST_CASE(self_move_keeps_the_value) {
    amperity::secret s(std::string("keep me"));
    amperity::secret& alias = s;
    s = std::move(alias);
    BOOST_TEST(s.reveal() == "keep me");
}

BOOST_AUTO_TEST_CASE(copy_keeps_the_value) {
    amperity::secret const a(std::string("copy-me"));
    amperity::secret const b(a);
    BOOST_TEST(b.reveal() == "copy-me");
    BOOST_TEST(a.reveal() == "copy-me");
    BOOST_TEST((a == b));

    amperity::secret c(std::string("something else entirely, and long enough for the heap"));
    c = a;
    BOOST_TEST(c.reveal() == "copy-me");
    BOOST_TEST(a.reveal() == "copy-me");
    // Copies are independent.
    c = amperity::secret(std::string("changed"));
    BOOST_TEST(a.reveal() == "copy-me");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
