// libFuzzer target: the ISO 8601 parsers (parse_timestamp and date_or_time::parse, which
// range_from/range_to and every date-time field go through). Checks: no crash or UB; what
// parses formats back to text that parses to the same value; a failure names a position
// inside the input.
#include <amperity/time.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    auto const t = amperity::parse_timestamp(text);
    if (t) {
        auto const again = amperity::parse_timestamp(amperity::format_timestamp(t.value));
        if (!again || !(again.value == t.value)) std::abort();
    } else if (t.position > size) {
        std::abort();
    }
    auto const d = amperity::date_or_time::parse(text);
    if (d) {
        auto const again = amperity::date_or_time::parse(amperity::format(d.value));
        if (!again || !(amperity::format(again.value) == amperity::format(d.value))) std::abort();
    } else if (d.position > size) {
        std::abort();
    }
    return 0;
}
