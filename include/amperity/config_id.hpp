// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_CONFIG_ID_HPP
#define AMPERITY_CONFIG_ID_HPP

// Config ids typed by kind. The kinds and their prefixes come from the spec
// (x-amperity-config-id-kinds): the generator specialises config_kind_traits<Kind> for each
// one. This header holds the checks, once.
//
//     amperity::courier_group_id id{"cg-123ABc4DE"};   // checked at compile time
//     auto id = amperity::courier_group_id::parse(s);  // run time: result<id, validation_error>

#include <amperity/error.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace amperity {

/// Specialised by the generator per config kind: `prefix` ("cg-"), `label` ("courier group"),
/// and `reject_prefix(bool)`, which on true calls a non-constexpr function named after the rule.
template <auto Kind>
struct config_kind_traits;

namespace detail {

/// The longest id body (after the prefix) we accept. Amperity's ids are ~10 characters; the
/// bound keeps the type fixed-size and a hostile config file from making us send megabytes.
inline constexpr std::size_t max_config_id_body = 64;

constexpr bool is_config_id_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

/// Empty string when `body` is fine, otherwise what is wrong with it.
constexpr std::string_view config_id_body_problem(std::string_view body) noexcept {
    if (body.empty()) return "nothing follows the prefix";
    if (body.size() > max_config_id_body) return "longer than 64 characters after the prefix";
    for (char c : body)
        if (!is_config_id_char(c))
            return "may contain only letters, digits, '-' and '_' after the prefix";
    return {};
}

// Deliberately not constexpr: called from a consteval constructor on a bad literal, the
// compiler error names it.
inline void config_id_must_be_prefix_then_1_to_64_letters_digits_dashes_or_underscores() {}

} // namespace detail

/// A config-id string literal checked at compile time for kind `Kind`: the prefix must match
/// the kind and the rest must be 1-64 letters, digits, dashes or underscores. Only a consteval
/// constructor makes one, so holding one proves the text was checked.
///
/// Why a separate type and not a consteval constructor of config_id itself: clang 14 crashes in
/// code generation when a braced temporary of a class with a consteval constructor
/// (`courier_group_id{"cg-1"}`) shares a full-expression with another immediate invocation
/// (`.with_run_mode("source")`), llvm/llvm-project#55871, fixed in clang 16. Here the braces
/// call an ordinary constexpr constructor and the check is the implicit conversion of the
/// literal, which clang 14 compiles. The guarantee is the same: a bad literal does not compile.
template <auto Kind>
class config_id_literal {
public:
    /// Checks `text` at compile time: a bad literal does not compile.
    template <std::size_t N>
    consteval config_id_literal(char const (&text)[N]) // NOLINT: implicit, like fmt::format_string
        : text_(text, N - 1) {
        config_kind_traits<Kind>::reject_prefix(!text_.starts_with(config_kind_traits<Kind>::prefix));
        if (!detail::config_id_body_problem(text_.substr(config_kind_traits<Kind>::prefix.size()))
                 .empty())
            detail::config_id_must_be_prefix_then_1_to_64_letters_digits_dashes_or_underscores();
    }

    /// The literal.
    constexpr std::string_view str() const noexcept { return text_; }

private:
    std::string_view text_; // points into the string literal (static storage)
};

/// The id of a courier group, orchestration group or campaign; `Kind` is fixed by the type.
template <auto Kind>
class config_id {
public:
    /// The generated prefix and label of `Kind`.
    using traits = config_kind_traits<Kind>;
    /// The kind of config this id names.
    static constexpr auto kind = Kind;

    /// From a string literal, checked at compile time: the prefix must match the kind
    /// (`courier_group_id{"og-1"}` does not compile) and the rest must be 1-64 letters, digits,
    /// dashes or underscores.
    constexpr config_id(config_id_literal<Kind> text) noexcept { // NOLINT: implicit by design
        assign(text.str());
    }

    /// From run-time text (a config file, a command line): never throws.
    static validation_result<config_id> parse(std::string_view s) {
        if (!s.starts_with(traits::prefix))
            return validation_error(errc::invalid_config_id, "config_id",
                                    "a " + std::string(traits::label) + " id starts with \"" +
                                        std::string(traits::prefix) + "\"");
        if (auto problem = detail::config_id_body_problem(s.substr(traits::prefix.size()));
            !problem.empty())
            return validation_error(errc::invalid_config_id, "config_id", std::string(problem));
        config_id r;
        r.assign(s);
        return r;
    }

    /// The id, prefix included.
    constexpr std::string_view str() const noexcept { return {data_, size_}; }
    /// The id as a std::string.
    std::string to_string() const { return std::string(str()); }

    friend constexpr bool operator==(config_id const& a, config_id const& b) noexcept {
        return a.str() == b.str();
    }

private:
    constexpr config_id() = default;

    constexpr void assign(std::string_view s) noexcept {
        std::copy(s.begin(), s.end(), data_);
        size_ = static_cast<std::uint8_t>(s.size());
    }

    // Fixed storage: usable in constant expressions and never allocates.
    char data_[16 + detail::max_config_id_body] = {};
    std::uint8_t size_ = 0;
};

} // namespace amperity

#endif // AMPERITY_CONFIG_ID_HPP
