// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

#include "params.hpp"

#include <array>
#include <charconv>

namespace amperity::emulator::detail {

namespace {

struct integer_bounds {
    std::string_view wire;
    std::int64_t min;
    std::int64_t max;
};

/// The emulator's bounds on integer parameters, by wire name (the spec documents none).
constexpr std::array<integer_bounds, 1> bounded_integers{{
    {"limit", 1, max_page_size},
}};

validation_result<void> invalid(std::string_view wire, std::string detail) {
    return validation_error(errc::invalid_parameter, std::string(wire), std::move(detail));
}

} // namespace

validation_result<void> read_param(std::string_view, std::string_view text, std::string& out) {
    out = std::string(text);
    return {};
}

validation_result<void> read_param(std::string_view wire, std::string_view text,
                                   std::int64_t& out) {
    std::optional<integer_bounds> bounds;
    for (auto const& b : bounded_integers)
        if (b.wire == wire)
            bounds = b;
    std::int64_t v = 0;
    auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && end == text.data() + text.size() &&
        (!bounds || (v >= bounds->min && v <= bounds->max))) {
        out = v;
        return {};
    }
    std::string expected = "expected an integer";
    if (bounds)
        expected += " from " + std::to_string(bounds->min) + " to " + std::to_string(bounds->max);
    return invalid(wire, expected + ", got " + quoted(text));
}

validation_result<void> read_param(std::string_view wire, std::string_view text, bool& out) {
    if (text == "true")
        out = true;
    else if (text == "false")
        out = false;
    else
        return invalid(wire, "expected true or false, got " + quoted(text));
    return {};
}

validation_result<void> read_param(std::string_view wire, std::string_view text,
                                   amperity::date_or_time& out) {
    auto const r = amperity::date_or_time::parse(text);
    if (!r)
        return invalid(wire, quoted(text) + " is not a date (YYYY-MM-DD) or date-time (" +
                                 std::string(amperity::describe(r.error)) + ")");
    out = r.value;
    return {};
}

validation_result<void> read_param(std::string_view wire, std::string_view text,
                                   amperity::timestamp& out) {
    auto const r = amperity::parse_timestamp(text);
    if (!r)
        return invalid(wire, quoted(text) + " is not a date-time (" +
                                 std::string(amperity::describe(r.error)) + ")");
    out = r.value;
    return {};
}

} // namespace amperity::emulator::detail
