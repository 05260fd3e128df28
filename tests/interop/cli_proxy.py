#!/usr/bin/env python3
"""ctest interop.cli_proxy: the `amperity` CLI honours https_proxy / HTTPS_PROXY and
no_proxy / NO_PROXY (the lower-case variable wins, as in curl), against the amperity-emulator
executable (HTTPS on loopback) behind a real tinyproxy (Basic auth), both started here.

Checks: a call through the proxy succeeds and the proxy's log shows the CONNECT (and no API
traffic); lower case wins over upper case; NO_PROXY bypasses the proxy; wrong proxy
credentials give exit status 2 with one error line naming the proxy, never the password.
tinyproxy is a bootstrap dependency (scripts/bootstrap): its absence is a failure, not a skip.

    tests/interop/cli_proxy.py --cli path/to/amperity --emulator path/to/amperity-emulator
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TENANT = "acme"
TOKEN = "cli-proxy-" + secrets.token_hex(12)
PROXY_USER = "svc-proxy"
PROXY_PASSWORD = "pw-" + secrets.token_hex(10)

failures: list[str] = []


def check(ok: bool, what: str) -> None:
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, what: str, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise SystemExit(f"cli_proxy: {what} did not happen within {timeout} s")


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--emulator", required=True)
    args = ap.parse_args()

    tinyproxy = shutil.which("tinyproxy")
    if not tinyproxy:
        print("cli_proxy: tinyproxy is not installed; scripts/bootstrap installs it "
              "(Debian package tinyproxy)", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="amperity-cli-proxy-") as tmp:
        d = Path(tmp)
        ready = d / "ready.txt"
        ca = d / "ca.pem"
        emu = subprocess.Popen(
            [args.emulator, "--port", "0", "--write-ca", str(ca), "--ready-file", str(ready),
             "--tenant", TENANT, "--token", TOKEN],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs = [emu]
        try:
            wait_for(ready.exists, "the emulator's ready file")
            base_url = ready.read_text().strip()
            emu_port = int(base_url.rsplit(":", 1)[1].split("/")[0])

            proxy_port = free_port()
            log = d / "tinyproxy.log"
            conf = d / "tinyproxy.conf"
            conf.write_text(
                f"Port {proxy_port}\nListen 127.0.0.1\nAllow 127.0.0.1\nTimeout 60\n"
                f"MaxClients 16\nLogLevel Info\nLogFile \"{log}\"\nConnectPort {emu_port}\n"
                f"BasicAuth {PROXY_USER} {PROXY_PASSWORD}\n")
            proxy = subprocess.Popen([tinyproxy, "-d", "-c", str(conf)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            procs.append(proxy)
            wait_for(lambda: listening(proxy_port), "tinyproxy listening")

            good = f"http://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:{proxy_port}"
            dead = f"http://127.0.0.1:{free_port()}"
            needle = f"CONNECT 127.0.0.1:{emu_port} "

            def connects() -> int:
                return log.read_text().count(needle) if log.exists() else 0

            def run(env_extra: dict[str, str]) -> subprocess.CompletedProcess:
                env = {k: v for k, v in os.environ.items()
                       if k.lower() not in ("https_proxy", "no_proxy", "http_proxy", "all_proxy")}
                env.update({"AMPERITY_ACCESS_TOKEN": TOKEN, "AMPERITY_TENANT": TENANT,
                            "AMPERITY_BASE_URL": base_url})
                env.update(env_extra)
                r = subprocess.run([args.cli, "--ca-file", str(ca), "--timeout", "20",
                                    "workflow", "list"],
                                   env=env, capture_output=True, text=True, timeout=60)
                for stream in (r.stdout, r.stderr):
                    check(PROXY_PASSWORD not in stream and TOKEN not in stream,
                          "no secret in the CLI's output")
                return r

            r = run({"HTTPS_PROXY": good})
            check(r.returncode == 0, f"HTTPS_PROXY: list succeeds (exit {r.returncode}: {r.stderr.strip()})")
            check(connects() == 1, f"the proxy log shows the CONNECT ({connects()})")
            text = log.read_text()
            check("/api" not in text and "Bearer" not in text and TOKEN not in text,
                  "the proxy saw no API traffic in clear")

            r = run({"https_proxy": good, "HTTPS_PROXY": dead})
            check(r.returncode == 0, f"https_proxy wins over HTTPS_PROXY (exit {r.returncode}: {r.stderr.strip()})")
            check(connects() == 2, "... through the proxy")

            r = run({"https_proxy": dead, "HTTPS_PROXY": good})
            check(r.returncode == 5, f"a dead https_proxy wins too: exit 5 (got {r.returncode})")
            check(dead in r.stderr, f"... and the error names it: {r.stderr.strip()}")

            r = run({"HTTPS_PROXY": dead, "NO_PROXY": "localhost,127.0.0.1"})
            check(r.returncode == 0, f"NO_PROXY bypasses the proxy (exit {r.returncode}: {r.stderr.strip()})")
            r = run({"HTTPS_PROXY": dead, "NO_PROXY": "127.0.0.1", "no_proxy": "example.com"})
            check(r.returncode == 5, f"no_proxy wins over NO_PROXY (exit {r.returncode})")
            check(connects() == 2, "no CONNECT for the bypassed calls")

            wrong = f"http://{PROXY_USER}:not-{PROXY_PASSWORD}@127.0.0.1:{proxy_port}"
            r = run({"HTTPS_PROXY": wrong})
            lines = r.stderr.strip().splitlines()
            check(r.returncode == 2, f"wrong proxy credentials: exit 2 (got {r.returncode})")
            check(len(lines) == 1 and lines[0].startswith("amperity: "),
                  f"one error line: {r.stderr.strip()}")
            # tinyproxy 1.11 answers wrong credentials with 401 (407 when there are none).
            check(f"http://127.0.0.1:{proxy_port}" in r.stderr and "401" in r.stderr,
                  "... naming the proxy and its answer")
            check("not-" not in r.stderr and PROXY_USER not in r.stderr,
                  "... without the user info")

            r = run({"HTTPS_PROXY": "ftp://127.0.0.1:1"})
            check(r.returncode == 2 and "proxy" in r.stderr,
                  f"a bad HTTPS_PROXY is a configuration error naming it: {r.stderr.strip()}")
        finally:
            for p in procs:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()

    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
