// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

// The one translation unit that instantiates the route table, and with it every operation's
// parameter parsing.

#include "routing.hpp"

namespace amperity::emulator::detail {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> r;
    if (path.starts_with('/'))
        path.remove_prefix(1);
    while (true) {
        auto const slash = path.find('/');
        r.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos)
            break;
        path.remove_prefix(slash + 1);
    }
    return r;
}

/// Matches "/workflow/runs/{workflow-id}" against "/workflow/runs/wf-1", capturing
/// {"workflow-id": "wf-1"}.
bool match_template(std::string_view tmpl, std::string_view path, param_map& captures) {
    auto const t = split_path(tmpl);
    auto const p = split_path(path);
    if (t.size() != p.size())
        return false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].starts_with('{') && t[i].ends_with('}')) {
            auto value = url_decode(p[i], false);
            if (!value || value->empty())
                return false;
            captures.insert_or_assign(std::string(t[i].substr(1, t[i].size() - 2)),
                                      std::move(*value));
        } else if (t[i] != p[i]) {
            return false;
        }
    }
    return true;
}

} // namespace

std::vector<route_match> match_routes(std::string_view path) {
    std::vector<route_match> r;
    for (auto const& candidate : routes_of<amperity::all_operations>) {
        route_match m{&candidate, {}};
        if (match_template(candidate.path_template, path, m.path_params))
            r.push_back(std::move(m));
    }
    return r;
}

} // namespace amperity::emulator::detail
