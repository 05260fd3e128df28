// amperity/time.hpp: RFC 3339 timestamps and whole dates as the Amperity API writes them.
//
// Everything here is constexpr and noexcept (except the std::string formatters) because the
// compile-time checked string literals (`range_from("2024-06-01")`) parse inside consteval
// constructors. That is also why the civil-date arithmetic is written out here (Howard Hinnant's
// days_from_civil / civil_from_days) instead of going through the <chrono> calendar types: we
// need the same code to be usable in constant evaluation with g++ 12 and clang 14 on
// libstdc++ 12, and to reject bad input with a position instead of a silent !ok().
//
// Self-contained on purpose: no Boost, so the generated model headers can include it cheaply.
#ifndef AMPERITY_TIME_HPP
#define AMPERITY_TIME_HPP

#include <amperity/detail/civil_time.hpp>
#include <amperity/detail/timestamp_fast.hpp>

#include <bit>
#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace amperity {

/// A UTC instant with millisecond resolution, the precision of every Amperity API timestamp.
///
/// @code
/// amperity::timestamp t{std::chrono::milliseconds{1744990431724}}; // 2025-04-18T15:33:51.724Z
/// @endcode
using timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

/// Why a date or date-time text was rejected. `ok` is zero so that a value-initialized result
/// means success.
enum class time_errc : unsigned char {
    ok = 0,         ///< success
    empty,          ///< the text is empty
    bad_format,     ///< a '-', 'T' or ':' separator is wrong or missing
    bad_year,       ///< not four ASCII digits
    bad_month,      ///< not two ASCII digits, or outside 01-12
    bad_day,        ///< not two ASCII digits, or not a day of that month (Feb 29 needs a leap year)
    bad_hour,       ///< not two ASCII digits, or outside 00-23
    bad_minute,     ///< not two ASCII digits, or outside 00-59
    bad_second,     ///< not two ASCII digits, or outside 00-60
    bad_fraction,   ///< '.' not followed by a digit
    bad_offset,     ///< offset not +HH:MM / -HH:MM with HH 00-23 and MM 00-59
    missing_offset, ///< neither 'Z' nor a numeric offset after the seconds
    trailing_characters, ///< the value is complete but the text goes on
    out_of_range,        ///< applying the offset leaves years 0000-9999 UTC
};

/// A short English phrase for `e`, suitable to follow "invalid timestamp: ".
///
/// @code
/// static_assert(amperity::describe(amperity::time_errc::bad_month) == "month must be 01-12");
/// @endcode
constexpr std::string_view describe(time_errc e) noexcept {
    switch (e) {
    case time_errc::ok:
        return "no error";
    case time_errc::empty:
        return "empty text";
    case time_errc::bad_format:
        return "expected the layout YYYY-MM-DDTHH:MM:SS";
    case time_errc::bad_year:
        return "year must be four digits 0000-9999";
    case time_errc::bad_month:
        return "month must be 01-12";
    case time_errc::bad_day:
        return "day does not exist in that month";
    case time_errc::bad_hour:
        return "hour must be 00-23";
    case time_errc::bad_minute:
        return "minute must be 00-59";
    case time_errc::bad_second:
        return "second must be 00-60";
    case time_errc::bad_fraction:
        return "'.' must be followed by at least one digit";
    case time_errc::bad_offset:
        return "UTC offset must be +HH:MM or -HH:MM (00-23, 00-59)";
    case time_errc::missing_offset:
        return "missing 'Z' or numeric UTC offset";
    case time_errc::trailing_characters:
        return "unexpected characters after the value";
    case time_errc::out_of_range:
        return "instant is outside years 0000-9999 UTC";
    }
    // The underlying type admits values that are not enumerators; answer rather than guess one.
    return "unknown time error";
}

/// The outcome of a parse: a value, or an error and the byte offset in the input where the
/// problem was found. On error `value` is value-initialized and must not be used.
/// Unlike std::optional this is a literal aggregate, so consteval code can inspect it.
///
/// @code
/// constexpr auto r = amperity::parse_timestamp("2024-13-01T00:00:00Z");
/// static_assert(!r && r.error == amperity::time_errc::bad_month && r.position == 5);
/// @endcode
template <class T>
struct time_parse_result {
    /// The parsed value (value-initialized on error).
    T value{};
    /// What is wrong, or time_errc::ok.
    time_errc error = time_errc::ok;
    /// Byte offset in the input where the problem was found.
    std::size_t position = 0;

    /// True on success.
    constexpr explicit operator bool() const noexcept { return error == time_errc::ok; }
};

namespace detail {

struct date_fields {
    std::int64_t days = 0; // since 1970-01-01
    time_errc error = time_errc::ok;
    std::size_t position = 0;
};

// "YYYY-MM-DD" at the start of `text`; whatever follows is the caller's business.
constexpr date_fields parse_date_prefix(std::string_view text) noexcept {
    if (text.empty())
        return {0, time_errc::empty, 0};
    int y = 0, m = 0, d = 0;
    if (auto bad = read_digits(text, 0, 4, y); bad != no_error)
        return {0, time_errc::bad_year, bad};
    if (text.size() <= 4 || text[4] != '-')
        return {0, time_errc::bad_format, 4};
    if (auto bad = read_digits(text, 5, 2, m); bad != no_error)
        return {0, time_errc::bad_month, bad};
    if (m < 1 || m > 12)
        return {0, time_errc::bad_month, 5};
    if (text.size() <= 7 || text[7] != '-')
        return {0, time_errc::bad_format, 7};
    if (auto bad = read_digits(text, 8, 2, d); bad != no_error)
        return {0, time_errc::bad_day, bad};
    auto const month = static_cast<unsigned>(m);
    auto const day = static_cast<unsigned>(d);
    if (day < 1 || day > days_in_month(y, month))
        return {0, time_errc::bad_day, 8};
    return {days_from_civil(y, month, day), time_errc::ok, 0};
}

constexpr time_parse_result<timestamp> fail(time_errc e, std::size_t pos) noexcept {
    return {timestamp{}, e, pos};
}

// The "THH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" that follows a parsed date, up to the end.
constexpr time_parse_result<timestamp> parse_time_suffix(std::string_view text,
                                                         std::int64_t days) noexcept {
    if (text.size() <= 10 || (text[10] != 'T' && text[10] != 't'))
        return fail(time_errc::bad_format, 10);
    int hh = 0, mm = 0, ss = 0;
    if (auto bad = read_digits(text, 11, 2, hh); bad != no_error)
        return fail(time_errc::bad_hour, bad);
    if (hh > 23)
        return fail(time_errc::bad_hour, 11);
    if (text.size() <= 13 || text[13] != ':')
        return fail(time_errc::bad_format, 13);
    if (auto bad = read_digits(text, 14, 2, mm); bad != no_error)
        return fail(time_errc::bad_minute, bad);
    if (mm > 59)
        return fail(time_errc::bad_minute, 14);
    if (text.size() <= 16 || text[16] != ':')
        return fail(time_errc::bad_format, 16);
    if (auto bad = read_digits(text, 17, 2, ss); bad != no_error)
        return fail(time_errc::bad_second, bad);
    if (ss > 60)
        return fail(time_errc::bad_second, 17);

    std::size_t pos = 19;
    int millis = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        if (pos >= text.size() || !is_ascii_digit(text[pos]))
            return fail(time_errc::bad_fraction, pos);
        // Keep three digits and drop the rest: the fraction is added to a whole second, so
        // dropping digits rounds towards the past for instants before 1970 too.
        int kept = 0;
        for (; pos < text.size() && is_ascii_digit(text[pos]); ++pos) {
            if (kept < 3) {
                millis = millis * 10 + (text[pos] - '0');
                ++kept;
            }
        }
        for (; kept < 3; ++kept)
            millis *= 10;
    }
    if (ss == 60) {
        // sys_time has no leap seconds: pin 23:59:60(.x) to the last millisecond of its minute
        // so it still sorts after :59 and never rolls over into the next day or year.
        ss = 59;
        millis = 999;
    }

    std::size_t const offset_pos = pos;
    std::int64_t offset_minutes = 0;
    if (pos >= text.size())
        return fail(time_errc::missing_offset, pos);
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        int oh = 0, om = 0;
        if (auto bad = read_digits(text, pos + 1, 2, oh); bad != no_error)
            return fail(time_errc::bad_offset, bad);
        if (oh > 23)
            return fail(time_errc::bad_offset, pos + 1);
        if (pos + 3 >= text.size() || text[pos + 3] != ':')
            return fail(time_errc::bad_offset, pos + 3);
        if (auto bad = read_digits(text, pos + 4, 2, om); bad != no_error)
            return fail(time_errc::bad_offset, bad);
        if (om > 59)
            return fail(time_errc::bad_offset, pos + 4);
        offset_minutes = (text[pos] == '-' ? -1 : 1) * (std::int64_t{oh} * 60 + om);
        pos += 6;
    } else {
        return fail(time_errc::missing_offset, pos);
    }
    if (pos != text.size())
        return fail(time_errc::trailing_characters, pos);

    // Local time minus its offset is UTC. All terms are bounded by the fixed-width fields.
    std::int64_t const ms = days * ms_per_day + ((std::int64_t{hh} * 60 + mm) * 60 + ss) * 1000 +
                            millis - offset_minutes * 60'000;
    if (ms < min_timestamp_ms || ms > max_timestamp_ms)
        return fail(time_errc::out_of_range, offset_pos);
    return {timestamp{std::chrono::milliseconds{ms}}, time_errc::ok, 0};
}

// Every form parse_timestamp accepts, and the error and position of every one it refuses.
constexpr time_parse_result<timestamp> parse_timestamp_general(std::string_view text) noexcept {
    auto const date = parse_date_prefix(text);
    if (date.error != time_errc::ok)
        return fail(date.error, date.position);
    return parse_time_suffix(text, date.days);
}

} // namespace detail

/// Parses an RFC 3339 date-time, `YYYY-MM-DD('T'|'t')HH:MM:SS[.fraction](Z|z|+HH:MM|-HH:MM)`,
/// and returns the UTC instant.
///
/// - Only ASCII digits are digits; fields are fixed width (no signs, no spaces).
/// - Years 0000-9999 (proleptic Gregorian, so 0000 is a leap year); Feb 29 only in leap years.
/// - The fraction may have any number (>= 1) of digits. Digits beyond milliseconds are dropped,
///   which floors the instant (towards the past), also before 1970:
///   `1969-12-31T23:59:59.9999Z` is -1 ms and `1970-01-01T00:00:00.0009Z` is 0 ms.
/// - Second 60 (a leap second) is accepted in any minute, and becomes :59.999 of that minute
///   whatever its fraction: `timestamp` cannot hold a leap second, and this keeps the order
///   and the calendar day. Such a value therefore does not format back to the same text.
/// - The offset is applied: `12:00:00+05:30` is `06:30:00Z`. `-00:00` means UTC.
/// - A result outside 0000-01-01T00:00:00Z..9999-12-31T23:59:59.999Z (only possible through the
///   offset) is `out_of_range`, reported at the offset, so every parsed value can be formatted.
///
/// @code
/// constexpr auto r = amperity::parse_timestamp("2025-04-18T15:33:51.724Z");
/// static_assert(r && r.value.time_since_epoch().count() == 1744990431724);
/// @endcode
constexpr time_parse_result<timestamp> parse_timestamp(std::string_view text) noexcept {
    if (!std::is_constant_evaluated()) {
        if (timestamp fast{}; detail::parse_timestamp_fast(text, fast))
            return {fast, time_errc::ok, 0};
    }
    return detail::parse_timestamp_general(text);
}

/// A point in time written either as a whole date, "2024-06-01" (meaning 2024-06-01T00:00:00Z),
/// or as a full date-time (see parse_timestamp). It remembers which, so that it encodes back the
/// way it came in.
///
/// Equality compares form and instant: a date and the date-time at its midnight are not equal.
/// Ordering compares the instant only, hence std::weak_ordering: those two are equivalent
/// (neither is less), which is what range checks such as `from <= to` want.
///
/// @code
/// constexpr auto d = amperity::date_or_time::parse("2024-06-01");
/// static_assert(d && d.value.is_date_only());
/// auto t = amperity::date_or_time::parse("2024-06-01T00:00:00Z").value;
/// assert(d.value != t && !(d.value < t) && !(t < d.value));
/// assert(amperity::format(d.value) == "2024-06-01");
/// @endcode
class date_or_time {
public:
    /// 1970-01-01T00:00:00Z in date-time form.
    constexpr date_or_time() noexcept = default;

    /// Precondition: `date.ok()`. Years outside 0000-9999 are kept but format() gives "".
    static constexpr date_or_time from_date(std::chrono::year_month_day date) noexcept {
        auto const days = detail::days_from_civil(static_cast<int>(date.year()),
                                                  static_cast<unsigned>(date.month()),
                                                  static_cast<unsigned>(date.day()));
        return date_or_time{timestamp{std::chrono::milliseconds{days * detail::ms_per_day}}, true};
    }

    /// A full date-time.
    static constexpr date_or_time from_time(timestamp t) noexcept { return date_or_time{t, false}; }

    /// "YYYY-MM-DD" exactly, or a full date-time as parse_timestamp accepts it. After a valid
    /// date only 'T' or 't' may follow (`bad_format` at 10 otherwise).
    static constexpr time_parse_result<date_or_time> parse(std::string_view text) noexcept {
        auto const date = detail::parse_date_prefix(text);
        if (date.error != time_errc::ok)
            return {date_or_time{}, date.error, date.position};
        if (text.size() == 10)
            return {date_or_time{
                        timestamp{std::chrono::milliseconds{date.days * detail::ms_per_day}}, true},
                    time_errc::ok, 0};
        auto const t = detail::parse_time_suffix(text, date.days);
        if (!t)
            return {date_or_time{}, t.error, t.position};
        return {from_time(t.value), time_errc::ok, 0};
    }

    /// The instant (midnight UTC for a date).
    constexpr timestamp time_point() const noexcept { return time_; }
    /// True for a "YYYY-MM-DD" value.
    constexpr bool is_date_only() const noexcept { return date_only_; }

    friend constexpr bool operator==(date_or_time const&, date_or_time const&) noexcept = default;

    friend constexpr std::weak_ordering operator<=>(date_or_time const& a,
                                                    date_or_time const& b) noexcept {
        return a.time_.time_since_epoch().count() <=> b.time_.time_since_epoch().count();
    }

private:
    constexpr date_or_time(timestamp t, bool date_only) noexcept
        : time_(t)
        , date_only_(date_only) {}

    timestamp time_{};
    bool date_only_ = false;
};

/// Length of "YYYY-MM-DDTHH:MM:SS.mmmZ".
inline constexpr std::size_t timestamp_text_size = 24;

/// Writes `t` as "YYYY-MM-DDTHH:MM:SS.mmmZ" (always three fraction digits and 'Z') to
/// `out[0, timestamp_text_size)`, without a terminating NUL. Returns false, leaving `out`
/// untouched, when the year is outside 0000-9999: a longer or signed year would not be RFC 3339.
///
/// @code
/// char buf[amperity::timestamp_text_size];
/// if (amperity::format_timestamp(t, buf))
///     std::fwrite(buf, 1, sizeof buf, stdout);
/// @endcode
constexpr bool format_timestamp(timestamp t, char* out) noexcept {
    std::int64_t const ms = t.time_since_epoch().count();
    if (ms < detail::min_timestamp_ms || ms > detail::max_timestamp_ms)
        return false;
    // Floor, not truncate: 1969-12-31T23:59:59.999Z is day -1 plus 86'399'999 ms.
    std::int64_t days = ms / detail::ms_per_day;
    std::int64_t tod = ms % detail::ms_per_day;
    if (tod < 0) {
        tod += detail::ms_per_day;
        --days;
    }
    auto const date = detail::civil_from_days(days);
    auto const time_of_day = static_cast<unsigned>(tod); // [0, 86'399'999]
    detail::write_digits(out, static_cast<unsigned>(date.year), 4);
    out[4] = '-';
    detail::write_digits(out + 5, date.month, 2);
    out[7] = '-';
    detail::write_digits(out + 8, date.day, 2);
    out[10] = 'T';
    detail::write_digits(out + 11, time_of_day / 3'600'000, 2);
    out[13] = ':';
    detail::write_digits(out + 14, time_of_day / 60'000 % 60, 2);
    out[16] = ':';
    detail::write_digits(out + 17, time_of_day / 1000 % 60, 2);
    out[19] = '.';
    detail::write_digits(out + 20, time_of_day % 1000, 3);
    out[23] = 'Z';
    return true;
}

/// `t` as "YYYY-MM-DDTHH:MM:SS.mmmZ", or "" when its year is outside 0000-9999 (values from
/// parse_timestamp never are). Only std::bad_alloc can escape.
///
/// @code
/// assert(amperity::format_timestamp(amperity::timestamp{}) == "1970-01-01T00:00:00.000Z");
/// @endcode
inline std::string format_timestamp(timestamp t) {
    char buf[timestamp_text_size];
    if (!format_timestamp(t, buf))
        return {};
    return std::string(buf, sizeof buf);
}

/// "YYYY-MM-DD" for a date-only value, else format_timestamp(v.time_point()); "" when the year
/// is outside 0000-9999. Only std::bad_alloc can escape.
///
/// @code
/// assert(amperity::format(amperity::date_or_time::parse("2024-06-01").value) == "2024-06-01");
/// @endcode
inline std::string format(date_or_time const& v) {
    char buf[timestamp_text_size];
    if (!format_timestamp(v.time_point(), buf))
        return {};
    return std::string(buf, v.is_date_only() ? std::size_t{10} : sizeof buf);
}

} // namespace amperity

#endif // AMPERITY_TIME_HPP
