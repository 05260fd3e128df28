#include <amperity/enum.hpp>

#include <amperity/model.hpp>

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

namespace amperity_unit {

using amperity::run_mode;
using amperity::task_state;
using amperity::workflow_state;

BOOST_AUTO_TEST_SUITE(enums)

BOOST_AUTO_TEST_CASE(closed_enum_names_follow_the_spec) {
    BOOST_TEST(amperity::to_string(run_mode::source) == "source");
    BOOST_TEST(amperity::to_string(run_mode::refresh) == "refresh");
    BOOST_TEST(amperity::to_string(run_mode::full) == "full");
    BOOST_TEST(amperity::to_string(amperity::workflow_view::verbose) == "verbose");
    static_assert(amperity::to_string(run_mode::full) == "full");
}

BOOST_AUTO_TEST_CASE(closed_enum_parse_returns_errors_naming_valid_values) {
    BOOST_TEST((amperity::parse_enum<run_mode>("refresh").value() == run_mode::refresh));
    auto bad = amperity::parse_enum<run_mode>("Source");
    BOOST_REQUIRE(!bad.has_value());
    BOOST_TEST(bad.error().value() == amperity::errc::invalid_enum_value);
    BOOST_TEST(bad.error().message() ==
               R"(run_mode: "Source" is not one of "source", "refresh", "full")");
    // Long input is clipped, never echoed whole.
    auto huge = amperity::parse_enum<run_mode>(std::string(1000, 'x'));
    BOOST_TEST(huge.error().message().size() < 200u);
    BOOST_TEST(!amperity::parse_enum<run_mode>("").has_value());
}

BOOST_AUTO_TEST_CASE(enum_literal_is_checked_at_compile_time) {
    constexpr amperity::enum_literal<run_mode> lit = "refresh";
    static_assert(lit.value() == run_mode::refresh);
    constexpr amperity::enum_literal<run_mode> from_value = run_mode::full;
    static_assert(from_value.value() == run_mode::full);
    BOOST_TEST((lit.value() == run_mode::refresh));
}

BOOST_AUTO_TEST_CASE(open_enum_recognises_known_values) {
    auto s = workflow_state::from_wire("succeeded");
    workflow_state st = s;
    BOOST_TEST(st.is_known());
    BOOST_TEST((st == workflow_state::succeeded));
    BOOST_TEST(!(st == workflow_state::failed));
    BOOST_TEST(st.is_terminal());
    BOOST_TEST(st.wire() == "succeeded");
}

BOOST_AUTO_TEST_CASE(open_enum_keeps_unknown_values_verbatim) {
    workflow_state st = workflow_state::from_wire("Exploded Weirdly \xc3\xa9");
    BOOST_TEST(!st.is_known());
    BOOST_TEST(!st.known().has_value());
    BOOST_TEST(st.wire() == "Exploded Weirdly \xc3\xa9");
    // Unknown states are never terminal: they might still change.
    BOOST_TEST(!st.is_terminal());
    for (auto v : {workflow_state::scheduled, workflow_state::running, workflow_state::failed})
        BOOST_TEST(!(st == v));
    // Case matters: the wire values are lower case.
    BOOST_TEST(!workflow_state::from_wire("Succeeded").is_known());
}

BOOST_AUTO_TEST_CASE(aliases_compare_equal_but_keep_their_spelling) {
    workflow_state a = workflow_state::from_wire("running with failures");
    workflow_state b = workflow_state::from_wire("running_with_failures");
    workflow_state c = workflow_state::from_wire("running-with-failures");
    for (auto const* s : {&a, &b, &c}) BOOST_TEST((*s == workflow_state::running_with_failures));
    BOOST_TEST(a.wire() == "running with failures");
    BOOST_TEST(!(a == b)); // values compare by wire string
    BOOST_TEST(!a.is_terminal());
    task_state t = task_state::from_wire("up for retry");
    BOOST_TEST((t == task_state::up_for_retry));
}

// The run-time lookup (the generated switch on length and byte) finds every spelling, names
// and aliases, and nothing else: not the spelling one byte shorter or longer, not the spelling
// with any one byte's case flipped, not a known spelling that only starts a longer view.
template <class E>
void check_lookup_of_every_spelling() {
    auto check = [](std::string_view wire, int index) {
        auto const found = amperity::detail::lookup_enum<E>(wire);
        BOOST_TEST((found && static_cast<int>(*found) == index), wire);
        std::string buffer(wire);
        buffer += "xyzw";
        std::string_view const longer = std::string_view(buffer).substr(0, wire.size() + 1);
        BOOST_TEST(!amperity::detail::lookup_enum<E>(longer), buffer);
        BOOST_TEST((amperity::detail::lookup_enum<E>(std::string_view(buffer).substr(
                        0, wire.size())) == found), buffer);
        BOOST_TEST(!amperity::detail::lookup_enum<E>(wire.substr(0, wire.size() - 1)), wire);
        for (std::size_t i = 0; i < wire.size(); ++i) {
            std::string changed(wire);
            changed[i] = static_cast<char>(changed[i] ^ 0x20);
            BOOST_TEST(!amperity::detail::lookup_enum<E>(changed), changed);
        }
    };
    auto const& names = amperity::enum_traits<E>::names;
    for (std::size_t i = 0; i < names.size(); ++i) check(names[i], static_cast<int>(i));
    if constexpr (requires { amperity::enum_traits<E>::aliases; })
        for (auto const& a : amperity::enum_traits<E>::aliases)
            check(a.wire, static_cast<int>(a.value));
}

BOOST_AUTO_TEST_CASE(lookup_finds_every_spelling_and_nothing_else) {
    check_lookup_of_every_spelling<amperity::workflow_state_value>();
    check_lookup_of_every_spelling<amperity::task_state_value>();
    check_lookup_of_every_spelling<amperity::execution_type_value>();
    check_lookup_of_every_spelling<amperity::error_attribution_value>();
    check_lookup_of_every_spelling<amperity::run_mode>();
    check_lookup_of_every_spelling<amperity::workflow_view>();
    for (std::string_view nothing : {"", "a", "abc", "abcd", "abcdefghijklmnop", "abcdefghijklmnopq"})
        BOOST_TEST(!amperity::detail::lookup_enum<amperity::task_state_value>(nothing), nothing);
}

BOOST_AUTO_TEST_CASE(terminal_values_match_the_spec) {
    for (auto v : {workflow_state::succeeded, workflow_state::failed, workflow_state::canceled,
                   workflow_state::stopped})
        BOOST_TEST(workflow_state(v).is_terminal());
    for (auto v : {workflow_state::scheduled, workflow_state::started, workflow_state::running,
                   workflow_state::in_progress, workflow_state::stopping,
                   workflow_state::canceling, workflow_state::paused})
        BOOST_TEST(!workflow_state(v).is_terminal());
    BOOST_TEST(task_state(task_state::skipped).is_terminal());
    BOOST_TEST(!task_state(task_state::finalizing).is_terminal());
}

BOOST_AUTO_TEST_CASE(constructed_from_enumerator_uses_canonical_spelling) {
    workflow_state st = workflow_state::in_progress;
    BOOST_TEST(st.wire() == "in-progress");
    BOOST_TEST((st == workflow_state::in_progress));
    workflow_state empty;
    BOOST_TEST(!empty.is_known());
    BOOST_TEST(empty.wire().empty());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
