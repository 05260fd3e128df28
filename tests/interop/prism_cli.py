#!/usr/bin/env python3
"""ctest interop.prism_cli: the `amperity` CLI against Prism mocking Amperity's own document.

Prism (`prism mock --errors`) serves Amperity's published OpenAPI document
(`$AMPERITY_SHARED_DIR/reference/upstream/control-plane-2024-04-01-openapi.json`) on a free
loopback port, once with static examples and once generating responses (`-d`). Prism validates
every request against that document: required headers (`api-version` with its enum,
`amperity-tenant`), bearer auth, path and query parameters, and the run request body
(`additionalProperties: false`). Each round runs the CLI's four workflow commands with --json:

    workflow start --config-id cg-1 --run-mode source
    workflow get some-id --verbose
    workflow list --limit 5
    workflow stop some-id

Every call must exit 0 with exactly one JSON document on stdout, nothing on stderr, and never
the access token in any output; Prism must log no request violation (its log is read and each
violation is attributed to the request that caused it). In static mode the returned ids must be
the document's examples, which shows the CLI decoded and re-encoded what Prism sent.

A canary with a wrong --api-version must make Prism log a violation and the CLI exit 4: the
harness can see violations, so "no violations" means something.

Exit 77 (skipped) when the upstream document or npm is missing. Prism is always stopped.

    tests/interop/prism_cli.py --cli path/to/amperity [--shared-dir ../shared] [--rounds 25]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "spec"))
from prism_process import free_port, stop, wait_until_up  # noqa: E402

SKIP = 77
ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
TENANT = "acme"
UPSTREAM = Path("reference") / "upstream" / "control-plane-2024-04-01-openapi.json"

COMMANDS = [
    ("start", ["workflow", "start", "--config-id", "cg-1", "--run-mode", "source"]),
    ("get", ["workflow", "get", "some-id", "--verbose"]),
    ("list", ["workflow", "list", "--limit", "5"]),
    ("stop", ["workflow", "stop", "some-id"]),
]

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
REQUEST_LINE = re.compile(r"\[HTTP SERVER\]\s+(\w+)\s+(\S+).*Request received")
VALIDATOR_PROBLEM = re.compile(r"\[VALIDATOR\]\s+\S+\s+(error|warning)\s+(.*)$")


def probe(base: str, token: str) -> None:
    """One valid request (so that it adds no violation); raises while Prism is not up."""
    req = urllib.request.Request(
        base + "/workflow/runs",
        headers={
            "Authorization": f"Bearer {token}",
            "api-version": "2024-04-01",
            "amperity-tenant": TENANT,
            "Accept": "application/json",
        },
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=2.0) as resp:
            resp.read()
    except urllib.error.HTTPError:
        pass  # any answer means Prism is up


def parse_log(text: str) -> list[tuple[str, list[str]]]:
    """(request, [validator errors and warnings]) for each request Prism received, in order."""
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        line = ANSI.sub("", raw)
        m = REQUEST_LINE.search(line)
        if m:
            blocks.append((f"{m.group(1).upper()} {m.group(2)}", []))
            continue
        m = VALIDATOR_PROBLEM.search(line)
        if m and blocks:
            blocks[-1][1].append(f"{m.group(1)}: {m.group(2).strip()}")
    return blocks


def is_request_problem(problem: str) -> bool:
    # Prism with --errors also checks its own generated responses; those are not ours to fix.
    return "Violation: response" not in problem


def cli_env(token: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMPERITY_")}
    env.update({"AMPERITY_TENANT": TENANT, "AMPERITY_ACCESS_TOKEN": token})
    return env


def run_cli(cli: str, base: str, token: str, args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [cli, "--base-url", base, "--json", "--timeout", "30", *args],
        env=cli_env(token),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def check_call(name: str, proc: subprocess.CompletedProcess, token: str, expected_id: str | None):
    """Problems with one successful-looking call."""
    problems = []
    if proc.returncode != 0:
        problems.append(f"exit {proc.returncode}, stderr: {proc.stderr.strip()!r}")
    if proc.stderr:
        problems.append(f"stderr not empty: {proc.stderr.strip()!r}")
    if token in proc.stdout or token in proc.stderr:
        problems.append("the access token appears in the output")
    if not proc.stdout.endswith("\n") or proc.stdout.count("\n") != 1:
        problems.append(f"stdout is not one line: {proc.stdout[:200]!r}")
    try:
        doc = json.loads(proc.stdout)
    except ValueError as err:
        return problems + [f"stdout is not JSON ({err}): {proc.stdout[:200]!r}"]
    if name == "list":
        if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
            return problems + [f"list: no data array in {proc.stdout[:200]!r}"]
        workflows = doc["data"]  # may be empty in dynamic mode
        if expected_id is not None and not workflows:
            problems.append("list: static mode returned no workflow")
    else:
        workflows = [doc]
    for wf in workflows:
        if not isinstance(wf, dict) or not isinstance(wf.get("id"), str):
            problems.append(f"{name}: a workflow without id in {proc.stdout[:200]!r}")
        elif expected_id is not None and wf["id"] != expected_id:
            problems.append(f"{name}: id {wf['id']!r}, expected the document's example "
                            f"{expected_id!r}")
    return problems


def run_mode(prism: Path, upstream: Path, cli: str, dynamic: bool, rounds: int,
             startup_timeout: float, expected_id: str | None) -> list[str]:
    mode = "dynamic" if dynamic else "static"
    token = "interop-" + secrets.token_hex(12)
    port = free_port()
    base = f"http://{HOST}:{port}"
    failures: list[str] = []
    calls = 0
    with tempfile.TemporaryDirectory(prefix="prism-cli-") as tmp:
        log = Path(tmp) / "prism.log"
        cmd = [str(prism), "mock", "--errors", "-m", "false", "-h", HOST, "-p", str(port)]
        if dynamic:
            cmd.append("-d")
        cmd.append(str(upstream))
        with log.open("w") as log_file:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log_file,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            try:
                wait_until_up(proc, lambda: probe(base, token), log,
                              time.monotonic() + startup_timeout)
                print(f"[{mode}] prism is up on {base}")
                for r in range(rounds):
                    for name, args in COMMANDS:
                        result = run_cli(cli, base, token, args)
                        calls += 1
                        for p in check_call(name, result, token, expected_id):
                            failures.append(f"[{mode}] round {r + 1} {name}: {p}")

                # Canary: a request Prism must refuse, logged as a violation.
                canary = run_cli(cli, base, token, ["--api-version", "1999-01-01", "workflow", "list"])
                calls += 1
                if canary.returncode != 4:
                    failures.append(f"[{mode}] canary: exit {canary.returncode}, expected 4 "
                                    f"(stderr {canary.stderr.strip()!r})")
                if canary.stderr.count("\n") != 1 or not canary.stderr.startswith(
                        "amperity: workflow list: 400"):
                    failures.append(f"[{mode}] canary: stderr is not one error line: "
                                    f"{canary.stderr!r}")

                # Prism logs asynchronously: wait until every request (and the probe) is in.
                deadline = time.monotonic() + 15
                blocks = parse_log(log.read_text())
                while len(blocks) < calls + 1 or not blocks[-1][1]:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.2)
                    blocks = parse_log(log.read_text())
            except Exception:
                print(f"--- prism log ---\n{log.read_text()}", file=sys.stderr)
                raise
            finally:
                stop(proc)
        blocks = parse_log(log.read_text())

    if len(blocks) != calls + 1:
        failures.append(f"[{mode}] prism logged {len(blocks)} requests, expected {calls + 1} "
                        "(probe + calls)")
    violations = [(req, p) for req, problems in blocks[:-1] for p in problems
                  if is_request_problem(p)]
    for req, p in violations:
        failures.append(f"[{mode}] prism request violation: {req}: {p}")
    canary_seen = bool(blocks) and any(is_request_problem(p) for p in blocks[-1][1])
    if not canary_seen:
        failures.append(f"[{mode}] canary: prism logged no violation for a wrong api-version; "
                        "the harness cannot see violations")
    response_notes = sum(1 for _, problems in blocks for p in problems if not is_request_problem(p))
    print(f"[{mode}] {rounds} rounds, {calls - 1} calls + canary, {len(violations)} request "
          f"violations, canary {'seen' if canary_seen else 'NOT seen'}"
          + (f", {response_notes} notes on prism's own responses" if response_notes else ""))
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True, help="the amperity executable")
    parser.add_argument("--shared-dir", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--startup-timeout", type=float, default=90.0)
    args = parser.parse_args()

    upstream = args.shared_dir / UPSTREAM
    if not upstream.is_file():
        print(f"SKIP interop.prism_cli: {upstream} is absent (Amperity's published OpenAPI "
              "document; set AMPERITY_SHARED_DIR)", file=sys.stderr)
        return SKIP
    cli = str(Path(args.cli).resolve())
    if not os.access(cli, os.X_OK):
        print(f"FAIL interop.prism_cli: {args.cli} is not an executable", file=sys.stderr)
        return 1

    tools = subprocess.run([str(ROOT / "scripts" / "spec-tools")], stdout=subprocess.PIPE, text=True)
    if tools.returncode == SKIP:
        print("SKIP interop.prism_cli: npm is not installed, so prism is unavailable",
              file=sys.stderr)
        return SKIP
    if tools.returncode != 0:
        print(f"FAIL interop.prism_cli: scripts/spec-tools failed (exit {tools.returncode})",
              file=sys.stderr)
        return 1
    prism = Path(tools.stdout.strip()) / "prism"

    doc = json.loads(upstream.read_text(encoding="utf-8"))
    example_id = (doc.get("components", {}).get("schemas", {}).get("Workflow", {})
                  .get("properties", {}).get("id", {}).get("example"))

    failures: list[str] = []
    for dynamic in (False, True):
        failures += run_mode(prism, upstream, cli, dynamic, args.rounds, args.startup_timeout,
                             None if dynamic else example_id)

    print(f"{len(failures)} problems")
    for f in failures[:50]:
        print(f"  {f}", file=sys.stderr)
    if len(failures) > 50:
        print(f"  ... and {len(failures) - 50} more", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
