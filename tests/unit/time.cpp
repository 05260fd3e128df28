// Included first: proves the header is self-contained.
#include <amperity/time.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <type_traits>

namespace {

using amperity::date_or_time;
using amperity::parse_timestamp;
using amperity::time_errc;
using amperity::timestamp;
using namespace std::chrono_literals;

constexpr std::int64_t ms_of(std::string_view text) {
    return parse_timestamp(text).value.time_since_epoch().count();
}

constexpr timestamp at_ms(std::int64_t ms) {
    return timestamp{std::chrono::milliseconds{ms}};
}

// The constexpr formatter, wrapped so static_assert can compare its output.
constexpr bool formats_as(timestamp t, std::string_view expected) {
    char buf[amperity::timestamp_text_size]{};
    return amperity::format_timestamp(t, buf) && std::string_view(buf, sizeof buf) == expected;
}

// What the consteval constructors of checked literals (range_from("2024-06-01")) do.
struct checked_date {
    date_or_time value;
    consteval checked_date(char const* text)
        : value(date_or_time::parse(text).value) {
        if (!date_or_time::parse(text))
            throw "not a date"; // a throw in consteval is a compile error, which is the point
    }
};

// --- compile time -----------------------------------------------------------------------------

static_assert(ms_of("2025-04-18T15:33:51.724Z") == 1744990431724);
static_assert(parse_timestamp("1969-12-31T23:59:59.999Z").value == at_ms(-1));
static_assert(parse_timestamp("1970-01-01T00:00:00Z").value == timestamp{});
static_assert(parse_timestamp("2024-02-29T00:00:00Z"));
static_assert(parse_timestamp("2023-02-29T00:00:00Z").error == time_errc::bad_day);
static_assert(parse_timestamp("2023-02-29T00:00:00Z").position == 8);
static_assert(!parse_timestamp("2024-13-01T00:00:00Z"));
static_assert(formats_as(at_ms(1744990431724), "2025-04-18T15:33:51.724Z"));
static_assert(formats_as(at_ms(-1), "1969-12-31T23:59:59.999Z"));
static_assert(!amperity::format_timestamp(at_ms(-62167219200001), nullptr));
static_assert(date_or_time::parse("2024-06-01").value.is_date_only());
static_assert(date_or_time::parse("2024-06-01").value.time_point() ==
              std::chrono::sys_days{std::chrono::year{2024} / 6 / 1});
static_assert(date_or_time::parse("2024-06-01").value ==
              date_or_time::from_date(std::chrono::year{2024} / 6 / 1));
static_assert(checked_date("2024-06-01").value.is_date_only());
static_assert(!checked_date("2024-06-01T12:00:00+02:00").value.is_date_only());
static_assert(amperity::describe(time_errc::bad_month) == "month must be 01-12");
static_assert(std::is_nothrow_invocable_v<decltype(&amperity::parse_timestamp), std::string_view>);

// --- helpers for runtime checks ---------------------------------------------------------------

struct error_case {
    std::string_view text;
    time_errc error;
    std::size_t position;
};

std::string describe_result(amperity::time_parse_result<timestamp> const& r) {
    return std::string(amperity::describe(r.error)) + " at " + std::to_string(r.position);
}

} // namespace

// Inside a namespace because a suite is a namespace and ::time is taken by <ctime>.
namespace amperity_unit {

BOOST_AUTO_TEST_SUITE(time)

BOOST_AUTO_TEST_CASE(product_page_value) {
    // created_at from the workflow-runs reference page.
    auto const r = parse_timestamp("2025-04-18T15:33:51.724Z");
    BOOST_TEST_REQUIRE(static_cast<bool>(r));
    BOOST_TEST(r.value.time_since_epoch().count() == 1744990431724);
    BOOST_TEST(r.position == 0u);
    BOOST_TEST(amperity::format_timestamp(r.value) == "2025-04-18T15:33:51.724Z");
}

BOOST_AUTO_TEST_CASE(fraction_digits) {
    BOOST_TEST(ms_of("2025-04-18T15:33:51Z") == 1744990431000);
    BOOST_TEST(ms_of("2025-04-18T15:33:51.7Z") == 1744990431700);
    BOOST_TEST(ms_of("2025-04-18T15:33:51.72Z") == 1744990431720);
    BOOST_TEST(ms_of("2025-04-18T15:33:51.724Z") == 1744990431724);
    BOOST_TEST(ms_of("2025-04-18T15:33:51.724999Z") == 1744990431724);
    BOOST_TEST(ms_of("2025-04-18T15:33:51.724999999Z") == 1744990431724);
    BOOST_TEST(ms_of("2025-04-18T15:33:51.000000001Z") == 1744990431000);
    // A digit run far longer than any integer type: only three digits are ever accumulated.
    std::string const long_run = "2025-04-18T15:33:51." + std::string(5000, '9') + "Z";
    BOOST_TEST(ms_of(long_run) == 1744990431999);
}

BOOST_AUTO_TEST_CASE(fraction_floors_before_1970) {
    // -0.0001 s floors to -1 ms; -0.9999 s floors to -1000 ms.
    BOOST_TEST(ms_of("1969-12-31T23:59:59.9999Z") == -1);
    BOOST_TEST(ms_of("1969-12-31T23:59:59.0001Z") == -1000);
    BOOST_TEST(ms_of("1970-01-01T00:00:00.0009Z") == 0);
    BOOST_TEST(ms_of("1969-12-31T23:59:59.999Z") == -1);
    BOOST_TEST(ms_of("1969-12-31T23:59:59Z") == -1000);
    BOOST_TEST(ms_of("1969-12-31T00:00:00Z") == -86400000);
}

BOOST_AUTO_TEST_CASE(lower_case_t_and_z) {
    BOOST_TEST(ms_of("2025-04-18t15:33:51.724z") == 1744990431724);
    BOOST_TEST(ms_of("2025-04-18t15:33:51.724Z") == 1744990431724);
    BOOST_TEST(ms_of("2025-04-18T15:33:51.724z") == 1744990431724);
}

BOOST_AUTO_TEST_CASE(numeric_offsets_are_applied) {
    BOOST_TEST(ms_of("2025-04-18T21:03:51.724+05:30") == ms_of("2025-04-18T15:33:51.724Z"));
    BOOST_TEST(ms_of("2025-04-18T07:33:51.724-08:00") == ms_of("2025-04-18T15:33:51.724Z"));
    BOOST_TEST(ms_of("2025-04-18T15:33:51.724+00:00") == 1744990431724);
    BOOST_TEST(ms_of("2025-04-18T15:33:51.724-00:00") == 1744990431724);
    // Offsets move across day, month and year boundaries.
    BOOST_TEST(ms_of("2025-01-01T02:00:00+05:30") == ms_of("2024-12-31T20:30:00Z"));
    BOOST_TEST(ms_of("2024-12-31T20:00:00-08:00") == ms_of("2025-01-01T04:00:00Z"));
    BOOST_TEST(ms_of("2024-03-01T00:00:00+23:59") == ms_of("2024-02-29T00:01:00Z"));
    BOOST_TEST(ms_of("1970-01-01T00:00:00+00:01") == -60000);
}

BOOST_AUTO_TEST_CASE(range_ends) {
    BOOST_TEST(ms_of("0000-01-01T00:00:00Z") == -62167219200000);
    BOOST_TEST(ms_of("0000-02-29T00:00:00Z") == -62167219200000 + 59 * 86400000LL);
    BOOST_TEST(ms_of("0001-01-01T00:00:00Z") == -62135596800000);
    BOOST_TEST(ms_of("9999-12-31T23:59:59.999Z") == 253402300799999);
    BOOST_TEST(amperity::format_timestamp(at_ms(-62167219200000)) == "0000-01-01T00:00:00.000Z");
    BOOST_TEST(amperity::format_timestamp(at_ms(-62135596800000)) == "0001-01-01T00:00:00.000Z");
    BOOST_TEST(amperity::format_timestamp(at_ms(253402300799999)) == "9999-12-31T23:59:59.999Z");
    // Offsets that stay inside the range are fine at the edges.
    BOOST_TEST(ms_of("0000-01-01T00:00:00-00:01") == -62167219200000 + 60000);
    BOOST_TEST(ms_of("9999-12-31T23:59:59.999+00:01") == 253402300799999 - 60000);
}

BOOST_AUTO_TEST_CASE(leap_days) {
    BOOST_TEST(static_cast<bool>(parse_timestamp("2024-02-29T12:00:00Z")));
    BOOST_TEST(static_cast<bool>(parse_timestamp("2000-02-29T12:00:00Z")));
    BOOST_TEST(static_cast<bool>(parse_timestamp("1600-02-29T12:00:00Z")));
    BOOST_TEST(ms_of("2024-02-29T00:00:00Z") + 86400000 == ms_of("2024-03-01T00:00:00Z"));
    for (std::string_view text :
         {"2023-02-29T12:00:00Z", "1900-02-29T12:00:00Z", "2100-02-29T12:00:00Z",
          "2024-02-30T12:00:00Z", "2024-04-31T12:00:00Z", "2024-06-31T12:00:00Z",
          "2024-09-31T12:00:00Z", "2024-11-31T12:00:00Z"}) {
        auto const r = parse_timestamp(text);
        BOOST_TEST((r.error == time_errc::bad_day), text);
        BOOST_TEST(r.position == 8u, text);
    }
    for (std::string_view text :
         {"2024-01-31T00:00:00Z", "2024-03-31T00:00:00Z", "2024-05-31T00:00:00Z",
          "2024-07-31T00:00:00Z", "2024-08-31T00:00:00Z", "2024-10-31T00:00:00Z",
          "2024-12-31T00:00:00Z", "2023-02-28T00:00:00Z"})
        BOOST_TEST(static_cast<bool>(parse_timestamp(text)), text);
}

BOOST_AUTO_TEST_CASE(leap_second_is_last_millisecond_of_its_minute) {
    auto const leap = ms_of("2016-12-31T23:59:60Z");
    BOOST_TEST(leap == ms_of("2016-12-31T23:59:59.999Z"));
    BOOST_TEST(ms_of("2016-12-31T23:59:60.5Z") == leap);
    BOOST_TEST(ms_of("2016-12-31T23:59:60.000Z") == leap);
    BOOST_TEST(leap < ms_of("2017-01-01T00:00:00Z"));
    BOOST_TEST(leap > ms_of("2016-12-31T23:59:59.998Z"));
    // With an offset the leap second is in the local minute; it is pinned the same way.
    BOOST_TEST(ms_of("2017-01-01T05:29:60+05:30") == leap);
    // Never spills into year 10000.
    BOOST_TEST(ms_of("9999-12-31T23:59:60Z") == 253402300799999);
    BOOST_TEST(amperity::format_timestamp(at_ms(leap)) == "2016-12-31T23:59:59.999Z");
    auto const r = parse_timestamp("2016-12-31T23:59:61Z");
    BOOST_TEST((r.error == time_errc::bad_second));
    BOOST_TEST(r.position == 17u);
}

BOOST_AUTO_TEST_CASE(every_error_with_position) {
    error_case const cases[] = {
        {"", time_errc::empty, 0},
        {"2024/06/01T00:00:00Z", time_errc::bad_format, 4},
        {"2024-06/01T00:00:00Z", time_errc::bad_format, 7},
        {"2024-06-01 12:00:00Z", time_errc::bad_format, 10},
        {"2024-06-01", time_errc::bad_format, 10},
        {"2024-06-01T12-00:00Z", time_errc::bad_format, 13},
        {"2024-06-01T12:00-00Z", time_errc::bad_format, 16},
        {"2024", time_errc::bad_format, 4},
        {"abcd-06-01T00:00:00Z", time_errc::bad_year, 0},
        {"202-06-01T00:00:00Z", time_errc::bad_year, 3},
        {"-024-06-01T00:00:00Z", time_errc::bad_year, 0},
        {"20", time_errc::bad_year, 2},
        {"2024-00-01T00:00:00Z", time_errc::bad_month, 5},
        {"2024-13-01T00:00:00Z", time_errc::bad_month, 5},
        {"2024-6-01T00:00:00Z", time_errc::bad_month, 6},
        {"2024-+6-01T00:00:00Z", time_errc::bad_month, 5},
        {"2024-06-00T00:00:00Z", time_errc::bad_day, 8},
        {"2024-06-32T00:00:00Z", time_errc::bad_day, 8},
        {"2024-06-1", time_errc::bad_day, 9},
        {"2024-06-01T24:00:00Z", time_errc::bad_hour, 11},
        {"2024-06-01T 1:00:00Z", time_errc::bad_hour, 11},
        {"2024-06-01T", time_errc::bad_hour, 11},
        {"2024-06-01T23:60:00Z", time_errc::bad_minute, 14},
        {"2024-06-01T23:5", time_errc::bad_minute, 15},
        {"2024-06-01T23:59:61Z", time_errc::bad_second, 17},
        {"2024-06-01T23:59:99Z", time_errc::bad_second, 17},
        {"2024-06-01T23:59:5Z", time_errc::bad_second, 18},
        {"2024-06-01T23:59:00.Z", time_errc::bad_fraction, 20},
        {"2024-06-01T23:59:00.", time_errc::bad_fraction, 20},
        {"2024-06-01T23:59:00.+01:00", time_errc::bad_fraction, 20},
        {"2024-06-01T23:59:00+24:00", time_errc::bad_offset, 20},
        {"2024-06-01T23:59:00+05:60", time_errc::bad_offset, 23},
        {"2024-06-01T23:59:00+0530", time_errc::bad_offset, 22},
        {"2024-06-01T23:59:00+05:3", time_errc::bad_offset, 24},
        {"2024-06-01T23:59:00-", time_errc::bad_offset, 20},
        {"2024-06-01T23:59:00+5:30", time_errc::bad_offset, 21},
        {"2024-06-01T23:59:00.123-08", time_errc::bad_offset, 26},
        {"2024-06-01T23:59:00", time_errc::missing_offset, 19},
        {"2024-06-01T23:59:00.123", time_errc::missing_offset, 23},
        {"2024-06-01T23:59:00 Z", time_errc::missing_offset, 19},
        {"2024-06-01T23:59:00UTC", time_errc::missing_offset, 19},
        {"2024-06-01T23:59:00,5Z", time_errc::missing_offset, 19},
        {"2024-06-01T23:59:00Z ", time_errc::trailing_characters, 20},
        {"2024-06-01T23:59:00ZZ", time_errc::trailing_characters, 20},
        {"2024-06-01T23:59:00.5Zjunk", time_errc::trailing_characters, 22},
        {"2024-06-01T23:59:00+05:30x", time_errc::trailing_characters, 25},
        {"2024-06-01T23:59:00+05:300", time_errc::trailing_characters, 25},
        {"0000-01-01T00:00:00+00:01", time_errc::out_of_range, 19},
        {"0000-01-01T00:00:00.999+23:59", time_errc::out_of_range, 23},
        {"9999-12-31T23:59:59-00:01", time_errc::out_of_range, 19},
        {"9999-12-31T16:00:00-08:00", time_errc::out_of_range, 19},
    };
    for (auto const& c : cases) {
        auto const r = parse_timestamp(c.text);
        BOOST_TEST(!r, c.text);
        BOOST_TEST((r.error == c.error), c.text << ": got " << describe_result(r));
        BOOST_TEST(r.position == c.position, c.text << ": got " << describe_result(r));
        BOOST_TEST(r.value.time_since_epoch().count() == 0, c.text);
    }
}

BOOST_AUTO_TEST_CASE(only_ascii_digits_are_digits) {
    error_case const cases[] = {
        // U+FF12 FULLWIDTH DIGIT TWO, U+0662 ARABIC-INDIC DIGIT TWO, U+00B2 SUPERSCRIPT TWO.
        {"\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x94-06-01T00:00:00Z", time_errc::bad_year,
         0},
        {"2024-0\xD9\xA2-01T00:00:00Z", time_errc::bad_month, 6},
        {"2024-06-0\xC2\xB2T00:00:00Z", time_errc::bad_day, 9},
        {"2024-O6-01T00:00:00Z", time_errc::bad_month, 5},
        {"2024-06-01T1l:00:00Z", time_errc::bad_hour, 12},
        {"2024-06-01T12:0a:00Z", time_errc::bad_minute, 15},
        {"2024-06-01T12:00:0xZ", time_errc::bad_second, 18},
        {"2024-06-01T12:00:00.\xEF\xBC\x95Z", time_errc::bad_fraction, 20},
        {"2024-06-01T12:00:00.5\xEF\xBC\x95Z", time_errc::missing_offset, 21},
        {"2024-06-01T12:00:00+0\xEF\xBC\x95:00", time_errc::bad_offset, 21},
        {"2024-06-01T12:00:00+05:3O", time_errc::bad_offset, 24},
        // Characters just outside '0'..'9'.
        {"2024-06-01T12:00:/0Z", time_errc::bad_second, 17},
        {"2024-06-01T12:00:0:Z", time_errc::bad_second, 18},
    };
    for (auto const& c : cases) {
        auto const r = parse_timestamp(c.text);
        BOOST_TEST((r.error == c.error), c.text << ": got " << describe_result(r));
        BOOST_TEST(r.position == c.position, c.text << ": got " << describe_result(r));
    }
    // An embedded NUL is a byte like any other, not an end of text.
    using namespace std::string_view_literals;
    auto const r = parse_timestamp("2024-06-01T12:00:00Z\0"sv);
    BOOST_TEST((r.error == time_errc::trailing_characters));
    BOOST_TEST(r.position == 20u);
}

BOOST_AUTO_TEST_CASE(describe_every_error) {
    BOOST_TEST(amperity::describe(time_errc::missing_offset) ==
               "missing 'Z' or numeric UTC offset");
    BOOST_TEST(amperity::describe(time_errc::bad_month) == "month must be 01-12");
    std::string seen;
    for (unsigned e = 0; e <= static_cast<unsigned>(time_errc::out_of_range); ++e) {
        auto const text = amperity::describe(static_cast<time_errc>(e));
        BOOST_TEST(!text.empty());
        BOOST_TEST(text != "unknown time error", e);
        // Distinct phrases: a copy-paste slip in the switch would show up here.
        BOOST_TEST(seen.find("|" + std::string(text) + "|") == std::string::npos, text);
        seen += "|" + std::string(text) + "|";
    }
    BOOST_TEST(amperity::describe(static_cast<time_errc>(200)) == "unknown time error");
}

BOOST_AUTO_TEST_CASE(round_trip) {
    for (std::string_view text :
         {"2025-04-18T15:33:51.724Z", "1970-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z",
          "1969-07-20T20:17:40.000Z", "1900-01-01T00:00:00.001Z", "1899-12-31T23:59:59.999Z",
          "1600-02-29T12:00:00.500Z", "0000-01-01T00:00:00.000Z", "0000-12-31T23:59:59.999Z",
          "0001-01-01T00:00:00.000Z", "0999-09-09T09:09:09.009Z", "2000-02-29T00:00:00.000Z",
          "2024-02-29T23:59:59.999Z", "2038-01-19T03:14:07.999Z", "2038-01-19T03:14:08.000Z",
          "9999-12-31T23:59:59.999Z"}) {
        auto const r = parse_timestamp(text);
        BOOST_TEST_REQUIRE(static_cast<bool>(r), text);
        BOOST_TEST(amperity::format_timestamp(r.value) == text);
        auto const v = date_or_time::parse(text);
        BOOST_TEST_REQUIRE(static_cast<bool>(v), text);
        BOOST_TEST(amperity::format(v.value) == text);
    }
    // Non-canonical spellings normalize to the canonical form.
    BOOST_TEST(amperity::format_timestamp(parse_timestamp("2024-06-01t12:00:00.5+02:00").value) ==
               "2024-06-01T10:00:00.500Z");
    BOOST_TEST(amperity::format_timestamp(parse_timestamp("0000-01-01T00:30:00+00:30").value) ==
               "0000-01-01T00:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(sweep_1600_to_2400) {
    // Checked against std::chrono's own calendar (independent of the header's arithmetic) and
    // against text built by snprintf.
    using namespace std::chrono;
    constexpr std::array<milliseconds, 4> times_of_day{0ms, 1ms, 12h + 34min + 56s + 789ms,
                                                       24h - 1ms};
    sys_days const first = year{1600} / January / 1;
    sys_days const last = year{2400} / December / 31;
    long checked = 0;
    std::string first_failure;
    for (sys_days day = first; day <= last; day += days{1}) {
        year_month_day const ymd{day};
        for (auto const tod : times_of_day) {
            auto const hms = hh_mm_ss<milliseconds>{tod};
            char text[64];
            std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                          static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                          static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                          static_cast<int>(hms.minutes().count()),
                          static_cast<int>(hms.seconds().count()),
                          static_cast<int>(hms.subseconds().count()));
            auto const expected = timestamp{day} + tod;
            auto const r = parse_timestamp(text);
            if (!r || r.value != expected || amperity::format_timestamp(expected) != text) {
                if (first_failure.empty())
                    first_failure = text;
            }
            ++checked;
        }
        // The date-only form of the same day.
        char date_text[16];
        std::snprintf(date_text, sizeof date_text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
        auto const d = date_or_time::parse(date_text);
        if (!d || !d.value.is_date_only() || d.value.time_point() != timestamp{day} ||
            d.value != date_or_time::from_date(ymd) || amperity::format(d.value) != date_text) {
            if (first_failure.empty())
                first_failure = date_text;
        }
    }
    BOOST_TEST(first_failure == "");
    BOOST_TEST(checked == 292'560L * 4);
}

BOOST_AUTO_TEST_CASE(format_then_parse_across_whole_range) {
    // A prime step lands on every time of day and every kind of year across 0000-9999.
    constexpr std::int64_t lo = -62167219200000;
    constexpr std::int64_t hi = 253402300799999;
    constexpr std::int64_t step = 9'999'999'967;
    long checked = 0;
    std::string first_failure;
    for (std::int64_t ms = lo; ms <= hi; ms += step, ++checked) {
        auto const text = amperity::format_timestamp(at_ms(ms));
        auto const r = parse_timestamp(text);
        if (text.size() != amperity::timestamp_text_size || !r || r.value != at_ms(ms)) {
            if (first_failure.empty())
                first_failure = std::to_string(ms) + " -> " + text;
        }
    }
    BOOST_TEST(first_failure == "");
    BOOST_TEST(checked == (hi - lo) / step + 1);
}

BOOST_AUTO_TEST_CASE(date_or_time_forms) {
    auto const d = date_or_time::parse("2024-06-01");
    BOOST_TEST_REQUIRE(static_cast<bool>(d));
    BOOST_TEST(d.value.is_date_only());
    BOOST_TEST(d.value.time_point().time_since_epoch().count() == 1717200000000);
    BOOST_TEST(amperity::format(d.value) == "2024-06-01");

    auto const t = date_or_time::parse("2024-06-01T00:00:00Z");
    BOOST_TEST_REQUIRE(static_cast<bool>(t));
    BOOST_TEST(!t.value.is_date_only());
    BOOST_TEST(t.value.time_point().time_since_epoch().count() ==
               d.value.time_point().time_since_epoch().count());
    BOOST_TEST(amperity::format(t.value) == "2024-06-01T00:00:00.000Z");

    // Same instant, different form: not equal, yet neither orders before the other.
    BOOST_TEST((d.value != t.value));
    BOOST_TEST(((d.value <=> t.value) == std::weak_ordering::equivalent));
    BOOST_TEST((d.value <= t.value && t.value <= d.value));
    auto const later = date_or_time::parse("2024-06-01T00:00:00.001Z").value;
    BOOST_TEST((d.value < later));
    BOOST_TEST((later > t.value));
    BOOST_TEST((date_or_time::parse("2024-05-31").value < t.value));

    BOOST_TEST((d.value == date_or_time::from_date(std::chrono::year{2024} / 6 / 1)));
    BOOST_TEST((t.value == date_or_time::from_time(at_ms(1717200000000))));
    BOOST_TEST((date_or_time{} == date_or_time::from_time(timestamp{})));
    BOOST_TEST(!date_or_time{}.is_date_only());

    // Each form encodes back exactly as it came in.
    for (std::string_view text :
         {"2024-06-01", "0000-01-01", "9999-12-31", "1969-12-31", "2024-02-29",
          "2024-06-01T12:34:56.789Z", "1969-12-31T23:59:59.999Z"})
        BOOST_TEST(amperity::format(date_or_time::parse(text).value) == text);
    BOOST_TEST(amperity::format(date_or_time::parse("2024-06-01T12:00:00+02:00").value) ==
               "2024-06-01T10:00:00.000Z");

    error_case const cases[] = {
        {"", time_errc::empty, 0},
        {"2024-06-01x", time_errc::bad_format, 10},
        {"2024-06-01 ", time_errc::bad_format, 10},
        {"2024-06-01Z", time_errc::bad_format, 10},
        {"2024-06-1", time_errc::bad_day, 9},
        {"2023-02-29", time_errc::bad_day, 8},
        {"2024-13-01", time_errc::bad_month, 5},
        {"24-06-01", time_errc::bad_year, 2},
        {"2024-06-01T", time_errc::bad_hour, 11},
        {"2024-06-01T12:00:00", time_errc::missing_offset, 19},
        {"2024-06-01T12:00:00Zx", time_errc::trailing_characters, 20},
        {"0000-01-01T00:00:00+01:00", time_errc::out_of_range, 19},
    };
    for (auto const& c : cases) {
        auto const r = date_or_time::parse(c.text);
        BOOST_TEST(!r, c.text);
        BOOST_TEST((r.error == c.error), c.text);
        BOOST_TEST(r.position == c.position, c.text);
    }
}

BOOST_AUTO_TEST_CASE(format_out_of_range_years) {
    constexpr std::int64_t year_0 = -62167219200000;
    constexpr std::int64_t year_10000 = 253402300800000;
    char buf[amperity::timestamp_text_size];
    for (std::int64_t ms :
         {year_0 - 1, year_10000, std::int64_t{-9'000'000'000'000'000'000},
          std::int64_t{9'000'000'000'000'000'000},
          static_cast<std::int64_t>(timestamp::min().time_since_epoch().count()),
          static_cast<std::int64_t>(timestamp::max().time_since_epoch().count())}) {
        std::fill(std::begin(buf), std::end(buf), '#');
        BOOST_TEST(!amperity::format_timestamp(at_ms(ms), buf), ms);
        BOOST_TEST(std::string_view(buf, sizeof buf) == std::string(sizeof buf, '#'), ms);
        BOOST_TEST(amperity::format_timestamp(at_ms(ms)) == "", ms);
        BOOST_TEST(amperity::format(date_or_time::from_time(at_ms(ms))) == "", ms);
    }
    BOOST_TEST(amperity::format(date_or_time::from_date(std::chrono::year{-1} / 12 / 31)) == "");
    BOOST_TEST(amperity::format(date_or_time::from_date(std::chrono::year{10000} / 1 / 1)) == "");
    BOOST_TEST(amperity::format(date_or_time::from_date(std::chrono::year{0} / 1 / 1)) ==
               "0000-01-01");
    BOOST_TEST(amperity::format_timestamp(at_ms(year_0)) == "0000-01-01T00:00:00.000Z");
    BOOST_TEST(amperity::format_timestamp(at_ms(year_10000 - 1)) == "9999-12-31T23:59:59.999Z");
}

// The SWAR fast path (run time only) must agree with the general parser wherever it answers,
// and must answer for every canonical "YYYY-MM-DDTHH:MM:SS[.mmm]Z".
BOOST_AUTO_TEST_CASE(fast_path_agrees_with_general_parser) {
    std::size_t fast = 0, checked = 0, failures = 0;
    amperity::detail::swar_date_cache cache;
    auto check = [&](std::string const& text) {
        ++checked;
        amperity::timestamp t{}, cached{};
        bool const took = amperity::detail::parse_timestamp_fast(text, t);
        // The date cache (reused across every input here, as the decoder reuses it across a
        // document) must never change an answer.
        bool const took_cached = amperity::detail::parse_timestamp_fast(text, cached, &cache);
        if (took_cached != took || cached != t) {
            if (++failures <= 10) BOOST_ERROR("date cache changes the answer for \"" << text << "\"");
        }
        auto const general = amperity::detail::parse_timestamp_general(text);
        auto const full = amperity::parse_timestamp(text);
        bool ok = full.error == general.error && full.position == general.position &&
                  full.value == general.value;
        if (took) {
            ++fast;
            ok = ok && general && general.value == t;
        }
        if (!ok && ++failures <= 10)
            BOOST_ERROR("fast path disagrees on \"" << text << "\"");
    };
    char buf[32];
    // Every day of a leap year, a common year, year 0000 and 9999, both shapes.
    for (int year : {0, 1900, 1970, 2000, 2024, 2025, 9999})
        for (unsigned m = 1; m <= 12; ++m)
            for (unsigned d = 1; d <= 31; ++d) {
                unsigned const hh = (m * 7 + d) % 24, mi = (d * 13) % 60, ss = (m * d) % 60;
                std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02uZ", year, m, d, hh,
                              mi, ss);
                check(buf);
                std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02u.%03uZ", year, m, d,
                              hh, mi, ss, (d * 37) % 1000);
                check(buf);
            }
    BOOST_TEST(fast > 2000u); // the valid ones went the fast way
    // Every byte value at every position of both shapes (separators, digits, 'Z', bad UTF-8).
    for (std::string base : {"2024-02-29T23:59:59.999Z", "2025-12-31T00:00:00Z"})
        for (std::size_t pos = 0; pos < base.size(); ++pos)
            for (int byte = 0; byte < 256; ++byte) {
                std::string text = base;
                text[pos] = static_cast<char>(byte);
                check(text);
            }
    // Limits of each field.
    for (char const* text : {"2025-02-29T00:00:00Z", "2025-04-31T00:00:00Z", "2025-00-10T00:00:00Z",
                             "2025-13-10T00:00:00Z", "2025-01-00T00:00:00Z", "2025-01-10T24:00:00Z",
                             "2025-01-10T23:60:00Z", "2025-01-10T23:59:60Z", "2025-01-10T23:59:60.5Z",
                             "2025-01-10t23:59:59Z", "2025-01-10T23:59:59z", "2025-01-10T23:59:59.99Z",
                             "2025-01-10T23:59:59.9999Z", "2025-01-10T23:59:59+00:00"})
        check(text);
    BOOST_TEST(failures == 0u, failures << " of " << checked << " inputs");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
