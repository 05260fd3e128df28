#!/usr/bin/env python3
"""Load, soak and fault survival (scripts/soak; a smoke run in scripts/test). Not a timed test:
it reports figures and checks only counts and bounds that do not depend on the machine's speed.

Phases, each against a real amperity-emulator process over TLS keep-alive, rate limit off:

1. one client, CALLS calls, 64 coroutines: 0 errors; the emulator started exactly the runs the
   client was told were started (no duplicate start); connections the emulator accepted;
   calls/s; RSS sampled each second, after warm-up (the first 20% of the samples) within 10%.
2. three client processes at once (CALLS/3 each): 0 errors, starts add up.
3. kill and restart: a client runs while the emulator is killed (SIGKILL) and restarted on the
   same port with the same CA. Idempotent calls recover (0 errors among them); a run-workflow
   in flight reports outcome_unknown, never an error that hides a start; the emulator's log
   (both processes) shows no run-workflow request beyond one per call and no more started
   runs than calls that were told "started" or "outcome unknown".

    tests/soak/soak.py --client path/to/soak_client --emulator path/to/amperity-emulator
                       [--calls 20000]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import ssl
from pathlib import Path

TOKEN = "soak-token-" + secrets.token_hex(12)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Emulator:
    def __init__(self, binary: str, port: int, tls_dir: Path, log: Path | None) -> None:
        self.binary, self.port, self.tls_dir, self.log = binary, port, tls_dir, log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        ready = self.tls_dir / "ready"
        if ready.exists():
            ready.unlink()
        args = [self.binary, "--port", str(self.port), "--tls-dir", str(self.tls_dir),
                "--token", TOKEN, "--ready-file", str(ready), "--schedule-delay-ms", "50",
                "--run-duration-ms", "200"]
        if self.log:
            args.append("--verbose")
        err = open(self.log, "a") if self.log else subprocess.DEVNULL
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        for _ in range(200):
            if ready.exists():
                return
            if self.proc.poll() is not None:
                raise RuntimeError("the emulator exited at start")
            time.sleep(0.05)
        raise RuntimeError("the emulator did not become ready")

    def stats(self) -> dict:
        ctx = ssl.create_default_context(cafile=str(self.tls_dir / "ca.pem"))
        with urllib.request.urlopen(f"https://127.0.0.1:{self.port}/_emulator/stats",
                                    context=ctx, timeout=10) as r:
            return json.load(r)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def run_client(binary: str, port: int, ca: Path, calls: int, concurrency: int = 64,
               idempotent: str = "get"):
    env = dict(os.environ, AMPERITY_ACCESS_TOKEN=TOKEN)
    return subprocess.Popen([binary, "--base-url", f"https://127.0.0.1:{port}/api",
                             "--ca-file", str(ca), "--calls", str(calls),
                             "--concurrency", str(concurrency), "--idempotent", idempotent],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> tuple[dict, list[dict], str]:
    out, err = proc.communicate(timeout=1800)
    lines = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
    summary = next((l for l in lines if l.get("summary")), {})
    samples = [l for l in lines if "rss_kib" in l and not l.get("summary")]
    return summary, samples, err


def check(cond: bool, what: str, failures: list[str]) -> None:
    print(("  ok    " if cond else "  FAIL  ") + what)
    if not cond:
        failures.append(what)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--client", required=True)
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--calls", type=int, default=20000)
    args = ap.parse_args()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="amperity-soak-") as tmp:
        tls_dir = Path(tmp)
        ca = tls_dir / "ca.pem"
        port = free_port()

        # -- 1: one client ----------------------------------------------------------------
        emu = Emulator(args.emulator, port, tls_dir, None)
        emu.start()
        try:
            print(f"== phase 1: {args.calls} calls, one client, 64 coroutines")
            summary, samples, err = finish(run_client(args.client, port, ca, args.calls))
            stats = emu.stats()
            print(f"  {summary.get('calls_per_s', 0):.0f} calls/s, {stats['connections']} "
                  f"connections accepted, {stats['requests']} requests")
            check(summary.get("calls") == args.calls and summary.get("ok") == args.calls,
                  f"every call succeeded ({summary.get('ok')}/{summary.get('calls')}; "
                  f"errors {summary.get('errors')}) {err.strip()}", failures)
            check(stats["runs_started"] == 1 + summary.get("starts_ok", -1),
                  f"runs started by the emulator ({stats['runs_started']}) = runs the client "
                  f"was told were started (1 + {summary.get('starts_ok')})", failures)
            rss = [s["rss_kib"] for s in samples]
            if len(rss) >= 5:
                steady = rss[len(rss) // 5:]
                lo, hi = min(steady), max(steady)
                print(f"  RSS: start {rss[0] // 1024} MiB, after warm-up {lo // 1024}-"
                      f"{hi // 1024} MiB, end {summary.get('rss_kib', 0) // 1024} MiB "
                      f"({len(rss)} samples)")
                check(hi <= lo * 1.10, f"RSS after warm-up within 10% ({lo}..{hi} KiB)",
                      failures)
            else:
                print(f"  RSS: only {len(rss)} one-second samples (a short run): not judged")

            # -- 2: three processes at once -----------------------------------------------
            per = max(args.calls // 3, 100)
            print(f"== phase 2: three client processes at once, {per} calls each")
            before = emu.stats()
            procs = [run_client(args.client, port, ca, per) for _ in range(3)]
            results = [finish(p) for p in procs]
            after = emu.stats()
            ok = sum(r[0].get("ok", 0) for r in results)
            starts_ok = sum(r[0].get("starts_ok", 0) for r in results)
            check(ok == 3 * per, f"every call of the three succeeded ({ok}/{3 * per})", failures)
            check(after["runs_started"] - before["runs_started"] == 3 + starts_ok,
                  f"runs started add up ({after['runs_started'] - before['runs_started']} = "
                  f"3 + {starts_ok})", failures)
            print(f"  {sum(r[0].get('calls_per_s', 0) for r in results):.0f} calls/s together, "
                  f"{after['connections'] - before['connections']} connections")
        finally:
            emu.stop()

        # -- 3: kill and restart ------------------------------------------------------------
        log = tls_dir / "emulator.log"
        emu = Emulator(args.emulator, port, tls_dir, log)
        emu.start()
        calls = max(args.calls // 4, 6000)  # several seconds: the kill lands mid-run
        print(f"== phase 3: {calls} calls while the emulator is killed and restarted")
        proc = run_client(args.client, port, ca, calls, concurrency=16, idempotent="list")
        try:
            time.sleep(1.0)
            running_at_kill = proc.poll() is None
            emu.kill()
            time.sleep(0.5)
            emu.start()
            summary, _, err = finish(proc)
        finally:
            emu.stop()
        text = log.read_text(errors="replace")
        posts = len(re.findall(r"POST /api/workflow/runs -> \d+ run-workflow", text))
        started = len(re.findall(r"POST /api/workflow/runs -> 201 run-workflow", text))
        sent = summary.get("starts_sent", 0) + 1  # + the client's first run
        told_ok = summary.get("starts_ok", 0) + 1
        unknown = summary.get("starts_unknown", 0)
        errors = summary.get("errors", {})
        non_start_errors = {k: v for k, v in errors.items() if "outcome unknown" not in k
                            and "connection failed" not in k}
        print(f"  calls {summary.get('calls')}, ok {summary.get('ok')}, run-workflow: "
              f"{told_ok} started, {unknown} outcome unknown, "
              f"{summary.get('starts_failed', 0)} failed before sending; errors {errors}")
        check(running_at_kill, "the client was still running when the emulator was killed",
              failures)
        check(summary.get("calls") == calls, f"the client finished ({err.strip()[:200]})",
              failures)
        check(not non_start_errors,
              f"idempotent calls recovered (errors other than run-workflow's: {non_start_errors})",
              failures)
        check(posts <= sent, f"run-workflow requests the emulators saw ({posts}) <= calls ({sent})",
              failures)
        check(told_ok <= started <= told_ok + unknown,
              f"runs started ({started}) between 'started' ({told_ok}) and 'started' + "
              f"'outcome unknown' ({told_ok + unknown}): no second start", failures)
        if TOKEN in text:
            failures.append("the token appears in the emulator's log")
    print("soak: " + ("PASSED" if not failures else f"FAILED ({len(failures)})"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
