// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// amperity: start, inspect, list and stop Amperity workflow runs from a shell.
//
//     export AMPERITY_TENANT=acme AMPERITY_ACCESS_TOKEN=...
//     amperity workflow start --config-id cg-123ABc4DE --run-mode source --wait
//     amperity workflow list --state running --json
//
// Secrets come only from the environment (flags show in `ps`), go straight into
// amperity::secret and are never printed: every line this program writes passes through
// redact(), which blanks them even if a server echoes one back.

#include "output.hpp"

#include <amperity/client.hpp>
#include <amperity/detail/proxy.hpp>
#include <amperity/proxy.hpp>
#include <amperity/version.hpp>

#include <CLI/CLI.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace asio = boost::asio;
using amperity_cli::exit_code;
using boost::system::error_code;

constexpr std::string_view version = AMPERITY_VERSION_STRING;

int code(exit_code c) {
    return static_cast<int>(c);
}

// ---- output ----------------------------------------------------------------------------------

/// The secrets from the environment; no output line may contain a piece of one.
amperity::detail::redactor secrets;
/// Once created, the client: it also knows the OAuth tokens it obtained.
amperity::client const* active_client = nullptr;

std::string redact(std::string const& text) {
    auto out = secrets.scrub(text);
    return active_client ? active_client->redact(out) : out;
}

void print(std::string const& text) {
    std::cout << redact(text) << std::flush;
}

/// The last Deprecation or Sunset header the API sent, shown after a successful command.
std::string deprecation_notice;

/// The one error line: `amperity: <what failed>: <message>`.
void fail_line(std::string_view what, std::string_view message) {
    std::string line = "amperity: ";
    line.append(what);
    line += ": ";
    line.append(message);
    std::cerr << redact(amperity_cli::printable(line)) << '\n' << std::flush;
}

std::string today_utc() {
    auto const now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return amperity::format(amperity::date_or_time::from_date(std::chrono::year_month_day{now}));
}

/// Reports a failed call and returns its exit status.
int report(std::string_view what, error_code ec, amperity::diagnostics const& diag) {
    if (ec != amperity::errc::outcome_unknown) {
        fail_line(what, amperity_cli::failure_message(ec, diag));
        return code(amperity_cli::exit_code_for(amperity::classify(ec, diag.http_status)));
    }
    // The client's own text for this case ends with advice naming the API operation; give the
    // facts and the command instead.
    std::string message = "outcome unknown: ";
    if (diag.http_status != 0) {
        message += "the server answered HTTP " + std::to_string(diag.http_status);
        if (!diag.message.empty())
            message += " (" + diag.message + ")";
        message += " after the request was sent";
    } else {
        // The client's detail states the facts only ("the request was sent, then ..."); the
        // advice is ours.
        message += diag.detail.empty() ? "the request was sent but no answer arrived"
                                       : diag.detail;
    }
    if (!diag.request_id.empty())
        message += " (request_id " + diag.request_id + ")";
    message += "; the run may have started: check with `amperity workflow list --created-from " +
               today_utc() + "` before starting it again";
    fail_line(what, message);
    return code(exit_code::outcome_unknown);
}

std::size_t terminal_width(int fd) {
    winsize ws{};
    if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

/// The --wait progress display: one line rewritten with '\r' on a terminal, else one line per
/// change. With --json it goes to stderr, and only when that is a terminal.
class progress_display {
public:
    explicit progress_display(bool json) {
        if (!json) {
            out_ = &std::cout;
            fd_ = STDOUT_FILENO;
        } else if (::isatty(STDERR_FILENO)) {
            out_ = &std::cerr;
            fd_ = STDERR_FILENO;
        }
        live_ = out_ && ::isatty(fd_);
    }

    void update(amperity::workflow const& wf) {
        if (!out_)
            return;
        // One column spare: writing the last column makes some terminals wrap.
        auto line = redact(amperity_cli::progress_line(wf, live_ ? terminal_width(fd_) - 1 : 0));
        if (line == last_)
            return;
        last_ = line;
        if (!live_) {
            *out_ << line << '\n' << std::flush;
            return;
        }
        auto const width = amperity_cli::display_width(line);
        *out_ << '\r' << line;
        if (shown_ > width)
            *out_ << std::string(shown_ - width, ' ');
        *out_ << std::flush;
        shown_ = width;
        open_ = true;
    }

    /// Ends the live line (before anything else is printed).
    void finish() {
        if (open_)
            *out_ << '\n' << std::flush;
        open_ = false;
    }

private:
    std::ostream* out_ = nullptr;
    int fd_ = -1;
    bool live_ = false;
    bool open_ = false;
    std::size_t shown_ = 0;
    std::string last_;
};

// ---- calls -----------------------------------------------------------------------------------

/// Runs one asynchronous call to completion on `io`; SIGINT/SIGTERM cancel it (the client then
/// completes with errc::cancelled, or errc::outcome_unknown for a start already sent). With
/// `overall`, the call is cancelled when that time has passed and completes with
/// errc::deadline_exceeded instead (for calls without a deadline of their own: async_collect).
/// `sent_once` marks a non-idempotent call (start): see the catch below.
template <class R, class Start>
std::pair<error_code, R> run(asio::io_context& io, Start&& start,
                             std::optional<std::chrono::milliseconds> overall = std::nullopt,
                             bool sent_once = false) {
    asio::cancellation_signal cancel;
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](error_code ec, int) {
        if (!ec)
            cancel.emit(asio::cancellation_type::terminal);
    });
    asio::steady_timer timer(io);
    bool timed_out = false;
    if (overall) {
        timer.expires_after(*overall);
        timer.async_wait([&](error_code ec) {
            if (ec)
                return;
            timed_out = true;
            cancel.emit(asio::cancellation_type::terminal);
        });
    }
    error_code result;
    std::optional<R> out;
    std::forward<Start>(start)(asio::bind_cancellation_slot(cancel.slot(), [&](error_code ec, R r) {
        result = ec;
        out.emplace(std::move(r));
        signals.cancel();
        timer.cancel();
    }));
    io.restart();
    try {
        io.run();
    } catch (boost::system::system_error const& e) {
        // Workaround for the client's coroutines: they keep Asio's default throw_if_cancelled,
        // so a cancellation that lands between two waits escapes as this exception (rethrown
        // by the completion handler) instead of completing with errc::cancelled. Whether a
        // start request had been written is then unknown.
        if (e.code() != asio::error::operation_aborted)
            throw;
        result = amperity::make_error_code(sent_once ? amperity::errc::outcome_unknown
                                                     : amperity::errc::cancelled);
        signals.cancel();
        timer.cancel();
        io.restart();
        io.run(); // the aborted waits above
    }
    if (timed_out && result == amperity::errc::cancelled)
        result = amperity::make_error_code(amperity::errc::deadline_exceeded);
    return {result, std::move(out).value_or(R{})};
}

// ---- settings --------------------------------------------------------------------------------

struct settings {
    // The client's defaults (the spec's first server and API version).
    std::string base_url = amperity::client_options{}.base_url;
    std::string tenant;
    std::string api_version = amperity::client_options{}.api_version;
    std::string ca_file;
    double timeout_seconds = 0; // 0: the client's defaults (120 s a call, 24 h for --wait)
    bool json = false;
};

std::optional<std::chrono::milliseconds> timeout_of(settings const& s) {
    if (s.timeout_seconds <= 0)
        return std::nullopt;
    auto const ms = std::llround(s.timeout_seconds * 1000.0);
    return std::chrono::milliseconds(std::max<long long>(ms, 1));
}

/// The client options from the environment (client_options::from_env, the library's reading of
/// the AMPERITY_* variables) and the settings, or the message of a usage error.
std::pair<amperity::client_options, std::string> make_options(settings const& s) {
    auto from_env = amperity::client_options::from_env();
    if (!from_env) return {amperity::client_options{}, from_env.error().message()};
    amperity::client_options o = std::move(*from_env);
    // The flags (whose defaults CLI11 took from the same variables) win over the environment.
    o.base_url = s.base_url;
    o.tenant = s.tenant;
    o.api_version = s.api_version;
    if (!s.ca_file.empty())
        o.ca_file = s.ca_file;
    o.user_agent = "amperity-cli/" + std::string(version) + " " + o.user_agent;
    if (auto t = timeout_of(s))
        o.call_timeout = *t;
    o.on_deprecation = [](std::string_view header, std::string_view value) {
        deprecation_notice = std::string(header) + ": " + std::string(value);
    };
    if (o.tenant.empty())
        return {std::move(o), "no tenant: set --tenant or AMPERITY_TENANT"};
    // The proxy came from the environment too (https_proxy / HTTPS_PROXY, as curl reads it).
    if (auto route = amperity::detail::parse_proxy_url(o.proxy.url); route && *route)
        secrets.add_permanent((*route)->password); // the client scrubs it too; so does the CLI
    if (auto const* b = std::get_if<amperity::bearer_token>(&o.auth))
        secrets.add_permanent(b->token);
    else if (auto const* cc = std::get_if<amperity::client_credentials>(&o.auth))
        secrets.add_permanent(cc->client_secret);
    else
        return {std::move(o), "no credentials: set AMPERITY_ACCESS_TOKEN, or AMPERITY_CLIENT_ID "
                              "and AMPERITY_CLIENT_SECRET"};
    return {std::move(o), {}};
}

/// Where a client option comes from, for configuration errors.
std::string_view source_of(std::string_view field) {
    if (field == "base_url")
        return " (--base-url, AMPERITY_BASE_URL)";
    if (field == "tenant")
        return " (--tenant, AMPERITY_TENANT)";
    if (field == "api_version")
        return " (--api-version, AMPERITY_API_VERSION)";
    if (field == "ca_file")
        return " (--ca-file, AMPERITY_CA_FILE)";
    if (field == "token_url")
        return " (AMPERITY_TOKEN_URL)";
    if (field == "bearer_token")
        return " (AMPERITY_ACCESS_TOKEN)";
    if (field == "client_credentials")
        return " (AMPERITY_CLIENT_ID, AMPERITY_CLIENT_SECRET)";
    if (field == "proxy")
        return " (https_proxy or HTTPS_PROXY)";
    return "";
}

// ---- commands --------------------------------------------------------------------------------

struct context {
    settings const& s;
    asio::io_context& io;
    amperity::client& client;
};

int follow(context& cx, std::string const& id) {
    amperity::follow_options fo;
    if (auto t = timeout_of(cx.s))
        fo.timeout = *t;
    progress_display progress(cx.s.json);
    fo.on_progress = [&](amperity::workflow const& wf) { progress.update(wf); };
    amperity::diagnostics diag;
    auto [ec, wf] = run<amperity::workflow>(cx.io, [&](auto handler) {
        cx.client.async_follow_workflow(id, std::move(fo), diag, std::move(handler));
    });
    progress.finish();
    std::string const what = "workflow " + amperity_cli::printable(id);
    if (ec == amperity::errc::cancelled) {
        fail_line(what,
                  "interrupted: stopped following; the run goes on (see `amperity workflow get " +
                      id + "`)");
        return code(exit_code::interrupted);
    }
    if (ec == amperity::errc::deadline_exceeded && !wf.id.empty()) {
        fail_line(what, "deadline exceeded: still " + std::string(wf.state.wire()) +
                            " when the timeout passed; the run goes on");
        return code(exit_code::timeout);
    }
    if (ec)
        return report(what, ec, diag);
    if (cx.s.json)
        print(amperity::encode(wf) + "\n");
    if (wf.state == amperity::workflow_state::succeeded)
        return code(exit_code::success);
    fail_line(what, "the run ended " + amperity_cli::ending(wf));
    return code(exit_code::run_failed);
}

struct start_args {
    std::string config_id;
    std::string run_mode;
    std::string range_from;
    std::string range_to;
    CLI::Option* run_mode_opt = nullptr;
    CLI::Option* range_from_opt = nullptr;
    CLI::Option* range_to_opt = nullptr;
    bool wait = false;
};

int start(context& cx, start_args const& a) {
    std::string const what = "workflow start " + a.config_id;
    amperity::run_request_fields f;
    f.config_id = a.config_id;
    if (a.run_mode_opt->count())
        f.run_mode = a.run_mode;
    if (a.range_from_opt->count())
        f.range_from = a.range_from;
    if (a.range_to_opt->count())
        f.range_to = a.range_to;
    auto request = amperity::make_run_request(f);
    if (!request) {
        fail_line(what, "refused before sending: " + request.error().message());
        return code(exit_code::refused);
    }
    amperity::diagnostics diag;
    auto [ec, wf] = run<amperity::workflow>(
        cx.io,
        [&](auto handler) {
            cx.client.async_run_workflow(std::move(*request), diag, std::move(handler));
        },
        std::nullopt, true);
    if (ec)
        return report(what, ec, diag);
    if (!a.wait) {
        print(cx.s.json ? amperity::encode(wf) + "\n"
                        : "started " + amperity_cli::printable(wf.id) + " (" +
                              amperity_cli::printable(wf.state.wire()) + ")\n");
        return code(exit_code::success);
    }
    if (!cx.s.json)
        print("started " + amperity_cli::printable(wf.id) + " (" +
              amperity_cli::printable(wf.state.wire()) + ")\n");
    return follow(cx, wf.id);
}

struct get_args {
    std::string id;
    bool verbose = false;
};

int get(context& cx, get_args const& a) {
    amperity::get_workflow_params p;
    p.workflow_id = a.id;
    if (a.verbose)
        p.view = amperity::workflow_view::verbose;
    amperity::diagnostics diag;
    auto [ec, wf] = run<amperity::workflow>(cx.io, [&](auto handler) {
        cx.client.async_get_workflow(std::move(p), diag, std::move(handler));
    });
    if (ec)
        return report("workflow get" + (a.id.empty() ? "" : " " + a.id), ec, diag);
    print(cx.s.json ? amperity::encode(wf) + "\n" : amperity_cli::workflow_summary(wf, a.verbose));
    return code(exit_code::success);
}

struct list_args {
    std::string state;
    std::string type;
    std::string created_from;
    std::string created_to;
    std::int64_t limit = 0;
    bool all = false;
    std::size_t max_items = 0;
    std::size_t max_pages = 0;
    CLI::Option* state_opt = nullptr;
    CLI::Option* type_opt = nullptr;
    CLI::Option* created_from_opt = nullptr;
    CLI::Option* created_to_opt = nullptr;
    CLI::Option* limit_opt = nullptr;
};

std::optional<amperity::date_or_time> parse_time_flag(std::string_view flag,
                                                      std::string const& text, std::string& error) {
    auto r = amperity::date_or_time::parse(text);
    if (r)
        return r.value;
    error = std::string(flag) + ": \"" + amperity_cli::printable(text) + "\"" +
            " is not YYYY-MM-DD or an ISO 8601 date-time with Z or an offset (" +
            std::string(amperity::describe(r.error)) + " at character " +
            std::to_string(r.position) + ")";
    return std::nullopt;
}

int list(context& cx, list_args const& a) {
    std::string const what = "workflow list";
    amperity::list_workflows_params p;
    if (a.limit_opt->count())
        p.limit = a.limit;
    if (a.state_opt->count())
        p.state = a.state;
    if (a.type_opt->count())
        p.type = a.type;
    std::string error;
    if (a.created_from_opt->count()) {
        p.created_from = parse_time_flag("--created-from", a.created_from, error);
        if (!p.created_from) {
            fail_line(what, "refused before sending: " + error);
            return code(exit_code::refused);
        }
    }
    if (a.created_to_opt->count()) {
        p.created_to = parse_time_flag("--created-to", a.created_to, error);
        if (!p.created_to) {
            fail_line(what, "refused before sending: " + error);
            return code(exit_code::refused);
        }
    }
    if (p.created_from && p.created_to &&
        !(p.created_from->time_point() < p.created_to->time_point())) {
        fail_line(what, "refused before sending: --created-to must be later than --created-from");
        return code(exit_code::refused);
    }

    amperity::diagnostics diag;
    if (a.all) {
        // --timeout bounds the whole listing: async_collect has no overall deadline, only one
        // per page, and follows a server that keeps sending next_token forever.
        auto [ec, runs] = run<std::vector<amperity::workflow>>(
            cx.io,
            [&](auto handler) {
                cx.client.async_collect<amperity::list_workflows_operation>(
                    std::move(p), amperity::collect_limits{a.max_items, a.max_pages}, diag,
                    std::move(handler));
            },
            timeout_of(cx.s));
        if (ec == amperity::errc::deadline_exceeded) {
            // The diagnostics are those of the page in flight, cut short; say what happened.
            diag = amperity::diagnostics{};
            diag.detail = "--timeout passed before the last page; the listing was not finished";
        }
        if (ec == amperity::errc::limit_reached) {
            // What the caps allowed, then say that it is not all.
            print(cx.s.json ? amperity::encode(runs) + "\n" : amperity_cli::workflow_table(runs));
            fail_line(what, diag.detail + " (raise --max-items/--max-pages to see more)");
            return code(exit_code::limit_reached);
        }
        if (ec)
            return report(what, ec, diag);
        print(cx.s.json ? amperity::encode(runs) + "\n" : amperity_cli::workflow_table(runs));
        return code(exit_code::success);
    }
    auto [ec, page] = run<amperity::workflow_list>(cx.io, [&](auto handler) {
        cx.client.async_list_workflows(std::move(p), diag, std::move(handler));
    });
    if (ec)
        return report(what, ec, diag);
    if (cx.s.json) {
        print(amperity::encode(page) + "\n");
    } else {
        auto text = amperity_cli::workflow_table(page.data);
        if (page.next_token && !page.next_token->empty())
            text += "(more runs: add --all to list every page)\n";
        print(text);
    }
    return code(exit_code::success);
}

int stop(context& cx, std::string const& id) {
    amperity::stop_workflow_params p;
    p.workflow_id = id;
    amperity::diagnostics diag;
    auto [ec, wf] = run<amperity::workflow>(cx.io, [&](auto handler) {
        cx.client.async_stop_workflow(std::move(p), diag, std::move(handler));
    });
    if (ec)
        return report("workflow stop" + (id.empty() ? "" : " " + id), ec, diag);
    print(cx.s.json ? amperity::encode(wf) + "\n"
                    : "stopped " + amperity_cli::printable(wf.id) + " (" +
                          amperity_cli::printable(wf.state.wire()) + ")\n");
    return code(exit_code::success);
}

// ---- command line ----------------------------------------------------------------------------

std::string footer() {
    return "Environment:\n"
           "  AMPERITY_BASE_URL, AMPERITY_TENANT   defaults for --base-url and --tenant\n"
           "  AMPERITY_ACCESS_TOKEN                an access token from the Amperity UI, or\n"
           "  AMPERITY_CLIENT_ID, AMPERITY_CLIENT_SECRET (and optionally AMPERITY_TOKEN_URL)\n"
           "                                       OAuth client credentials\n"
           "  AMPERITY_API_VERSION, AMPERITY_CA_FILE, AMPERITY_TIMEOUT\n"
           "                                       defaults for --api-version, --ca-file, --timeout\n"
           "  AMPERITY_MAX_ATTEMPTS                attempts per call, 1 to 10 (default 4)\n"
           "  https_proxy or HTTPS_PROXY            an HTTP proxy for the HTTPS connections:\n"
           "                                       http://[user:password@]host:port\n"
           "  no_proxy or NO_PROXY                 hosts reached directly (comma-separated;\n"
           "                                       the lower-case variable wins, as in curl)\n"
           "  Secrets are read from the environment only and are never printed.\n\n" +
           std::string(amperity_cli::exit_code_help);
}

int run_cli(int argc, char** argv) {
    CLI::App app{"Start, inspect, list and stop Amperity workflow runs.", "amperity"};
    app.fallthrough(); // the global flags may also follow the subcommand (inherited)
    app.require_subcommand(1);
    app.set_version_flag("--version", "amperity " + std::string(version));
    app.footer(footer());

    settings s;
    app.add_option("--base-url", s.base_url, "Amperity API base URL")
        ->envname("AMPERITY_BASE_URL")
        ->capture_default_str();
    app.add_option("--tenant", s.tenant, "tenant id (the amperity-tenant header; required)")
        ->envname("AMPERITY_TENANT");
    app.add_option("--api-version", s.api_version, "API version (the api-version header)")
        ->envname("AMPERITY_API_VERSION")
        ->capture_default_str();
    app.add_option("--ca-file", s.ca_file, "PEM file of CAs to trust instead of the system's")
        ->envname("AMPERITY_CA_FILE")
        ->type_name("FILE")
        ->check(CLI::ExistingFile.description(""));
    app.add_option("--timeout", s.timeout_seconds,
                   "whole call, retries included (default 120); list --all: the whole listing; "
                   "--wait: also following the run (default 24 h)")
        ->envname("AMPERITY_TIMEOUT")
        ->type_name("SECONDS")
        ->check(CLI::Range(0.001, 30.0 * 24 * 3600).description(""));
    app.add_flag("--json", s.json,
                 "print the response as one JSON document (list --all: an array of runs)");

    auto* workflow = app.add_subcommand("workflow", "workflow runs");
    workflow->require_subcommand(1);
    workflow->footer(footer());

    start_args sa;
    auto* start_cmd =
        workflow->add_subcommand("start", "start a workflow run (POST /workflow/runs)");
    start_cmd->footer(footer());
    start_cmd
        ->add_option("--config-id", sa.config_id,
                     "courier group (cg-), orchestration group (og-) or campaign (cc-) id")
        ->required();
    sa.run_mode_opt = start_cmd->add_option("--run-mode", sa.run_mode,
                                            "source, refresh or full (courier groups only)");
    sa.range_from_opt = start_cmd->add_option(
        "--range-from", sa.range_from,
        "start of the window of files to load, YYYY-MM-DD or ISO 8601 (courier groups only)");
    sa.range_to_opt = start_cmd->add_option("--range-to", sa.range_to,
                                            "end (exclusive) of the window; needs --range-from");
    start_cmd->add_flag("--wait", sa.wait,
                        "follow the run until it ends; the exit status tells how it ended");

    get_args ga;
    auto* get_cmd = workflow->add_subcommand("get", "show a workflow run (GET /workflow/runs/ID)");
    get_cmd->footer(footer());
    get_cmd->add_option("ID", ga.id, "workflow run id (wf-...)")->required();
    get_cmd->add_flag("--verbose", ga.verbose, "also show every task of the run");

    list_args la;
    auto* list_cmd = workflow->add_subcommand("list", "list workflow runs (GET /workflow/runs)");
    list_cmd->footer(footer());
    la.state_opt =
        list_cmd->add_option("--state", la.state, "only runs in this state (succeeded, ...)");
    la.type_opt =
        list_cmd->add_option("--type", la.type, "only runs of this type (courier.group/run, ...)");
    la.created_from_opt =
        list_cmd->add_option("--created-from", la.created_from,
                             "only runs created at or after this time (YYYY-MM-DD or ISO 8601)");
    la.created_to_opt =
        list_cmd->add_option("--created-to", la.created_to, "only runs created before this time");
    la.limit_opt = list_cmd->add_option("--limit", la.limit, "N runs per page")
                       ->type_name("N")
                       ->check(CLI::Range(std::int64_t{1}, std::numeric_limits<std::int64_t>::max())
                                   .description(""));
    list_cmd->add_flag("--all", la.all, "follow next_token through every page");
    list_cmd
        ->add_option("--max-items", la.max_items,
                     "with --all: stop after N runs (exit status 9 when more remain)")
        ->type_name("N")
        ->check(CLI::PositiveNumber.description(""));
    list_cmd
        ->add_option("--max-pages", la.max_pages,
                     "with --all: stop after N pages (exit status 9 when more remain)")
        ->type_name("N")
        ->check(CLI::PositiveNumber.description(""));

    std::string stop_id;
    auto* stop_cmd =
        workflow->add_subcommand("stop", "stop a workflow run (POST /workflow/runs/ID/stop)");
    stop_cmd->footer(footer());
    stop_cmd->add_option("ID", stop_id, "workflow run id (wf-...)")->required();

    try {
        app.parse(argc, argv);
    } catch (CLI::CallForHelp const& e) {
        return app.exit(e);
    } catch (CLI::CallForAllHelp const& e) {
        return app.exit(e);
    } catch (CLI::CallForVersion const& e) {
        return app.exit(e);
    } catch (CLI::ParseError const& e) {
        fail_line("usage", std::string(e.what()) + " (see `amperity --help`)");
        return code(exit_code::usage);
    }

    auto [opts, problem] = make_options(s);
    if (!problem.empty()) {
        fail_line("configuration", problem);
        return code(exit_code::usage);
    }
    asio::io_context io;
    auto client = amperity::client::create(io.get_executor(), std::move(opts));
    if (!client) {
        auto const& e = client.error();
        fail_line("configuration",
                  e.field() + std::string(source_of(e.field())) + ": " + e.detail());
        return code(exit_code::usage);
    }
    active_client = &*client;
    context cx{s, io, *client};
    int status = code(exit_code::usage);
    if (start_cmd->parsed())
        status = start(cx, sa);
    else if (get_cmd->parsed())
        status = get(cx, ga);
    else if (list_cmd->parsed())
        status = list(cx, la);
    else if (stop_cmd->parsed())
        status = stop(cx, stop_id);
    else
        fail_line("usage", "no command (see `amperity --help`)");
    // Amperity announces retirement of an API version with these headers (versioning page).
    if (status == 0 && !deprecation_notice.empty())
        fail_line("warning",
                  "the API announced " + deprecation_notice + " for api-version " + s.api_version);
    return status;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run_cli(argc, argv);
    } catch (std::exception const& e) {
        fail_line("internal error", e.what());
    } catch (...) {
        fail_line("internal error", "unknown exception");
    }
    return 1;
}
