// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_EMULATOR_PAGING_HPP
#define AMPERITY_EMULATOR_PAGING_HPP

// Paging of the list operations: stateless page tokens and the page a request selects.
//
// A page token carries its position (list-workflows: the seq of the last run returned; other
// lists: an offset) and a MAC over it and the list's operationId, so the server keeps no
// per-token state and refuses tokens it did not make for that list. Internal to the
// amperity_emulator library.

#include "text.hpp"

#include <amperity/model.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amperity::emulator::detail {

class page_tokens {
public:
    /// With a fresh random key.
    page_tokens();
    /// A new key: every token handed out so far stops working (server::reset).
    void renew();
    /// The token for `position` in the list of that operationId.
    std::string make(std::string_view list, std::uint64_t position) const;
    /// The position a token of that list carries; nullopt for a token this key did not make for
    /// that list.
    std::optional<std::uint64_t> read(std::string_view list, std::string_view token) const;

private:
    std::string mac(std::string_view list, std::string_view position) const;

    std::array<unsigned char, 32> key_{};
};

/// An operation the spec marks paginated (x-amperity-paginated): it takes limit, next_token
/// and with_total and answers data, next_token and total.
template <class Op>
concept paginated_operation = amperity::operation_descriptor<Op> && Op::paginated;

/// The page a list request asks for.
struct paging {
    std::size_t limit = 25;
    /// The position its next_token carries; nullopt for the first page.
    std::optional<std::uint64_t> cursor;
    bool with_total = false;
};

/// The paging of a paginated operation's parameters (limit was bounded by parse_params); the
/// error is the 400 answer for a next_token that is not one of ours.
template <paginated_operation Op>
validation_result<paging> paging_of(typename Op::params_type const& params,
                                    page_tokens const& tokens) {
    paging pg;
    if (params.limit)
        pg.limit = static_cast<std::size_t>(*params.limit);
    if (params.next_token) {
        pg.cursor = tokens.read(Op::operation_id, *params.next_token);
        if (!pg.cursor)
            return validation_error(errc::invalid_parameter, "next_token",
                                    "unknown or expired token " + quoted(*params.next_token));
    }
    pg.with_total = params.with_total.value_or(false);
    return pg;
}

/// The page `pg` selects of a fixed list (positions are offsets), as Op's response: data,
/// next_token when more follow, total when asked for.
template <paginated_operation Op, class Item>
typename Op::response_type page_of(std::vector<Item> const& items, paging const& pg,
                                   page_tokens const& tokens) {
    typename Op::response_type out;
    std::size_t const first = pg.cursor ? static_cast<std::size_t>(*pg.cursor) : 0;
    for (std::size_t i = first; i < items.size() && out.data.size() < pg.limit; ++i)
        out.data.push_back(items[i]);
    std::size_t const next = first + out.data.size();
    if (next < items.size())
        out.next_token = tokens.make(Op::operation_id, next);
    if (pg.with_total)
        out.total = static_cast<std::int64_t>(items.size());
    return out;
}

} // namespace amperity::emulator::detail

#endif // AMPERITY_EMULATOR_PAGING_HPP
