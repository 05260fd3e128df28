#!/usr/bin/env python3
# Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
"""The Python peer of the end-to-end client benchmark: requests with one Session.

What a Python service would write: one requests.Session (keep-alive connections through
urllib3's pool), verify= the server's CA, the same header fields as amperity-bench-client, and
response.json() for the body. Concurrency is threads: get_pool64 runs 64 threads over a pool of
8 connections (HTTPAdapter(pool_maxsize=8, pool_block=True): a thread waits for a free
connection rather than opening a ninth), get_conn64 64 threads over 64. run_seq POSTs on the
Session's keep-alive connection: requests has no way to ask for a fresh one.

Same command line and the same JSON output as amperity-bench-client (bench/client/main.cpp);
allocations are null (not counted in Python). Meant for Debian's python3-requests: the driver
runs it with /usr/bin/python3.
"""

import argparse
import json
import os
import resource
import sys
import threading
import time

import requests
from requests.adapters import HTTPAdapter

MODES = ("get_seq", "get_pool64", "get_conn64", "run_seq", "get_idle")
DEFAULT_WARMUP = {"get_seq": 50, "get_pool64": 256, "get_conn64": 256, "run_seq": 5, "get_idle": 1}
WORKFLOW_ID = "wf-123456A-78901-2bcd3e"


def peak_rss_kib():
    """VmHWM of this process image (ru_maxrss would include the parent's peak)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class Tally:
    def __init__(self):
        self.ok = 0
        self.errors = 0
        self.first_error = None
        self.lock = threading.Lock()

    def fail(self, what):
        with self.lock:
            if self.errors == 0:
                self.first_error = what
            self.errors += 1

    def success(self):
        with self.lock:
            self.ok += 1


class Peer:
    def __init__(self, args, request_fields):
        self.args = args
        self.session = requests.Session()
        pool = 64 if args.mode == "get_conn64" else 8
        self.session.mount("https://", HTTPAdapter(pool_connections=1, pool_maxsize=pool,
                                                   pool_block=True))
        # Nothing from the environment: REQUESTS_CA_BUNDLE would override verify= (requests
        # prefers it to the Session's setting), and a proxy variable must not catch loopback.
        self.session.trust_env = False
        self.session.verify = args.ca_file
        token = os.environ.get("AMPERITY_ACCESS_TOKEN") or "bench-static-token"
        # Exactly the client's fields (requests would add Accept-Encoding and Connection).
        self.session.headers.clear()
        self.session.headers.update({
            "User-Agent": request_fields["user_agent"],
            "Accept": "application/json",
            "Authorization": "Bearer " + token,
            "amperity-tenant": "bench",
            "api-version": request_fields["api_version"],
        })
        self.get_url = f"{args.base_url}/workflow/runs/{WORKFLOW_ID}"
        self.post_url = f"{args.base_url}/workflow/runs"
        self.body = request_fields["run_body"].encode()
        self.threads = 64 if args.mode in ("get_pool64", "get_conn64") else 1

    def call(self, tally):
        try:
            if self.args.mode == "run_seq":
                r = self.session.post(self.post_url, data=self.body,
                                      headers={"Content-Type": "application/json"})
                expected = 201
            else:
                r = self.session.get(self.get_url)
                expected = 200
            if r.status_code != expected:
                tally.fail(f"status {r.status_code}")
                return
            if not r.json().get("id"):
                tally.fail("a workflow without an id")
                return
            tally.success()
        except Exception as e:  # counted, like a failed call in the C++ peers
            tally.fail(f"{type(e).__name__}: {e}")

    def phase(self, calls, timed):
        tally = Tally()
        remaining = [calls]
        lock = threading.Lock()
        pause = self.args.idle_pause_ms / 1000 if self.args.mode == "get_idle" and timed else 0

        def worker():
            while True:
                with lock:
                    if remaining[0] == 0:
                        return
                    remaining[0] -= 1
                if pause:
                    time.sleep(pause)
                self.call(tally)

        if self.threads == 1:
            worker()
        else:
            threads = [threading.Thread(target=worker) for _ in range(self.threads)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        return tally


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=MODES, default="get_seq")
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=-1)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--ca-file", required=True)
    parser.add_argument("--idle-pause-ms", type=int, default=1500)
    parser.add_argument("--sync", action="store_true")
    parser.add_argument("--request-fields", required=True,
                        help="JSON from amperity-bench-client --describe")
    args = parser.parse_args()
    if args.calls <= 0:
        parser.error("--calls must be positive")

    peer = Peer(args, json.loads(args.request_fields))
    warm = peer.phase(args.warmup if args.warmup >= 0 else DEFAULT_WARMUP[args.mode], False)
    if args.sync:
        print(json.dumps({"ready": True, "warmup_calls": warm.ok + warm.errors}), flush=True)
        sys.stdin.readline()

    c0, t0 = cpu_seconds(), time.monotonic()
    timed = peer.phase(args.calls, True)
    t1, c1 = time.monotonic(), cpu_seconds()
    wall, cpu = t1 - t0, c1 - c0
    out = {
        "peer": "requests", "mode": args.mode, "calls": args.calls,
        "ok": timed.ok, "errors": timed.errors,
        "warmup_calls": warm.ok + warm.errors, "warmup_errors": warm.errors,
        "wall_s": wall, "cpu_s": cpu,
        "calls_per_s": args.calls / wall if wall > 0 else 0.0,
        "cpu_us_per_call": cpu * 1e6 / args.calls,
        "allocations": None, "allocations_per_call": None, "result_allocations": None,
        "new_allocations": None, "new_allocations_per_call": None,
        "ssl_allocations": None, "ssl_allocations_per_call": None,
        "peak_rss_kib": peak_rss_kib(),
    }
    if timed.errors:
        out["first_error"] = timed.first_error
    elif warm.errors:
        out["first_error"] = "warm-up: " + warm.first_error
    print(json.dumps(out), flush=True)
    return 1 if timed.errors or warm.errors else 0


if __name__ == "__main__":
    sys.exit(main())
