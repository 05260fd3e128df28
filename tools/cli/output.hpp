// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_TOOLS_CLI_OUTPUT_HPP
#define AMPERITY_TOOLS_CLI_OUTPUT_HPP

// What the `amperity` command prints and how it exits. Kept apart from main.cpp (which holds
// the client and its Asio/Beast/OpenSSL instantiations) so that it compiles in seconds.

#include <amperity/diagnostics.hpp>
#include <amperity/generated/types.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace amperity_cli {

/// The process exit status. Documented in `amperity --help` and tools/cli/README.md.
enum class exit_code : int {
    success = 0,         ///< done; with --wait the run succeeded
    usage = 2,           ///< bad flags, missing tenant or credentials, unusable base URL
    refused = 3,         ///< the request was refused before sending (validation)
    api_error = 4,       ///< the API answered an error (4xx), or the token endpoint refused
    transport = 5,       ///< connection, TLS, 5xx, invalid or too large response
    outcome_unknown = 6, ///< a start request was sent but its fate is unknown
    timeout = 7,         ///< --timeout (or the follow timeout) passed
    run_failed = 8,      ///< with --wait: the run ended failed, canceled or stopped
    limit_reached = 9,   ///< list --all stopped at --max-items/--max-pages with more left
    interrupted = 130,   ///< SIGINT or SIGTERM
};

/// The `Exit status:` section of the help footer (also copied into README.md).
extern std::string_view const exit_code_help;

/// The exit status for a call that ended in `kind` (amperity::classify(ec, diag.http_status),
/// which is diagnostics::outcome for a call that filled one): never from message text.
exit_code exit_code_for(amperity::condition kind) noexcept;

/// `s` with every control character (C0, DEL, C1, and invalid UTF-8 bytes) replaced by '?', so
/// that text from the server cannot move the cursor or retitle the terminal. Newlines too: each
/// printed value stays on its line.
std::string printable(std::string_view s);

/// Columns `s` takes on a terminal, counting code points (wide characters count as one).
std::size_t display_width(std::string_view s);

/// Why a call failed, for the one error line: the error's message, Amperity's message, our
/// detail, then HTTP status, request_id, trace_id and attempts in parentheses. One line.
std::string failure_message(boost::system::error_code ec, amperity::diagnostics const& diag);

/// `amperity workflow get`: key fields, one per line; with `verbose` also one line per task.
std::string workflow_summary(amperity::workflow const& wf, bool verbose);

/// `amperity workflow list`: a table with columns ID, STATE, TYPE, CREATED_AT, NAME.
std::string workflow_table(std::vector<amperity::workflow> const& runs);

/// The --wait progress line: `<id> <state>  [<task state> ...]`, with per-state counts when
/// there are many tasks; cut to `max_width` columns when that is not zero.
std::string progress_line(amperity::workflow const& wf, std::size_t max_width);

/// "failed: <type>: <message>" for a workflow that ended with an error, else just the state.
std::string ending(amperity::workflow const& wf);

} // namespace amperity_cli

#endif // AMPERITY_TOOLS_CLI_OUTPUT_HPP
