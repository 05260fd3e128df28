// libFuzzer target: the run-time builders of a run-workflow request (config_id::parse,
// parse_enum<run_mode>, make_run_request with range_from/range_to), as a config file or a
// command line feeds them. The input is split at '\n' into config id, run mode, range_from,
// range_to (a missing line is an absent option). Checks: no crash or UB; whatever
// make_run_request accepts passes validate() and survives encode/decode.
#include <amperity/codec.hpp>
#include <amperity/model.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view text(reinterpret_cast<char const*>(data), size);
    std::vector<std::string_view> parts;
    while (parts.size() < 4) {
        auto const nl = text.find('\n');
        parts.push_back(text.substr(0, nl));
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    (void)amperity::courier_group_id::parse(parts[0]);
    (void)amperity::orchestration_group_id::parse(parts[0]);
    (void)amperity::campaign_id::parse(parts[0]);
    amperity::run_request_fields f;
    f.config_id = parts[0];
    if (parts.size() > 1 && !parts[1].empty()) {
        f.run_mode = parts[1];
        (void)amperity::parse_enum<amperity::run_mode>(parts[1]);
    }
    if (parts.size() > 2 && !parts[2].empty()) f.range_from = parts[2];
    if (parts.size() > 3 && !parts[3].empty()) f.range_to = parts[3];
    auto const r = amperity::make_run_request(f);
    if (r) {
        if (!amperity::validate(*r)) std::abort();
        auto const back = amperity::decode<amperity::workflow_run_request>(amperity::encode(*r));
        if (!back || !(*back == *r)) std::abort();
    }
    return 0;
}
