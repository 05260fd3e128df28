// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_CIVIL_TIME_HPP
#define AMPERITY_DETAIL_CIVIL_TIME_HPP

// Civil-date arithmetic (Howard Hinnant's days_from_civil / civil_from_days) and fixed-width
// digit I/O for amperity/time.hpp: constexpr and noexcept, usable in consteval parsing with
// g++ 12 and clang 14 on libstdc++ 12 (see the top of time.hpp for why not <chrono>'s calendar).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace amperity::detail {

inline constexpr std::int64_t ms_per_day = 86'400'000;

constexpr bool is_ascii_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

constexpr bool is_leap_year(int y) noexcept {
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

constexpr unsigned days_in_month(int y, unsigned m) noexcept {
    constexpr unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29u : days[m - 1];
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (Hinnant's days_from_civil).
// Total for any int year and any unsigned month/day (no UB), so from_date() stays harmless
// even when its precondition is broken; the result is then simply meaningless.
constexpr std::int64_t days_from_civil(int y, unsigned m, unsigned d) noexcept {
    y -= m <= 2 ? 1 : 0;
    // Floor division, so that eras before year 0 are numbered correctly.
    int const era = (y >= 0 ? y : y - 399) / 400;
    auto const yoe = static_cast<unsigned>(y - era * 400);                // [0, 399]
    unsigned const doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; // [0, 365]
    unsigned const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           // [0, 146096]
    return std::int64_t{era} * 146097 + std::int64_t{doe} - 719468;
}

struct civil_date {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

// Inverse of days_from_civil (Hinnant's civil_from_days). Callers keep `z` within a few
// million years of the epoch, far from any overflow.
constexpr civil_date civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    std::int64_t const era = (z >= 0 ? z : z - 146096) / 146097;
    auto const doe = static_cast<unsigned>(z - era * 146097);                   // [0, 146096]
    unsigned const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; // [0, 399]
    unsigned const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               // [0, 365]
    unsigned const mp = (5 * doy + 2) / 153;                                    // [0, 11]
    unsigned const d = doy - (153 * mp + 2) / 5 + 1;                            // [1, 31]
    unsigned const m = mp < 10 ? mp + 3 : mp - 9;                               // [1, 12]
    return {std::int64_t{yoe} + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

// Only four-digit years can be written back, so this is also the range parse accepts after
// applying an offset: whatever parses, formats.
inline constexpr std::int64_t min_timestamp_ms = days_from_civil(0, 1, 1) * ms_per_day;
inline constexpr std::int64_t max_timestamp_ms = days_from_civil(10000, 1, 1) * ms_per_day - 1;

inline constexpr std::size_t no_error = static_cast<std::size_t>(-1);

// Reads exactly `width` ASCII digits at `pos` into `out`. Returns no_error, or the position of
// the first byte that is not a digit (text.size() if the text ends first). Fixed width means the
// value cannot overflow whatever the input.
constexpr std::size_t read_digits(std::string_view text, std::size_t pos, std::size_t width,
                                  int& out) noexcept {
    int value = 0;
    for (std::size_t at = pos; at < pos + width; ++at) {
        if (at >= text.size() || !is_ascii_digit(text[at]))
            return at;
        value = value * 10 + (text[at] - '0');
    }
    out = value;
    return no_error;
}

constexpr void write_digits(char* out, unsigned value, std::size_t width) noexcept {
    for (std::size_t i = width; i > 0; --i) {
        out[i - 1] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_CIVIL_TIME_HPP
