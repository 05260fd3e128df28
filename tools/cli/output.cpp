// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#include "output.hpp"

#include <amperity/error.hpp>
#include <amperity/time.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace amperity_cli {

std::string_view const exit_code_help =
    "Exit status:\n"
    "  0    success (with --wait: the run succeeded)\n"
    "  1    internal error (a bug: please report it)\n"
    "  2    usage or configuration error: bad flags, missing tenant or credentials, invalid\n"
    "       base URL or HTTPS_PROXY, plain http to a non-loopback host, unreadable --ca-file,\n"
    "       the proxy asks for other credentials (407)\n"
    "  3    request refused before sending: invalid config id, run mode, range or time filter,\n"
    "       run mode or range for an orchestration group or campaign, range-to without range-from\n"
    "  4    the API answered an error (4xx), or the OAuth token endpoint refused the credentials\n"
    "  5    transport or server failure: connection failed or lost, TLS verification, the\n"
    "       proxy refused the tunnel, 5xx, invalid or too large response\n"
    "  6    outcome unknown: the start request was sent but no usable answer came back (none,\n"
    "       or a 5xx); the run may have started: check with `amperity workflow list` first\n"
    "  7    deadline exceeded: --timeout passed (with --wait: the run did not end in time)\n"
    "  8    with --wait: the run ended failed, canceled or stopped\n"
    "  9    list --all stopped at --max-items or --max-pages; more runs remain\n"
    "  130  interrupted (SIGINT or SIGTERM)\n";

exit_code exit_code_for(amperity::condition kind) noexcept {
    using amperity::condition;
    switch (kind) {
    case condition::none: return exit_code::success;
    case condition::configuration: return exit_code::usage;
    case condition::validation: return exit_code::refused;
    case condition::api_client_error: return exit_code::api_error;
    case condition::outcome_unknown: return exit_code::outcome_unknown;
    case condition::deadline: return exit_code::timeout;
    case condition::cancelled: return exit_code::interrupted;
    case condition::limit_reached: return exit_code::limit_reached;
    case condition::transport:
    case condition::decode:
    case condition::api_server_error:
    case condition::other: return exit_code::transport;
    }
    return exit_code::transport;
}

namespace {

/// The code point of the UTF-8 sequence at s[i] and its length, or nullopt for a byte that
/// does not start a valid (shortest-form, non-surrogate) sequence.
std::optional<std::pair<char32_t, std::size_t>> decode_utf8(std::string_view s, std::size_t i) {
    auto const b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80)
        return std::pair{static_cast<char32_t>(b0), std::size_t{1}};
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1Fu;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0Fu;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07u;
        min = 0x10000;
    } else {
        return std::nullopt;
    }
    if (i + len > s.size())
        return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
        auto const b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80)
            return std::nullopt;
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return std::nullopt;
    return std::pair{cp, len};
}

bool is_unsafe(char32_t cp) noexcept {
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) // C0, DEL, C1
           || cp == 0x2028 || cp == 0x2029                       // line/paragraph separators
           || (cp >= 0x202A && cp <= 0x202E)                     // bidi embeddings/overrides
           || (cp >= 0x2066 && cp <= 0x2069);                    // bidi isolates
}

std::string pad(std::string_view s, std::size_t width) {
    std::string r(s);
    auto const w = display_width(s);
    if (w < width)
        r.append(width - w, ' ');
    return r;
}

/// At most `width` columns of `s` (already printable), "..." marking a cut.
std::string clip(std::string_view s, std::size_t width) {
    if (display_width(s) <= width)
        return std::string(s);
    if (width <= 3)
        return std::string(width, '.');
    std::string r;
    std::size_t cols = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto const b = static_cast<unsigned char>(s[i]);
        if ((b & 0xC0) != 0x80) {
            if (cols == width - 3)
                break;
            ++cols;
        }
        r += s[i];
    }
    return r + "...";
}

std::string time_text(amperity::timestamp t) {
    return amperity::format_timestamp(t);
}

} // namespace

std::string printable(std::string_view s) {
    std::string r;
    r.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        auto const d = decode_utf8(s, i);
        if (!d) {
            r += '?';
            ++i;
            continue;
        }
        auto const [cp, len] = *d;
        if (cp == '\n' || cp == '\r' || cp == '\t')
            r += ' ';
        else if (is_unsafe(cp))
            r += '?';
        else
            r.append(s.substr(i, len));
        i += len;
    }
    return r;
}

std::size_t display_width(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string failure_message(boost::system::error_code ec, amperity::diagnostics const& diag) {
    using amperity::errc;
    bool const ours = ec.category() == amperity::error_category();
    std::string out = ec.message();
    if (ours && ec == errc::http_unexpected_status && diag.http_status != 0)
        out = "unexpected HTTP status " + std::to_string(diag.http_status);
    if (!diag.message.empty())
        out += ": " + diag.message;
    if (!diag.detail.empty() && diag.detail != diag.message)
        out += (diag.message.empty() ? ": " : "; ") + diag.detail;
    if (diag.message.empty() && diag.detail.empty() && !diag.body_excerpt.empty())
        out += ": response body: " + clip(printable(diag.body_excerpt), 160);

    std::vector<std::string> facts;
    // The status is in the message of the errc::http_* codes already ("404 Not Found").
    bool const status_in_message = ours && ec.value() >= 400 && ec.value() < 599;
    if (diag.http_status != 0 && !status_in_message)
        facts.push_back("HTTP " + std::to_string(diag.http_status));
    if (!diag.request_id.empty())
        facts.push_back("request_id " + diag.request_id);
    if (!diag.trace_id.empty())
        facts.push_back("trace_id " + diag.trace_id);
    if (diag.attempts > 1)
        facts.push_back(std::to_string(diag.attempts) + " attempts");
    if (!facts.empty()) {
        out += " (";
        for (std::size_t i = 0; i < facts.size(); ++i)
            out += (i ? ", " : "") + facts[i];
        out += ')';
    }
    return printable(out);
}

std::string workflow_summary(amperity::workflow const& wf, bool verbose) {
    std::vector<std::pair<std::string_view, std::string>> rows;
    rows.emplace_back("id", wf.id);
    if (wf.name)
        rows.emplace_back("name", *wf.name);
    rows.emplace_back("state", std::string(wf.state.wire()));
    rows.emplace_back("type", wf.type);
    rows.emplace_back("tenant", wf.tenant);
    rows.emplace_back("created_at", time_text(wf.created_at));
    if (wf.ended_at)
        rows.emplace_back("ended_at", time_text(*wf.ended_at));
    if (wf.principal_name || wf.principal_email || wf.principal_id) {
        std::string who = wf.principal_name.value_or(wf.principal_id.value_or(""));
        if (wf.principal_email)
            who += (who.empty() ? "<" : " <") + *wf.principal_email + ">";
        rows.emplace_back("started_by", who);
    }
    if (wf.launched_version)
        rows.emplace_back("launched_version", *wf.launched_version);
    if (wf.current_version)
        rows.emplace_back("current_version", *wf.current_version);
    if (wf.warn_after_ms)
        rows.emplace_back("warn_after_ms", std::to_string(*wf.warn_after_ms));
    if (wf.error) {
        std::string e = wf.error->type + ": " + wf.error->message;
        if (wf.error->attribution)
            e += " (" + std::string(wf.error->attribution->wire()) + ")";
        rows.emplace_back("error", e);
    }
    if (verbose && wf.task_instances)
        rows.emplace_back("tasks", std::to_string(wf.task_instances->size()));

    std::size_t key_width = 0;
    for (auto const& [k, v] : rows)
        key_width = std::max(key_width, k.size());
    std::string out;
    for (auto const& [k, v] : rows)
        out += pad(k, key_width + 2) + printable(v) + '\n';

    if (verbose && wf.task_instances && !wf.task_instances->empty()) {
        // One line per task: id, state, engine, label (or the task definition type).
        std::vector<std::array<std::string, 4>> lines;
        std::array<std::size_t, 3> widths{};
        for (auto const& t : *wf.task_instances) {
            std::array<std::string, 4> cells{
                printable(t.id), printable(t.state.wire()),
                printable(t.execution_type ? t.execution_type->wire() : std::string_view("-")),
                printable(t.label ? *t.label : t.task_definition_type.value_or(""))};
            if (t.error)
                cells[3] += " [error: " + printable(t.error->message) + "]";
            for (std::size_t c = 0; c < widths.size(); ++c)
                widths[c] = std::max(widths[c], display_width(cells[c]));
            lines.push_back(std::move(cells));
        }
        for (auto const& cells : lines) {
            std::string line = "  ";
            for (std::size_t c = 0; c < widths.size(); ++c)
                line += pad(cells[c], widths[c] + 2);
            line += cells[3];
            while (!line.empty() && line.back() == ' ')
                line.pop_back();
            out += line + '\n';
        }
    }
    return out;
}

std::string workflow_table(std::vector<amperity::workflow> const& runs) {
    std::vector<std::array<std::string, 5>> rows;
    rows.push_back({"ID", "STATE", "TYPE", "CREATED_AT", "NAME"});
    for (auto const& wf : runs)
        rows.push_back({printable(wf.id), printable(wf.state.wire()), printable(wf.type),
                        time_text(wf.created_at), printable(wf.name.value_or(""))});
    std::array<std::size_t, 4> widths{};
    for (auto const& r : rows)
        for (std::size_t c = 0; c < widths.size(); ++c)
            widths[c] = std::max(widths[c], display_width(r[c]));
    std::string out;
    for (auto const& r : rows) {
        std::string line;
        for (std::size_t c = 0; c < widths.size(); ++c)
            line += pad(r[c], widths[c] + 2);
        line += r[4];
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out += line + '\n';
    }
    return out;
}

std::string progress_line(amperity::workflow const& wf, std::size_t max_width) {
    std::string const head = printable(wf.id) + " " + printable(wf.state.wire());
    if (!wf.task_instances || wf.task_instances->empty())
        return max_width ? clip(head, max_width) : head;
    auto const& tasks = *wf.task_instances;

    std::string listed = head + "  [";
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        // Two appends, not `(i ? " " : "") + printable(...)`: GCC 12 reports a false
        // -Wrestrict for that operator+ at -O2/-O3 (GCC bug 105329).
        if (i) listed += ' ';
        listed += printable(tasks[i].state.wire());
    }
    listed += ']';

    // Many tasks: counts per state, in order of first appearance.
    std::vector<std::pair<std::string, std::size_t>> counts;
    for (auto const& t : tasks) {
        auto const s = printable(t.state.wire());
        auto it =
            std::find_if(counts.begin(), counts.end(), [&](auto const& c) { return c.first == s; });
        if (it == counts.end())
            counts.emplace_back(s, 1);
        else
            ++it->second;
    }
    std::string counted = head + "  [";
    for (std::size_t i = 0; i < counts.size(); ++i)
        counted += (i ? ", " : "") + std::to_string(counts[i].second) + " " + counts[i].first;
    counted += ']';

    bool const many = tasks.size() > 12;
    if (max_width == 0)
        return many ? counted : listed;
    if (!many && display_width(listed) <= max_width)
        return listed;
    return clip(counted, max_width);
}

std::string ending(amperity::workflow const& wf) {
    std::string r(wf.state.wire());
    if (wf.error)
        r += ": " + wf.error->type + ": " + wf.error->message;
    return printable(r);
}

} // namespace amperity_cli
