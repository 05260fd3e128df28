// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_DEADLINE_HPP
#define AMPERITY_DETAIL_DEADLINE_HPP

// Saturating time arithmetic for deadlines. Options are milliseconds and a user may well write
// `std::chrono::milliseconds::max()` for "no timeout": converted to the steady clock's
// nanoseconds and added to now() that overflows (undefined behaviour, in practice a deadline in
// the past). Every deadline the client computes goes through after(), which saturates at
// time_point::max() and treats a negative duration as zero.

#include <chrono>
#include <type_traits>

namespace amperity::detail {

/// `d`, saturated to what Dur can hold (milliseconds::max() as nanoseconds is not).
template <class Dur, class Rep, class Period>
constexpr Dur saturate_cast(std::chrono::duration<Rep, Period> d) noexcept {
    static_assert(std::is_integral_v<Rep>, "integral durations only");
    if (d >= std::chrono::duration_cast<std::chrono::duration<Rep, Period>>(Dur::max()))
        return Dur::max();
    if (d <= std::chrono::duration_cast<std::chrono::duration<Rep, Period>>(Dur::min()))
        return Dur::min();
    return std::chrono::duration_cast<Dur>(d);
}

/// `t + d`, saturated to [t, time_point::max()].
template <class Clock, class Dur, class Rep, class Period>
constexpr std::chrono::time_point<Clock, Dur>
after(std::chrono::time_point<Clock, Dur> t, std::chrono::duration<Rep, Period> d) noexcept {
    static_assert(std::is_integral_v<Rep>, "integral durations only");
    using tp = std::chrono::time_point<Clock, Dur>;
    if (d <= d.zero()) return t;
    if (t.time_since_epoch() < Dur::zero()) // not for steady_clock, but stay defined
        return t + saturate_cast<Dur>(d);
    auto const headroom = tp::max() - t; // >= 0
    // Compare in d's unit: converting headroom down never overflows (it only divides).
    if (d >= std::chrono::duration_cast<std::chrono::duration<Rep, Period>>(headroom))
        return tp::max();
    return t + std::chrono::duration_cast<Dur>(d);
}

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_DEADLINE_HPP
