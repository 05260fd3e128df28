// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

#include "message.hpp"

#include <amperity/model.hpp>

namespace amperity::emulator::detail {

std::optional<std::string_view> request::header(std::string_view lower_name) const {
    for (auto const& [name, value] : headers)
        if (name == lower_name)
            return std::string_view(value);
    return std::nullopt;
}

std::string error_body(unsigned status, std::string_view message, plan const& p) {
    amperity::error_response e;
    e.status = status;
    e.message = std::string(message);
    e.request_id = p.request_id;
    e.trace_id = p.trace_id;
    return amperity::encode(e);
}

response error(unsigned status, std::string_view message, plan const& p) {
    return {status, {}, error_body(status, message, p)};
}

response fault_status(fault const& f, plan const& p) {
    response r = error(f.status, "emulated fault: status " + std::to_string(f.status), p);
    if (f.retry_after)
        r.headers.emplace_back("Retry-After", *f.retry_after);
    return r;
}

} // namespace amperity::emulator::detail
