// libFuzzer target: the Retry-After parser (delta-seconds or an IMF-fixdate). Checks: no crash
// or UB; a result is never negative and never beyond the one-year cap.
#include <amperity/detail/url.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    auto const now = std::chrono::sys_days{std::chrono::year(2026) / 11 / 30};
    auto const wait = amperity::detail::parse_retry_after(text, now);
    if (wait && (wait->count() < 0 || *wait > std::chrono::hours(24 * 366))) std::abort();
    return 0;
}
