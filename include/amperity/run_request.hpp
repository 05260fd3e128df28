// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_RUN_REQUEST_HPP
#define AMPERITY_RUN_REQUEST_HPP

// Building a run-workflow request, checked at compile time where the values are literals and
// by one validating function where they are run-time data.
//
// This header is part of the operation layer: it builds the generated wire type
// (workflow_run_request) and reads the generated rules (which fields apply to which config
// kind), so unlike the other hand-written headers it includes generated/.
//
//     using namespace amperity;
//     auto req = run_request{courier_group_id{"cg-123ABc4DE"}}
//                    .with_run_mode("source")                       // checked: source|refresh|full
//                    .with_range({"2024-06-01", "2024-06-08"});     // checked: dates, from < to
//     workflow_run_request wire = req.to_wire();
//
//     // From a config file: nothing throws, nothing invalid gets through.
//     auto wire = make_run_request({.config_id = id_text, .run_mode = mode_text});
//     if (!wire) std::cerr << wire.error().message() << '\n';

#include <amperity/config_id.hpp>
#include <amperity/enum.hpp>
#include <amperity/error.hpp>
#include <amperity/generated/enums.hpp>
#include <amperity/generated/rules.hpp>
#include <amperity/generated/types.hpp>
#include <amperity/time.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace amperity {

namespace detail {
// Deliberately not constexpr: called from a consteval constructor on a bad literal, the
// compiler error names it.
inline void range_must_be_yyyy_mm_dd_or_an_iso8601_date_time_with_offset() {}
inline void range_from_must_precede_range_to() {}

template <auto>
inline constexpr bool dependent_false = false;
} // namespace detail

/// A range_from or range_to literal: "YYYY-MM-DD" or a full ISO 8601 date-time with `Z` or a
/// numeric offset, checked at compile time.
class range_literal {
public:
    /// Checks `text` at compile time: a bad literal does not compile.
    template <std::size_t N>
    consteval range_literal(char const (&text)[N]) // NOLINT: implicit, like fmt::format_string
        : value_(check(std::string_view(text, N - 1))) {}

    /// The parsed date or date-time.
    constexpr date_or_time value() const noexcept { return value_; }

private:
    static consteval date_or_time check(std::string_view s) {
        auto r = date_or_time::parse(s);
        if (!r) detail::range_must_be_yyyy_mm_dd_or_an_iso8601_date_time_with_offset();
        return r.value;
    }

    date_or_time value_;
};

/// A [from, to) window with from < to. Literals are checked at compile time; run-time values go
/// through time_range::make.
class time_range {
public:
    /// Two literals, checked at compile time (format and order).
    template <std::size_t N, std::size_t M>
    consteval time_range(char const (&from)[N], char const (&to)[M])
        : from_(range_literal(from).value()), to_(range_literal(to).value()) {
        if (!(from_.time_point() < to_.time_point())) detail::range_from_must_precede_range_to();
    }

    /// From run-time values: errc::invalid_order unless from < to.
    static validation_result<time_range> make(date_or_time from, date_or_time to) {
        if (!(from.time_point() < to.time_point()))
            return validation_error(errc::invalid_order, "range_to",
                                    "must be later than range_from (" + format(from) + " is not before " +
                                        format(to) + ")");
        return time_range(from, to);
    }

    /// The start (inclusive).
    constexpr date_or_time from() const noexcept { return from_; }
    /// The end (exclusive).
    constexpr date_or_time to() const noexcept { return to_; }

private:
    constexpr time_range(date_or_time from, date_or_time to) noexcept : from_(from), to_(to) {}

    date_or_time from_;
    date_or_time to_;
};

/// A run-workflow request for a config of kind `Kind`, valid by construction.
///
/// run_mode, range_from and range_to apply to courier groups only: on a run_request for an
/// orchestration group or a campaign, the calls that set them do not compile. range_to cannot
/// be set on its own: with_range(from, to) sets both and checks their order.
template <config_kind Kind>
class run_request {
public:
    /// A request to run the config `id`, with no options.
    constexpr explicit run_request(config_id<Kind> id) noexcept : id_(id) {}

    /// The run mode as a literal ("source", "refresh", "full"), checked at compile time.
    constexpr run_request with_run_mode(enum_literal<run_mode> mode) const {
        return with_run_mode(mode.value());
    }

    /// The run mode as a value (e.g. from parse_enum<run_mode>).
    constexpr run_request with_run_mode(run_mode mode) const {
        // A static_assert (not a constraint) so that the diagnostic reads as a sentence.
        static_assert(workflow_run_request_rules::run_mode_applies_to(Kind),
                      "amperity: run_mode, range_from and range_to apply to courier groups only");
        run_request r = *this;
        r.run_mode_ = mode;
        return r;
    }

    /// The day (or instant) to run for, without an end: "2024-06-01".
    constexpr run_request with_range_from(range_literal from) const {
        return with_range_from(from.value());
    }

    /// The day (or instant) to run for, as a value.
    constexpr run_request with_range_from(date_or_time from) const {
        static_assert(workflow_run_request_rules::range_from_applies_to(Kind),
                      "amperity: run_mode, range_from and range_to apply to courier groups only");
        run_request r = *this;
        r.range_from_ = from;
        r.range_to_.reset();
        return r;
    }

    /// A [from, to) window: `.with_range({"2024-06-01", "2024-06-08"})`.
    constexpr run_request with_range(time_range range) const {
        static_assert(workflow_run_request_rules::range_to_applies_to(Kind),
                      "amperity: run_mode, range_from and range_to apply to courier groups only");
        run_request r = *this;
        r.range_from_ = range.from();
        r.range_to_ = range.to();
        return r;
    }

    /// Does not compile, by design: range_to needs range_from, and setting both together is
    /// what lets their order be checked. Use with_range(from, to).
    template <class T>
    constexpr run_request with_range_to(T const&) const {
        static_assert(workflow_run_request_rules::range_to_applies_to(Kind),
                      "amperity: run_mode, range_from and range_to apply to courier groups only");
        static_assert(detail::dependent_false<Kind>,
                      "amperity: range_to requires range_from: use with_range(from, to), which "
                      "sets both and checks that from precedes to");
        return *this;
    }

    /// The config to run.
    constexpr config_id<Kind> const& id() const noexcept { return id_; }
    /// The run mode, if set.
    constexpr std::optional<run_mode> mode() const noexcept { return run_mode_; }
    /// range_from, if set.
    constexpr std::optional<date_or_time> range_from() const noexcept { return range_from_; }
    /// range_to, if set.
    constexpr std::optional<date_or_time> range_to() const noexcept { return range_to_; }

    /// The body sent to POST /workflow/runs.
    workflow_run_request to_wire() const {
        workflow_run_request w;
        w.config_id = id_.to_string();
        w.run_mode = run_mode_;
        w.range_from = range_from_;
        w.range_to = range_to_;
        return w;
    }

private:
    config_id<Kind> id_;
    std::optional<run_mode> run_mode_;
    std::optional<date_or_time> range_from_;
    std::optional<date_or_time> range_to_;
};

/// `run_request{courier_group_id{"cg-1"}}` deduces the kind.
template <config_kind Kind>
run_request(config_id<Kind>) -> run_request<Kind>;

/// Run-time text for a run-workflow request, as read from a config file or a command line.
struct run_request_fields {
    /// The config id ("cg-...", "og-...", "cc-...").
    std::string_view config_id = {};
    /// "source", "refresh" or "full".
    std::optional<std::string_view> run_mode = {};
    /// "YYYY-MM-DD" or an ISO 8601 date-time.
    std::optional<std::string_view> range_from = {};
    /// As range_from; needs range_from.
    std::optional<std::string_view> range_to = {};
};

namespace detail {
inline validation_result<date_or_time> parse_range_field(std::string_view field,
                                                         std::string_view text) {
    auto r = date_or_time::parse(text);
    if (!r)
        return validation_error(errc::invalid_range, std::string(field),
                                quoted_excerpt(text) + " is not YYYY-MM-DD or an ISO 8601 date-time (" +
                                    std::string(describe(r.error)) + " at character " +
                                    std::to_string(r.position) + ")");
    return r.value;
}
} // namespace detail

/// Builds and validates a run-workflow request from run-time text. Returns the first problem
/// found, naming the field; never throws for bad input and never returns an invalid request.
inline validation_result<workflow_run_request> make_run_request(run_request_fields const& f) {
    workflow_run_request w;
    w.config_id.assign(f.config_id.data(), f.config_id.size());
    if (f.run_mode) {
        auto m = parse_enum<run_mode>(*f.run_mode);
        if (!m) return validation_error(errc::invalid_enum_value, "run_mode", m.error().detail());
        w.run_mode = *m;
    }
    if (f.range_from) {
        auto r = detail::parse_range_field("range_from", *f.range_from);
        if (!r) return r.error();
        w.range_from = *r;
    }
    if (f.range_to) {
        auto r = detail::parse_range_field("range_to", *f.range_to);
        if (!r) return r.error();
        w.range_to = *r;
    }
    if (auto v = validate(w); !v) return v.error();
    return w;
}

} // namespace amperity

#endif // AMPERITY_RUN_REQUEST_HPP
