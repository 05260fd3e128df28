// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_RULES_HPP
#define AMPERITY_DETAIL_RULES_HPP

// The algorithms behind the generated validate() functions (generated/rules.hpp): the
// generator emits which rule applies to which field, these build the checks and the messages.

#include <amperity/config_id.hpp>
#include <amperity/error.hpp>
#include <amperity/time.hpp>

#include <string>
#include <string_view>

namespace amperity::detail {

template <class Kind>
struct config_kind_info {
    Kind kind;
    std::string_view prefix;
    std::string_view label;
};

/// The kind whose prefix starts `id`, after checking the rest of the id.
template <class Table>
auto find_config_kind(Table const& kinds, std::string_view id)
    -> validation_result<decltype(kinds[0].kind)> {
    for (auto const& k : kinds) {
        if (!id.starts_with(k.prefix)) continue;
        if (auto problem = config_id_body_problem(id.substr(k.prefix.size())); !problem.empty())
            return validation_error(errc::invalid_config_id, "config_id",
                                    quoted_excerpt(id) + " " + std::string(problem));
        return k.kind;
    }
    std::string known;
    for (auto const& k : kinds) {
        if (!known.empty()) known += ", ";
        known += '"' + std::string(k.prefix) + "\" (" + std::string(k.label) + ")";
    }
    return validation_error(errc::invalid_config_id, "config_id",
                            quoted_excerpt(id) + " does not start with a known prefix: " + known);
}

template <class Table, class Kind>
validation_error not_applicable(std::string_view field, std::string_view applies_to,
                                Table const& kinds, Kind kind, std::string_view id) {
    std::string label = "another kind";
    for (auto const& k : kinds)
        if (k.kind == kind) label = std::string(k.label);
    return validation_error(errc::not_applicable_to_kind, std::string(field),
                            "applies to " + std::string(applies_to) + " only; config_id " +
                                quoted_excerpt(id) + " is of kind " + label);
}

inline validation_error missing_dependency(std::string_view field, std::string_view needs) {
    return validation_error(errc::missing_dependency, std::string(field),
                            "requires " + std::string(needs) + " to be set as well");
}

inline validation_error not_after(std::string_view field, std::string_view before) {
    return validation_error(errc::invalid_order, std::string(field),
                            "must be later than " + std::string(before));
}

constexpr timestamp instant(timestamp t) noexcept { return t; }
constexpr timestamp instant(date_or_time const& t) noexcept { return t.time_point(); }

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_RULES_HPP
