#!/usr/bin/env python3
# Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
"""The end-to-end client benchmark's driver (scripts/bench-client runs it after the build).

Starts Debian's nginx on loopback (tests/nginx/nginx_server.py), then runs every (mode, peer)
row as its own process, so that peak RSS and CPU belong to that row alone:

    peers   amperity        amperity::client (bench/client/amperity_peer.cpp)
            raw             a minimal Beast coroutine client, the transport limit
                            (bench/client/raw_peer.cpp)
            raw-keepalive   run_seq only: the raw POST loop over one keep-alive connection
            requests        Python requests with a Session (bench/client/requests_peer.py)
    modes   get_seq         get-workflow, one call at a time
            get_pool64      64 coroutines (threads for requests) over 8 connections
            get_conn64      64 coroutines over 64 connections
            run_seq         run-workflow (POST), one at a time; amperity and raw open a fresh
                            connection for each (the client never resends run-workflow on a
                            reused connection), raw-keepalive and requests reuse one
            get_idle        get-workflow on the block with a 1 s keep-alive timeout, pausing
                            past it before each call: the connection is always closed under the
                            client (checks, no speed: calls/s is not compared)

Each peer warms up first (its connections open), prints {"ready": true, "warmup_calls": N} and
waits; the driver then marks the access log (once the warm-up's lines are in it), lets it run
the timed calls and reads what the server saw: requests, connections, new connections and TLS
resumptions (`reused` on a connection's first request).
Every row is checked: no failed call, as many requests in the log as calls, and connection
counts that fit the mode. A failed check makes the exit status non-zero; nothing about speed
is asserted. Rows are repeated (--repeat, interleaved: every peer once, then again) and the
table shows medians; get_idle runs once.
"""

import argparse
import datetime
import json
import os
import pathlib
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = HERE.parent.parent
sys.path.insert(0, str(SOURCE / "tests" / "nginx"))
import nginx_server  # noqa: E402

MODES = ("get_seq", "get_pool64", "get_conn64", "run_seq", "get_idle")
PEERS = {
    "get_seq": ("amperity", "raw", "requests"),
    "get_pool64": ("amperity", "raw", "requests"),
    "get_conn64": ("amperity", "raw", "requests"),
    "run_seq": ("amperity", "raw", "raw-keepalive", "requests"),
    "get_idle": ("amperity", "requests"),
}
# Connections a mode may use at most.
CONNECTION_LIMIT = {"get_seq": 1, "get_pool64": 8, "get_conn64": 64, "run_seq": None,
                    "get_idle": None}
FRESH_POST = ("amperity", "raw")  # run_seq over a new connection per call


def calls_for(mode, peer, calls, smoke):
    if smoke:
        return {"get_seq": 20, "get_pool64": 128, "get_conn64": 128, "run_seq": 6,
                "get_idle": 2}[mode]
    if mode == "get_idle":
        return 3
    if mode == "run_seq":
        return max(calls // 10, 1)
    return max(calls // 5, 1) if peer == "requests" else calls


def requests_python():
    """An interpreter with Debian's python3-requests (the peer is meant to be that)."""
    for candidate in ("/usr/bin/python3", sys.executable):
        if candidate and os.path.exists(candidate) and subprocess.run(
                [candidate, "-c", "import requests"], stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL).returncode == 0:
            return candidate
    raise SystemExit("no python3 with requests found: apt-get install python3-requests")


def pin_nginx(server, cpu):
    """nginx (master and worker) on `cpu`: the peers get the other one."""
    master = int((server.dir / "nginx.pid").read_text().split()[0])
    pids = [master]
    children = pathlib.Path(f"/proc/{master}/task/{master}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for pid in pids:
        os.sched_setaffinity(pid, {cpu})


class LogReader:
    """The access log from a byte offset on, parsed by nginx_server.parse_log."""

    def __init__(self, path):
        self.path = pathlib.Path(path)

    def offset(self):
        return self.path.stat().st_size if self.path.exists() else 0

    def since(self, offset):
        with open(self.path, "rb") as f:
            f.seek(offset)
            text = f.read().decode()
        return nginx_server.parse_log(text)

    def wait_for(self, offset, port, count, timeout=2.0):
        """The lines since `offset`, once `count` of them are for `port` (or after `timeout`)."""
        deadline = time.monotonic() + timeout
        while True:
            lines = self.since(offset)
            if (sum(1 for line in lines if line["port"] == port) >= count
                    or time.monotonic() > deadline):
                return lines
            time.sleep(0.01)


def server_view(lines, port):
    mine = [line for line in lines if line["port"] == port]
    first = [line for line in mine if line["requests"] == 1]
    return {
        "requests": len(mine),
        "statuses": sorted({line["status"] for line in mine}),
        "protocols": sorted({line["protocol"] for line in mine}),
        "connections": len({line["connection"] for line in mine}),
        "new_connections": len(first),
        "resumed": sum(1 for line in first if line["reused"]),
        "other_port_requests": len(lines) - len(mine),
    }


def run_row(server, log, args, mode, peer, calls, fields, python, pin):
    block = "idle" if mode == "get_idle" else args.block
    common = ["--mode", mode, "--calls", str(calls), "--base-url", server.base_url(block),
              "--ca-file", str(server.ca_file), "--sync",
              "--idle-pause-ms", str(args.idle_pause_ms)]
    if peer == "requests":
        argv = [python, str(HERE / "requests_peer.py"), "--request-fields", json.dumps(fields)]
    else:
        argv = [args.binary, "--peer", peer]
    env = dict(os.environ, AMPERITY_ACCESS_TOKEN="bench-static-token")
    port = server.ports[block]
    before = log.offset()
    proc = subprocess.Popen(pin + argv + common, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    ready = proc.stdout.readline()
    if not ready.strip().startswith('{"ready"'):
        out, err = proc.communicate(timeout=60)
        raise RuntimeError(f"{peer} {mode}: no ready line (exit {proc.returncode}):\n"
                           f"{ready}{out}{err}")
    # nginx logs a request just after sending its response: wait for the warm-up's lines
    # before marking where the timed calls begin, and for theirs at the end.
    log.wait_for(before, port, json.loads(ready)["warmup_calls"])
    start = log.offset()
    out, err = proc.communicate("go\n", timeout=600)
    lines = log.wait_for(start, port, calls)
    try:
        result = json.loads(out.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise RuntimeError(f"{peer} {mode}: no result (exit {proc.returncode}):\n{out}{err}")
    result["block"] = block
    result["server"] = server_view(lines, port)
    result["exit_status"] = proc.returncode
    return result


# The allocation target for a warm get-workflow, counted through operator new (checked, also
# in the smoke run: counts do not depend on the machine's speed).
MAX_NEW_ALLOCATIONS_BEYOND_RESULT = 10


def check(row):
    """What must hold whatever the speed; a list of problems."""
    problems = []
    mode, peer, calls, s = row["mode"], row["peer"], row["calls"], row["server"]
    if row["errors"] or row["warmup_errors"] or row["exit_status"] != 0:
        problems.append(f"{row['errors']} failed calls, {row['warmup_errors']} in the warm-up "
                        f"(exit {row['exit_status']}): {row.get('first_error', '')}")
    if s["requests"] != calls:
        problems.append(f"the server logged {s['requests']} requests for {calls} calls")
    expected = 201 if mode == "run_seq" else 200
    if s["statuses"] and s["statuses"] != [expected]:
        problems.append(f"statuses {s['statuses']} (expected {expected})")
    limit = CONNECTION_LIMIT[mode]
    if limit is not None and s["connections"] > limit:
        problems.append(f"{s['connections']} connections (at most {limit})")
    if s["connections"] < 1:
        problems.append("no connection seen by the server")
    fresh = (mode == "run_seq" and peer in FRESH_POST) or mode == "get_idle"
    if fresh and s["new_connections"] != calls:
        problems.append(f"{s['new_connections']} new connections for {calls} calls "
                        "(expected one per call)")
    threads_may_open_more = peer == "requests" and mode in ("get_pool64", "get_conn64")
    if not fresh and not threads_may_open_more and s["new_connections"] != 0:
        # The warm-up opened every connection the mode uses (requests' threads, scheduled by
        # the GIL, may not all have needed one during the warm-up).
        problems.append(f"{s['new_connections']} connections opened after the warm-up")
    if peer == "amperity" and mode == "get_seq" and row.get("new_allocations_per_call") is not None:
        # A count, not a time: the same in every run. It guards the allocation work (response
        # header fields in an arena, the target built in place) against regressions.
        beyond = row["new_allocations_per_call"] - row["result_allocations"]
        if beyond > MAX_NEW_ALLOCATIONS_BEYOND_RESULT:
            problems.append(f"a warm get-workflow makes {beyond:g} allocations through operator "
                            f"new beyond its result's own (at most "
                            f"{MAX_NEW_ALLOCATIONS_BEYOND_RESULT})")
    return problems


def median_row(runs):
    out = dict(runs[0])
    for key in ("wall_s", "cpu_s", "calls_per_s", "cpu_us_per_call", "allocations_per_call",
                "new_allocations_per_call", "ssl_allocations_per_call", "peak_rss_kib"):
        values = [r[key] for r in runs if r.get(key) is not None]
        out[key] = statistics.median(values) if values else None
    out["server"] = dict(runs[0]["server"])
    for key in ("connections", "new_connections", "resumed"):
        out["server"][key] = statistics.median(r["server"][key] for r in runs)
    out["repeats"] = len(runs)
    out["runs"] = runs
    return out


def number(x, digits=0):
    if x is None:
        return "n/a"
    if digits == 0:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def count(x):
    return f"{x:g}" if isinstance(x, float) else str(x)


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "n/a"


def tables(rows, meta):
    by = {(r["mode"], r["peer"]): r for r in rows}
    out = []
    out.append(f"{meta['date']}, {meta['machine']}; nginx {meta['nginx']}, {meta['openssl']}, "
               f"requests {meta['requests_version']}; block `{meta['block']}` "
               f"({meta['protocols']}); medians of {meta['repeat']} runs; "
               f"pinned: {meta['pinned']}\n")
    out.append("| mode | peer | calls | calls/s | CPU µs/call | allocs/call | of which new "
               "| of which OpenSSL | peak RSS MiB | server conns | new conns | resumed |")
    out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        s = r["server"]
        speed = "(paused)" if r["mode"] == "get_idle" else number(r["calls_per_s"])
        out.append(
            f"| {r['mode']} | {r['peer']} | {r['calls']} | {speed} | "
            f"{number(r['cpu_us_per_call'], 1)} | {number(r['allocations_per_call'], 1)} | "
            f"{number(r['new_allocations_per_call'], 1)} | "
            f"{number(r['ssl_allocations_per_call'], 1)} | "
            f"{number(r['peak_rss_kib'] / 1024, 1)} | {count(s['connections'])} | "
            f"{count(s['new_connections'])} | {count(s['resumed'])} |")
    out.append("")
    out.append("amperity against each peer (above 1: amperity is better): calls/s ratio, then "
               "CPU per call ratio")
    out.append("")
    out.append("| mode | vs raw calls/s | vs raw CPU | vs requests calls/s | vs requests CPU |")
    out.append("|---|--:|--:|--:|--:|")
    for mode in MODES:
        a = by.get((mode, "amperity"))
        if not a or mode == "get_idle":
            continue
        cells = []
        for peer in ("raw", "requests"):
            p = by.get((mode, peer))
            cells.append(ratio(a["calls_per_s"], p["calls_per_s"]) if p else "n/a")
            cells.append(ratio(p["cpu_us_per_call"], a["cpu_us_per_call"]) if p else "n/a")
        out.append(f"| {mode} | " + " | ".join(cells) + " |")
    out.append("")
    targets = []
    get = by.get(("get_seq", "amperity"))
    if get and get["allocations_per_call"] is not None:
        # Every malloc of the process, and the operator new calls alone (which miss Asio's
        # coroutine frames and OpenSSL's buffers): the target does not say which it means.
        beyond = get["allocations_per_call"] - get["result_allocations"]
        targets.append(("heap allocations per warm get-workflow beyond the result's own "
                        f"({get['result_allocations']}): every malloc", "≤ 10", f"{beyond:.1f}",
                        beyond <= 10))
        beyond_new = get["new_allocations_per_call"] - get["result_allocations"]
        targets.append(("the same through operator new only (no coroutine frames, no OpenSSL)",
                        "≤ 10", f"{beyond_new:.1f}", beyond_new <= 10))
    run, raw = by.get(("run_seq", "amperity")), by.get(("run_seq", "raw"))
    if run and raw:
        r = run["calls_per_s"] / raw["calls_per_s"]
        targets.append(("run-workflow vs the raw fresh-connection POST loop", "≥ 1.5x",
                        f"{r:.2f}x", r >= 1.5))
    if targets:
        out.append("| target | required | measured | |")
        out.append("|---|--:|--:|---|")
        for what, required, measured, ok in targets:
            out.append(f"| {what} | {required} | {measured} | {'PASS' if ok else 'MISS'} |")
    return "\n".join(out), targets


def describe_machine():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} vCPUs ({cpu}), {platform.system()} {platform.release()}"


def tool_version(argv, pattern):
    try:
        done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        m = re.search(pattern, done.stdout)
        return m.group(1) if m else "?"
    except OSError:
        return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="amperity-bench-client")
    parser.add_argument("--calls", type=int, default=10000,
                        help="get-workflow calls per C++ row (requests: a fifth; run_seq: a "
                             "tenth; get_idle: 3)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs of every row (medians); get_idle runs once")
    parser.add_argument("--smoke", action="store_true",
                        help="a handful of calls per row, once: checks only")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--peers", nargs="+", help="only these peers (default: every one)")
    parser.add_argument("--block", choices=("main", "tls12"), default="main",
                        help="the nginx server block: TLS 1.2 and 1.3 (main) or TLS 1.2 only")
    parser.add_argument("--idle-pause-ms", type=int, default=1500)
    parser.add_argument("--json", help="write every run's results here")
    parser.add_argument("--cpu", default=os.environ.get("BENCH_CPU", ""),
                        help="run the peers on this CPU and nginx on another; default $BENCH_CPU "
                             "or none (on a 2-core VM shared with other work, pinning halved "
                             "the rates and doubled CPU per call)")
    args = parser.parse_args()
    if args.smoke:
        args.repeat = 1

    python = requests_python()
    fields = json.loads(subprocess.run([args.binary, "--describe"], check=True,
                                       stdout=subprocess.PIPE, text=True).stdout)
    pin = []
    results, problems = [], []
    with nginx_server.Nginx() as server:
        nginx_version = tool_version([server.nginx(), "-v"], r"nginx/(\S+)")
        if args.cpu and (os.cpu_count() or 1) > 1:
            peer_cpu = int(args.cpu)
            pin = ["taskset", "-c", str(peer_cpu)]
            pin_nginx(server, 0 if peer_cpu != 0 else 1)
        log = LogReader(server.access_log)
        for mode in args.modes:
            peers = [p for p in PEERS[mode] if not args.peers or p in args.peers]
            runs = {peer: [] for peer in peers}
            for _ in range(1 if mode == "get_idle" else args.repeat):
                for peer in peers:
                    calls = calls_for(mode, peer, args.calls, args.smoke)
                    row = run_row(server, log, args, mode, peer, calls, fields, python, pin)
                    for p in check(row):
                        problems.append(f"{mode} {peer}: {p}")
                    runs[peer].append(row)
                    print(f"  {mode:<11} {peer:<14} {row['calls_per_s']:>10,.0f} calls/s "
                          f"{row['cpu_us_per_call']:>8.1f} µs CPU/call  "
                          f"server: {row['server']['connections']} conns, "
                          f"{row['server']['new_connections']} new, "
                          f"{row['server']['resumed']} resumed", file=sys.stderr)
            results += [median_row(runs[peer]) for peer in peers]

    requests_version = subprocess.run(
        [python, "-c", "import requests; print(requests.__version__)"],
        stdout=subprocess.PIPE, text=True).stdout.strip()
    protocols = sorted({p for r in results if r["block"] == args.block
                        for p in r["server"]["protocols"]})
    meta = {
        "date": datetime.date.today().isoformat(),
        "machine": describe_machine(),
        "nginx": nginx_version,
        "openssl": tool_version(["openssl", "version"], r"^(OpenSSL \S+)"),
        "requests_version": requests_version,
        "block": args.block,
        "protocols": ", ".join(protocols) or "?",
        "repeat": args.repeat,
        "pinned": f"peers on CPU {args.cpu}" if pin else "no",
        "calls": args.calls,
        "smoke": args.smoke,
    }
    text, targets = tables(results, meta)
    print(text)
    if args.json:
        pathlib.Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(args.json).write_text(json.dumps(
            {"meta": meta, "rows": results, "problems": problems,
             "targets": [{"target": t[0], "required": t[1], "measured": t[2], "met": t[3]}
                         for t in targets]}, indent=1) + "\n")
    if problems:
        print("\nchecks failed:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print(f"\nall {len(results)} rows checked: no failed call, every call in the server's log, "
          "connection counts as the modes expect", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
