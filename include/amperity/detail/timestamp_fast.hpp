// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_TIMESTAMP_FAST_HPP
#define AMPERITY_DETAIL_TIMESTAMP_FAST_HPP

// The fast path of parse_timestamp (amperity/time.hpp) for the two shapes servers send, eight
// bytes at a time; the direct decoder calls it with a cache of the last date.

#include <amperity/detail/civil_time.hpp>

#include <bit>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace amperity::detail {

// Eight template bytes as a little-endian word, and a mask of its non-digit positions.
consteval std::uint64_t swar_pattern(char const (&s)[9]) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = v << 8 | static_cast<unsigned char>(s[i]);
    return v;
}
consteval std::uint64_t swar_separators(char const (&s)[9]) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = v << 8 | (s[i] == '0' ? 0u : 0xffu);
    return v;
}

// The last date the fast path converted: a response's timestamps mostly share their day, and
// the calendar arithmetic is half the work.
struct swar_date_cache {
    std::uint64_t date = 0; // "YYYY-MM-" (XORed with its pattern)
    std::uint64_t day = ~std::uint64_t{0}; // "DD" in the low 16 bits; never matches at first
    std::int64_t days = 0;
};

// The shapes servers send, "YYYY-MM-DDTHH:MM:SSZ" and "YYYY-MM-DDTHH:MM:SS.mmmZ", checked and
// converted eight bytes at a time (SWAR). Anything else, and anything wrong, returns false: the
// general parser then decides, and names the error and its position. Run-time only (memcpy),
// and little-endian only; elsewhere the general parser does everything.
#if defined(__GNUC__) || defined(__clang__)
[[gnu::always_inline]]
#endif
inline bool parse_timestamp_fast(std::string_view t, std::chrono::sys_time<std::chrono::milliseconds>& out,
                                 swar_date_cache* cache = nullptr) noexcept {
    if constexpr (std::endian::native != std::endian::little) {
        return false;
    } else {
        std::size_t const n = t.size();
        if (n != 20 && n != 24)
            return false;
        std::uint64_t a = 0, b = 0, c = 0;
        std::memcpy(&a, t.data(), 8);         // YYYY-MM-
        std::memcpy(&b, t.data() + 8, 8);     // DDTHH:MM
        std::memcpy(&c, t.data() + n - 8, 8); // :SS.mmmZ (24) or H:MM:SSZ (20)
        // XOR with a template turns digits into 0..9 and the separators into 0.
        a ^= swar_pattern("0000-00-");
        b ^= swar_pattern("00T00:00");
        c ^= n == 24 ? swar_pattern(":00.000Z") : swar_pattern("0:00:00Z");
        std::uint64_t const c_separators =
            n == 24 ? swar_separators(":00.000Z") : swar_separators("0:00:00Z");
        // Every byte <= 9: no high bit in x, nor in x + 0x76 (a byte >= 0x8a already has one).
        constexpr std::uint64_t high = 0x8080808080808080u, add = 0x7676767676767676u;
        if (((a & swar_separators("0000-00-")) | (b & swar_separators("00T00:00")) |
             (c & c_separators)) != 0 ||
            ((a | (a + add) | b | (b + add) | c | (c + add)) & high) != 0)
            return false;
        // Byte i of pairs(x) is the two-digit number at bytes i and i + 1 (10 * x_i + x_i+1):
        // every byte is at most 9, so neither the multiplication nor the sum carries.
        auto pairs = [](std::uint64_t x) { return x * 10 + (x >> 8); };
        auto byte = [](std::uint64_t x, int i) { return static_cast<unsigned>(x >> (8 * i)) & 0xffu; };
        std::uint64_t const pa = pairs(a), pb = pairs(b), pc = pairs(c);
        unsigned const hh = byte(pb, 3);
        unsigned const mi = byte(pb, 6);
        unsigned const ss = n == 24 ? byte(pc, 1) : byte(pc, 5);
        unsigned const ms = n == 24 ? byte(pc, 4) * 10 + byte(c, 6) : 0;
        if (hh > 23 || mi > 59 || ss > 59)
            return false;
        std::int64_t days = 0;
        if (cache && cache->date == a && cache->day == (b & 0xffffu)) {
            days = cache->days;
        } else {
            unsigned const y = byte(pa, 0) * 100 + byte(pa, 2);
            unsigned const mo = byte(pa, 5);
            unsigned const d = byte(pb, 0);
            if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(static_cast<int>(y), mo))
                return false;
            days = days_from_civil(static_cast<int>(y), mo, d);
            if (cache)
                *cache = {a, b & 0xffffu, days};
        }
        out = std::chrono::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{
            days * ms_per_day + std::int64_t{(hh * 60 + mi) * 60 + ss} * 1000 + ms}};
        return true;
    }
}

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_TIMESTAMP_FAST_HPP
