#!/usr/bin/env python3
"""ctest examples.<name>: runs one example program against a fresh amperity-emulator.

Starts `amperity-emulator` on a free loopback port (TLS, its CA written to a temporary
directory), optionally starts some runs first (so that a listing has pages), runs the example
with the emulator's coordinates in the environment, the way a user would configure it:

    AMPERITY_BASE_URL, AMPERITY_TENANT, AMPERITY_CA_FILE and
    AMPERITY_ACCESS_TOKEN (or, with --oauth, AMPERITY_CLIENT_ID and AMPERITY_CLIENT_SECRET)

and checks its exit status and that each --expect regular expression matches a line of its
output, in order. The token and the client secret must appear in no output.

    run_example.py --emulator path/to/amperity-emulator --example path/to/example_x \
        [--oauth] [--setup-runs N] --expect REGEX [--expect REGEX ...]
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

TENANT = "acme"


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return path.read_text().strip()
        if proc.poll() is not None:
            raise SystemExit(f"amperity-emulator exited with {proc.returncode}")
        time.sleep(0.05)
    raise SystemExit("amperity-emulator did not become ready")


def start_runs(base_url: str, ca: Path, token: str, n: int) -> None:
    context = ssl.create_default_context(cafile=str(ca))
    for i in range(n):
        body = json.dumps({"config_id": f"cg-setup{i}"}).encode()
        req = urllib.request.Request(
            base_url + "/workflow/runs", data=body, method="POST",
            headers={"Authorization": "Bearer " + token, "amperity-tenant": TENANT,
                     "api-version": "2024-04-01", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, context=context, timeout=10) as resp:
            if resp.status != 201 and resp.status != 200:
                raise SystemExit(f"setup run {i}: HTTP {resp.status}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--example", required=True)
    ap.add_argument("--oauth", action="store_true")
    ap.add_argument("--setup-runs", type=int, default=0)
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("--exit-code", type=int, default=0)
    args = ap.parse_args()

    token = "example-token-" + secrets.token_hex(8)
    client_secret = "example-secret-" + secrets.token_hex(8)
    with tempfile.TemporaryDirectory(prefix="amperity-example-") as tmp:
        tmp_path = Path(tmp)
        ca, ready = tmp_path / "ca.pem", tmp_path / "ready"
        emulator = subprocess.Popen(
            [args.emulator, "--port", "0", "--write-ca", str(ca), "--ready-file", str(ready),
             "--tenant", TENANT, "--token", token, "--client-id", "example-client",
             "--client-secret", client_secret, "--schedule-delay-ms", "100",
             "--run-duration-ms", "1500"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            base_url = wait_for(ready, emulator)
            if args.setup_runs:
                start_runs(base_url, ca, token, args.setup_runs)
            env = {"PATH": "/usr/bin:/bin", "AMPERITY_BASE_URL": base_url,
                   "AMPERITY_TENANT": TENANT, "AMPERITY_CA_FILE": str(ca)}
            if args.oauth:
                env.update(AMPERITY_CLIENT_ID="example-client",
                           AMPERITY_CLIENT_SECRET=client_secret)
            else:
                env["AMPERITY_ACCESS_TOKEN"] = token
            run = subprocess.run([args.example], env=env, capture_output=True, text=True,
                                 timeout=60)
        finally:
            emulator.terminate()
            try:
                emulator.wait(timeout=10)
            except subprocess.TimeoutExpired:
                emulator.kill()

    out = run.stdout
    sys.stdout.write(out)
    sys.stderr.write(run.stderr)
    ok = True
    if run.returncode != args.exit_code:
        print(f"FAIL: exit status {run.returncode}, expected {args.exit_code}")
        ok = False
    lines = out.splitlines()
    pos = 0
    for pattern in args.expect:
        rx = re.compile(pattern)
        while pos < len(lines) and not rx.search(lines[pos]):
            pos += 1
        if pos == len(lines):
            print(f"FAIL: no line (in order) matches {pattern!r}")
            ok = False
            break
        pos += 1
    for s in (token, client_secret):
        if s in out or s in run.stderr:
            print("FAIL: a secret appears in the example's output")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
