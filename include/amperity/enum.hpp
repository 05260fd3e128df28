// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_ENUM_HPP
#define AMPERITY_ENUM_HPP

// Closed and open string enums. The generator specialises enum_traits<E> for each enum of the
// spec (names in spec order, aliases, terminal values, the diagnostic for bad literals); the
// algorithms live here, once.
//
// Closed enum (run_mode): an `enum class`; unknown strings are an error. Literals are checked at
// compile time through enum_literal<E>; run-time strings go through parse_enum<E>() explicitly,
// like fmt::runtime.
//
// Open enum (workflow_state): the server may add values at any time (a non-breaking change in
// Amperity's versioning policy), so the value keeps the exact string it was decoded from and
// only *recognises* the known ones. It never maps an unknown string to some default enumerator.

#include <amperity/detail/assign_chars.hpp>
#include <amperity/error.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace amperity {

/// Specialised by the generator for every enum in the spec. Members:
/// `type_name`, `names` (canonical wire spelling per enumerator), `expected` (human text) and,
/// for closed enums, `reject_literal(bool)`; for open enums, `aliases` and `terminal`.
template <class E>
struct enum_traits;

/// One extra wire spelling that means the same enumerator (open enums only).
template <class E>
struct enum_alias {
    /// The extra spelling.
    std::string_view wire;
    /// The enumerator it means.
    E value;
};

/// Satisfied by the closed enums the generator emits.
template <class E>
concept closed_enum = std::is_enum_v<E> && requires {
    enum_traits<E>::names;
    enum_traits<E>::closed;
} && enum_traits<E>::closed;

/// Satisfied by the value enums behind open enums.
template <class E>
concept open_enum_value = std::is_enum_v<E> && requires {
    enum_traits<E>::names;
    enum_traits<E>::aliases;
};

namespace detail {

template <class E>
constexpr std::optional<E> lookup_enum(std::string_view s) noexcept {
    if constexpr (requires { { enum_traits<E>::find(s) } -> std::same_as<int>; }) {
        // The generator's dispatch (names and aliases): a switch on the length and one byte,
        // then one compare, instead of a compare per spelling.
        int const i = enum_traits<E>::find(s);
        if (i < 0) return std::nullopt;
        return static_cast<E>(i);
    } else {
        auto const& names = enum_traits<E>::names;
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == s) return static_cast<E>(i);
        if constexpr (requires { enum_traits<E>::aliases; }) {
            for (auto const& a : enum_traits<E>::aliases)
                if (a.wire == s) return a.value;
        }
        return std::nullopt;
    }
}

} // namespace detail

/// The canonical wire spelling of a closed enum value: `to_string(run_mode::source) == "source"`.
template <closed_enum E>
constexpr std::string_view to_string(E e) noexcept {
    return enum_traits<E>::names[static_cast<std::size_t>(e)];
}

/// Parses a closed enum from a run-time string; the error names the valid values.
///
///     auto mode = amperity::parse_enum<amperity::run_mode>(argv[1]);
///     if (!mode) std::cerr << mode.error().message();  // run_mode: "sauce" is not one of ...
template <closed_enum E>
validation_result<E> parse_enum(std::string_view s) {
    if (auto e = detail::lookup_enum<E>(s)) return *e;
    std::string msg = detail::quoted_excerpt(s) + " is not ";
    msg += enum_traits<E>::expected;
    return validation_error(errc::invalid_enum_value, std::string(enum_traits<E>::type_name),
                            std::move(msg));
}

/// A closed enum value written as a string literal and checked at compile time.
///
///     request.with_run_mode("source");   // ok
///     request.with_run_mode("sauce");    // error: ... run_mode_must_be_source_refresh_or_full
template <closed_enum E>
class enum_literal {
public:
    /// Checks `text` at compile time: a bad literal does not compile.
    template <std::size_t N>
    consteval enum_literal(char const (&text)[N]) // NOLINT: implicit by design, like fmt::format_string
        : value_(check(std::string_view(text, N - 1))) {}

    /// An enumerator, e.g. run_mode::source.
    consteval enum_literal(E e) : value_(e) {} // NOLINT: implicit, accepts run_mode::source too

    /// The enumerator.
    constexpr E value() const noexcept { return value_; }
    /// The enumerator.
    constexpr operator E() const noexcept { return value_; } // NOLINT

private:
    static consteval E check(std::string_view s) {
        auto e = detail::lookup_enum<E>(s);
        // On a bad literal this calls a deliberately non-constexpr function whose name is the
        // diagnostic (fmt's consteval pattern), e.g. run_mode_must_be_source_refresh_or_full().
        enum_traits<E>::reject_literal(!e.has_value());
        return e.value_or(E{});
    }

    E value_;
};

/// An open string enum: a known enumerator or the exact string the server sent.
///
/// `Value` is the generated `enum class` of known values. Compares equal to an enumerator when
/// it recognises the wire string (canonical spelling or an alias); encodes back the string it
/// was decoded from, byte for byte.
///
///     if (wf.state == amperity::workflow_state::succeeded) ...
///     std::cout << wf.state.wire();   // "succeeded", or whatever new value the server sent
template <open_enum_value Value>
class open_enum {
public:
    /// The generated enum of known values.
    using value_type = Value;

    /// Empty: neither known nor a wire string. Only exists so that structs can be default
    /// constructed before decoding.
    open_enum() = default;

    /// A known value, spelled canonically.
    open_enum(Value v) // NOLINT: implicit so that `state = workflow_state::running` reads well
        : wire_(enum_traits<Value>::names[static_cast<std::size_t>(v)]), known_(v) {}

    /// Any wire string, kept verbatim; recognised if it is a known spelling.
    static open_enum from_wire(std::string_view wire) {
        open_enum r;
        r.assign_wire(wire);
        return r;
    }

    /// Replaces the value, reusing this object's string storage.
    void assign_wire(std::string_view wire) {
        detail::assign_chars(wire_, wire); // a plain copy into the existing storage
        known_ = detail::lookup_enum<Value>(wire);
    }

    /// The known enumerator, or nullopt for a value this version of the library does not know.
    std::optional<Value> known() const noexcept { return known_; }
    /// True when known() has a value.
    bool is_known() const noexcept { return known_.has_value(); }

    /// The exact string received (or the canonical spelling of a known value).
    std::string_view wire() const noexcept { return wire_; }

    /// True for the enumerators the spec marks terminal. Unknown values are never terminal: a
    /// state this library does not know might still change.
    bool is_terminal() const noexcept
        requires requires { enum_traits<Value>::terminal; }
    {
        return known_ && enum_traits<Value>::terminal[static_cast<std::size_t>(*known_)];
    }

    /// True when `a` is known and is `b`.
    friend bool operator==(open_enum const& a, Value b) noexcept { return a.known_ == b; }
    /// Two open enums are equal when they hold the same wire string.
    friend bool operator==(open_enum const& a, open_enum const& b) noexcept {
        return a.wire_ == b.wire_;
    }

private:
    std::string wire_;
    std::optional<Value> known_;
};

} // namespace amperity

#endif // AMPERITY_ENUM_HPP
