#!/usr/bin/env python3
"""ctest interop.cli_exit_codes: every exit status of the `amperity` CLI, its error line and its
output, against a scripted HTTP server on loopback (in this process, no dependencies).

The server checks what the CLI sends (api-version, amperity-tenant, the bearer token, the JSON
body of a start) and answers per workflow or config id: workflows that exist, 404 with
Amperity's error body, 500, a body that is not JSON, a 401 that echoes the token back, a slow
answer, a run that succeeds, fails or never ends under --wait, and a two-page list.

For every case: the expected exit status; on failure exactly one line on stderr, starting
`amperity: `; the access token in no output; control characters from the server never
reach a readable output.

    tests/interop/cli_exit_codes.py --cli path/to/amperity
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TENANT = "acme"
TOKEN = "cli-test-" + secrets.token_hex(12)
# A workflow name with a terminal escape (OSC: set the window title) and a newline.
HOSTILE_NAME = "Daily \x1b]0;pwned\x07load\nline2"


def workflow(wf_id: str, state: str, tasks: list[str] | None = None, **extra) -> dict:
    wf = {
        "id": wf_id,
        "state": state,
        "type": "courier.group/run",
        "name": "Daily load",
        "tenant": TENANT,
        "created_at": "2026-06-19T04:00:18.764Z",
    }
    if tasks is not None:
        wf["task_instances"] = [
            {"id": f"wft-{i}", "state": s, "tenant": TENANT, "label": f"task {i}"}
            for i, s in enumerate(tasks)
        ]
    wf.update(extra)
    return wf


# Amperity's example workflow (the published document's), with tenant "acme".
FULL_ID = "wf-20240619-14418-6UhqSe"
FULL_ERROR = {"type": "amperity.workflow.task.stitch/table",
              "message": "Found table in an invalid state.", "attribution": "customer"}


def full_workflow(verbose: bool) -> dict:
    wf = workflow(FULL_ID, "succeeded", name="Customer Attribute Daily", type="campaign.send",
                  ended_at="2026-06-19T04:03:10.119Z", principal_name="Justin Scott",
                  principal_email="justin.scott@acme.com", principal_id="google-apps|acme@acme.com",
                  launched_version="etv-20240210-12345-6AbCDE",
                  current_version="etv-20240210-12345-6AbCDE", warn_after_ms=86400000,
                  error=FULL_ERROR)
    if verbose:
        wf["task_instances"] = [{
            "id": "wft-20240619-14574-6kyYdY", "state": "failed", "tenant": TENANT,
            "execution_type": "spark-sql",
            "label": "Sending treatment customer_attribute_group to destination - S3",
            "error": FULL_ERROR,
        }]
    return wf


class State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.polls: dict[str, int] = {}
        self.last_list_query: dict[str, list[str]] = {}


STATE = State()

RUN_SEQUENCES = {
    "wf-run-ok": [
        ("running", ["succeeded", "running", "scheduled"]),
        ("succeeded", ["succeeded", "succeeded", "succeeded"]),
    ],
    "wf-run-fails": [("failed", ["succeeded", "failed"])],
    "wf-run-forever": [("running", ["running"])],
}
STARTS = {"cg-ok": "wf-run-ok", "cg-fails": "wf-run-fails", "cg-forever": "wf-run-forever"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def send_json(self, status: int, body) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the CLI gave up first (the slow-answer case)

    def error(self, status: int, message: str, **extra) -> None:
        self.send_json(status, {"status": status, "message": message, **extra})

    def headers_ok(self) -> bool:
        problems = []
        if self.headers.get("api-version") != "2024-04-01":
            problems.append(f"api-version {self.headers.get('api-version')!r}")
        if self.headers.get("amperity-tenant") != TENANT:
            problems.append(f"amperity-tenant {self.headers.get('amperity-tenant')!r}")
        if self.headers.get("Authorization") != f"Bearer {TOKEN}" and not self.path.endswith(
            "wf-echo"
        ):
            problems.append("wrong Authorization")
        if problems:
            self.error(400, "test server: " + ", ".join(problems))
            return False
        return True

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        if not self.headers_ok():
            return
        if url.path == "/workflow/runs":
            with STATE.lock:
                STATE.last_list_query = query
            if query.get("type") == ["loop"]:  # a server that never ends the listing
                n = int(query.get("next_token", ["0"])[0]) + 1
                return self.send_json(200, {"data": [workflow("wf-l", "running")],
                                            "next_token": str(n)})
            if query.get("type") == ["stuck"]:  # hands back the token it was given
                return self.send_json(200, {"data": [workflow("wf-l", "running")],
                                            "next_token": "again"})
            if query.get("next_token") == ["p2"]:
                return self.send_json(200, {"data": [workflow("wf-c", "failed")]})
            return self.send_json(
                200,
                {"data": [workflow("wf-a", "succeeded"), workflow("wf-b", "running")],
                 "next_token": "p2"},
            )
        prefix = "/workflow/runs/"
        if not url.path.startswith(prefix):
            return self.error(404, "no such path")
        wf_id = urllib.parse.unquote(url.path[len(prefix):])
        verbose = query.get("view") == ["verbose"]
        if wf_id == "wf-ok":
            tasks = ["succeeded", "running"] if verbose else None
            return self.send_json(200, workflow("wf-ok", "running", tasks, name=HOSTILE_NAME))
        if wf_id == FULL_ID:
            return self.send_json(200, full_workflow(verbose))
        if wf_id == "wf-missing":
            return self.error(404, "Workflow not found", request_id="req-404")
        if wf_id == "wf-500":
            return self.error(500, "boom")
        if wf_id == "wf-503":
            return self.error(503, "try later")
        if wf_id == "wf-badjson":
            return self.send_json(200, b"this is not json")
        if wf_id == "wf-echo":
            return self.error(401, f"invalid token: {self.headers.get('Authorization')}")
        if wf_id == "wf-slow":
            time.sleep(5)
            return self.send_json(200, workflow("wf-slow", "running"))
        if wf_id in RUN_SEQUENCES:
            with STATE.lock:
                n = STATE.polls.get(wf_id, 0)
                STATE.polls[wf_id] = n + 1
            seq = RUN_SEQUENCES[wf_id]
            state, tasks = seq[min(n, len(seq) - 1)]
            extra = {}
            if state == "failed":
                extra["error"] = {"type": "amperity.workflow.task.stitch/table",
                                  "message": "Stitch failed"}
            return self.send_json(200, workflow(wf_id, state, tasks if verbose else None, **extra))
        return self.error(404, "Workflow not found")

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length) if length else b""
        if not self.headers_ok():
            return
        if url.path == "/workflow/runs":
            if self.headers.get("Content-Type") != "application/json":
                return self.error(400, f"content type {self.headers.get('Content-Type')!r}")
            try:
                body = json.loads(raw)
            except ValueError:
                return self.error(400, "body is not JSON")
            config_id = body.get("config_id")
            if config_id == "cg-boom":
                return self.error(500, "internal error while starting")
            if config_id == "cg-drop":  # read the request, then hang up without an answer
                self.close_connection = True
                return
            if config_id == "cg-slow":
                time.sleep(5)
                return self.send_json(201, workflow("wf-slow-start", "scheduled"))
            if config_id == "cg-body":
                want = {"config_id": "cg-body", "run_mode": "source",
                        "range_from": "2024-06-01", "range_to": "2024-06-08"}
                if body != want:
                    return self.error(400, f"test server: body {body!r}, expected {want!r}")
                return self.send_json(201, workflow("wf-body", "scheduled"))
            if config_id in STARTS:
                wf_id = STARTS[config_id]
                with STATE.lock:
                    STATE.polls[wf_id] = 0
                return self.send_json(201, workflow(wf_id, "scheduled"))
            return self.error(400, f"unknown config_id {config_id!r}")
        if url.path.startswith("/workflow/runs/") and url.path.endswith("/stop"):
            wf_id = urllib.parse.unquote(url.path[len("/workflow/runs/"):-len("/stop")])
            return self.send_json(200, workflow(wf_id, "canceled"))
        return self.error(404, "no such path")


class Case:
    def __init__(self, name, args, rc, out=(), err=(), env=None, json_out=None, no_base=False,
                 interrupt_after=None):
        self.name, self.args, self.rc = name, args, rc
        self.out, self.err = out, err  # substrings expected in stdout / stderr
        self.env = env or {}
        self.json_out = json_out  # callable(doc) -> problem or None
        self.no_base = no_base
        self.interrupt_after = interrupt_after


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cases(base: str) -> list[Case]:
    no_tenant = {"AMPERITY_TENANT": None}
    dead = f"http://127.0.0.1:{closed_port()}"
    ids = lambda doc: None if [w["id"] for w in doc] == ["wf-a", "wf-b", "wf-c"] else f"ids {doc}"
    return [
        # 0 and readable output
        Case("help", ["--help"], 0, out=["Exit status:", "130", "AMPERITY_ACCESS_TOKEN"], no_base=True),
        Case("get", ["workflow", "get", "wf-ok"], 0,
             out=["id          wf-ok", "state       running", "name        Daily ?]0;pwned?load line2"]),
        Case("get verbose", ["workflow", "get", "wf-ok", "--verbose"], 0,
             out=["tasks       2", "  wft-0  succeeded  -  task 0", "  wft-1  running    -  task 1"]),
        Case("get json", ["workflow", "get", "wf-ok", "--json"], 0,
             json_out=lambda d: None if d["name"] == HOSTILE_NAME else f"name {d['name']!r}"),
        Case("flags after the subcommand", ["workflow", "get", "wf-ok", "--json", "--tenant", TENANT],
             0, json_out=lambda d: None if d["id"] == "wf-ok" else "id"),
        Case("start", ["workflow", "start", "--config-id", "cg-ok"], 0,
             out=["started wf-run-ok (scheduled)\n"]),
        Case("start body", ["workflow", "start", "--config-id", "cg-body", "--run-mode", "source",
                            "--range-from", "2024-06-01", "--range-to", "2024-06-08"], 0,
             out=["started wf-body (scheduled)"]),
        Case("start --wait", ["workflow", "start", "--config-id", "cg-ok", "--wait"], 0,
             out=["started wf-run-ok (scheduled)\n"
                  "wf-run-ok running  [succeeded running scheduled]\n"
                  "wf-run-ok succeeded  [succeeded succeeded succeeded]\n"]),
        Case("start --wait --json", ["workflow", "start", "--config-id", "cg-ok", "--wait", "--json"],
             0, json_out=lambda d: None if d["state"] == "succeeded" else f"state {d['state']}"),
        Case("list", ["workflow", "list"], 0,
             out=["ID    STATE      TYPE               CREATED_AT                NAME\n",
                  "wf-a  succeeded  courier.group/run  2026-06-19T04:00:18.764Z  Daily load\n",
                  "(more runs: add --all"]),
        Case("list --all --json", ["workflow", "list", "--all", "--json"], 0, json_out=ids),
        Case("list --all", ["workflow", "list", "--all"], 0, out=["wf-a ", "wf-b ", "wf-c "]),
        Case("list filters", ["workflow", "list", "--state", "running", "--type", "courier.group/run",
                              "--created-from", "2024-06-01", "--created-to",
                              "2024-06-02T12:00:00Z", "--limit", "2", "--json"], 0,
             json_out=lambda d: None if len(d["data"]) == 2 else "data"),
        Case("stop", ["workflow", "stop", "wf-ok"], 0, out=["stopped wf-ok (canceled)\n"]),
        Case("env base url", ["workflow", "get", "wf-ok", "--json"], 0, no_base=True,
             env={"AMPERITY_BASE_URL": base}, json_out=lambda d: None),
        Case("flag wins over env", ["workflow", "get", "wf-ok", "--json", "--base-url", base], 0,
             no_base=True, env={"AMPERITY_BASE_URL": dead}, json_out=lambda d: None),
        # 2 usage and configuration
        Case("no command", [], 2, err=["amperity: usage: A subcommand is required"]),
        Case("unknown flag", ["workflow", "list", "--bogus"], 2, err=["--bogus"]),
        Case("missing option", ["workflow", "start"], 2, err=["--config-id is required"]),
        Case("bad limit", ["workflow", "list", "--limit", "0"], 2, err=["--limit"]),
        Case("no tenant", ["workflow", "list"], 2, env=no_tenant, err=["no tenant"]),
        Case("no credentials", ["workflow", "list"], 2, env={"AMPERITY_ACCESS_TOKEN": None},
             err=["no credentials"]),
        Case("half credentials", ["workflow", "list"], 2,
             env={"AMPERITY_ACCESS_TOKEN": None, "AMPERITY_CLIENT_ID": "id"},
             err=["AMPERITY_CLIENT_SECRET: missing"]),
        # The library's client_options::from_env reads these: its errors name the variable.
        Case("both credentials", ["workflow", "list"], 2,
             env={"AMPERITY_CLIENT_ID": "id", "AMPERITY_CLIENT_SECRET": "s3cret-value-x"},
             err=["AMPERITY_ACCESS_TOKEN: set together with", "not both"]),
        Case("bad max attempts", ["workflow", "list"], 2, env={"AMPERITY_MAX_ATTEMPTS": "0"},
             err=["AMPERITY_MAX_ATTEMPTS: \"0\" is not a whole number from 1 to 10"]),
        Case("plain http", ["workflow", "list", "--base-url", "http://example.com/api"], 2,
             no_base=True, err=["base_url (--base-url, AMPERITY_BASE_URL)", "plain http"]),
        # 3 refused before sending
        Case("bad config id", ["workflow", "start", "--config-id", "xx-1"], 3,
             err=["refused before sending: config_id"]),
        Case("run mode for og", ["workflow", "start", "--config-id", "og-1", "--run-mode", "source"],
             3, err=["run_mode: applies to courier groups only"]),
        Case("range_to alone", ["workflow", "start", "--config-id", "cg-1", "--range-to",
                                "2024-06-01"], 3, err=["range_to: requires range_from"]),
        Case("bad run mode", ["workflow", "start", "--config-id", "cg-1", "--run-mode", "fast"], 3,
             err=["run_mode"]),
        Case("bad created-from", ["workflow", "list", "--created-from", "yesterday"], 3,
             err=["--created-from"]),
        # 4 the API answered an error
        Case("404", ["workflow", "get", "wf-missing"], 4,
             err=["amperity: workflow get wf-missing: 404 Not Found: Workflow not found",
                  "request_id req-404"]),
        Case("401 echoing the token", ["workflow", "get", "wf-echo"], 4,
             err=["401", "[redacted]"]),
        # 5 transport or server failure
        Case("500", ["workflow", "get", "wf-500"], 5, err=["500 Server Error: boom"]),
        Case("503, retried", ["workflow", "get", "wf-503"], 5,
             err=["503 Service Unavailable: try later", "4 attempts"]),
        Case("not JSON", ["workflow", "get", "wf-badjson"], 5, err=["invalid response"]),
        Case("connection refused", ["workflow", "get", "wf-ok", "--base-url", dead], 5,
             no_base=True, err=["connection failed"]),
        # 6 outcome unknown
        Case("start answered 500", ["workflow", "start", "--config-id", "cg-boom"], 6,
             err=["outcome unknown: the server answered HTTP 500 (internal error while starting)",
                  "amperity workflow list --created-from"]),
        Case("start, connection dropped", ["workflow", "start", "--config-id", "cg-drop"], 6,
             err=["outcome unknown", "amperity workflow list --created-from"]),
        Case("start interrupted in flight", ["workflow", "start", "--config-id", "cg-slow"], 6,
             err=["outcome unknown", "amperity workflow list --created-from"], interrupt_after=1.0),
        # 7 deadline
        Case("slow answer", ["workflow", "get", "wf-slow", "--timeout", "1"], 7,
             err=["deadline exceeded"]),
        Case("list --all never ends", ["workflow", "list", "--all", "--type", "loop",
                                       "--timeout", "1.5"], 7,
             err=["deadline exceeded", "the listing was not finished"]),
        Case("list --all with a repeated next_token", ["workflow", "list", "--all", "--type",
                                                       "stuck"], 5,
             err=["the server returned next_token \"again\" again, after 2 pages: the pages "
                  "form a cycle"]),
        Case("run never ends", ["workflow", "start", "--config-id", "cg-forever", "--wait",
                                "--timeout", "2"], 7, err=["still running"]),
        # 8 the run ended badly
        Case("run fails", ["workflow", "start", "--config-id", "cg-fails", "--wait"], 8,
             out=["wf-run-fails failed  [succeeded failed]\n"],
             err=["amperity: workflow wf-run-fails: the run ended failed: "
                  "amperity.workflow.task.stitch/table: Stitch failed"]),
        # 130 interrupted
        Case("interrupted --wait", ["workflow", "start", "--config-id", "cg-forever", "--wait"],
             130, err=["interrupted", "amperity workflow get wf-run-forever"], interrupt_after=2.0),
    ]


def readme_cases(readme: Path) -> list[Case]:
    """The `$ amperity ...` examples of the CLI's README with their output, checked verbatim
    (up to a `...` where the README abridges), so that the README stays true."""
    result = []
    in_block = False
    current = None
    for line in readme.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_block = not in_block
            current = None
            continue
        if not in_block:
            continue
        if line.startswith("$ amperity "):
            current = Case(f"README: {line[2:]}", shlex.split(line)[2:], 0)
            current.expected = ""
            result.append(current)
        elif current is not None and line == "":
            current = None
        elif current is not None:
            current.expected += line + "\n"
    return result


def run_case(cli: str, base: str, case: Case) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMPERITY_")}
    env.update({"AMPERITY_TENANT": TENANT, "AMPERITY_ACCESS_TOKEN": TOKEN})
    for k, v in case.env.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    args = [cli] + ([] if case.no_base else ["--base-url", base]) + case.args
    proc = subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if case.interrupt_after:
        time.sleep(case.interrupt_after)
        proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return [f"timed out; stdout {out!r}, stderr {err!r}"]

    problems = []
    if proc.returncode != case.rc:
        problems.append(f"exit {proc.returncode}, expected {case.rc}")
    for s in case.out:
        if s not in out:
            problems.append(f"stdout lacks {s!r}")
    expected = getattr(case, "expected", None)
    if expected is not None:
        head, abridged, _ = expected.partition("...")
        if (out[:len(head)] != head) if abridged else (out != expected):
            problems.append(f"stdout differs from the README: expected {expected!r}")
    for s in case.err:
        if s not in err:
            problems.append(f"stderr lacks {s!r}")
    if TOKEN in out or TOKEN in err:
        problems.append("the access token appears in the output")
    if case.rc == 0:
        if err:
            problems.append("stderr not empty")
    elif err.count("\n") != 1 or not err.startswith("amperity: "):
        problems.append("stderr is not exactly one `amperity: ` line")
    if case.json_out:
        try:
            doc = json.loads(out)
            if out.count("\n") != 1:
                problems.append("stdout is not one JSON line")
            p = case.json_out(doc)
            if p:
                problems.append(p)
        except ValueError as e:
            problems.append(f"stdout is not JSON: {e}")
    elif case.rc == 0 and "\x1b" in out:
        problems.append("an escape character reached the readable output")
    if problems:
        problems.append(f"stdout: {out[:400]!r}")
        problems.append(f"stderr: {err[:400]!r}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True, help="the amperity executable")
    parser.add_argument("--readme", type=Path,
                        default=Path(__file__).resolve().parents[2] / "tools" / "cli" / "README.md")
    args = parser.parse_args()
    cli = str(Path(args.cli).resolve())
    if not os.access(cli, os.X_OK):
        print(f"FAIL interop.cli_exit_codes: {args.cli} is not an executable", file=sys.stderr)
        return 1

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    failures = 0
    all_cases = cases(base) + readme_cases(args.readme)
    try:
        # The list-filter case is checked against what the server saw, too.
        for case in all_cases:
            problems = run_case(cli, base, case)
            if case.name == "list filters" and not problems:
                with STATE.lock:
                    q = STATE.last_list_query
                want = {"state": ["running"], "type": ["courier.group/run"],
                        "created_from": ["2024-06-01"], "created_to": ["2024-06-02T12:00:00.000Z"],
                        "limit": ["2"]}
                if q != want:
                    problems.append(f"the server saw the query {q}, expected {want}")
            print(f"{'ok  ' if not problems else 'FAIL'} {case.name} (exit {case.rc})")
            for p in problems:
                print(f"       {p}")
            failures += bool(problems)
    finally:
        server.shutdown()
        server.server_close()
    print(f"{len(all_cases)} cases, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
