#!/usr/bin/env python3
"""Fails when a translation unit that only includes <amperity/amperity.hpp> contains compiled
library code it never asked for: a coroutine body of the library (GCC 12 emits the ".actor" and
".destroy" clones of every non-template inline coroutine in every translation unit), or any
instantiation of the client's call machinery. Either would put the whole HTTP/TLS client into
every translation unit that includes the header (45 s and 2.9 MB per file with GCC 12 before
the fix).

    header_cost.py <object file> [--nm nm]
"""
import argparse
import re
import subprocess
import sys

# Library code that must only be compiled where a call is made.
FORBIDDEN = re.compile(
    r"amperity::.*\[clone \.(actor|destroy)\]"
    r"|amperity::detail::(run_call|next_page|collect_pages|follow|read_response|entry_point)\b"
    r"|amperity::detail::(http_transport|client_state)::\w+<")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("object")
    ap.add_argument("--nm", default="nm")
    args = ap.parse_args()
    out = subprocess.run([args.nm, "-C", args.object], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"header_cost: {args.nm} failed on {args.object}:\n{out.stderr}", file=sys.stderr)
        return 1
    symbols = [line.split(" ", 2)[-1] for line in out.stdout.splitlines()]
    bad = [s for s in symbols if FORBIDDEN.search(s)]
    size = subprocess.run(["size", args.object], capture_output=True, text=True).stdout
    print(f"header_cost: {len(symbols)} symbols\n{size}")
    if bad:
        print(f"header_cost: {len(bad)} symbols of library code that only a call should "
              f"compile, e.g.:", file=sys.stderr)
        for s in bad[:10]:
            print("  " + s[:300], file=sys.stderr)
        print("A non-template inline coroutine, or a non-template function that makes a call, "
              "was added: make it a template (see \"GCC 12 and inline coroutines\" in "
              "amperity/detail/transport.hpp).", file=sys.stderr)
        return 1
    print("header_cost: no library coroutine or call compiled by the include alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
