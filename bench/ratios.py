#!/usr/bin/env python3
# Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
"""Summarises amperity-bench's JSON output as Markdown (paste-able into the README).

    python3 bench/ratios.py build/bench/results.json

Per document: each decoder's time per document (the median over repetitions of cpu_time, or
the single run when there was one repetition), MiB/s (1024-based, as Google Benchmark counts),
documents per second, allocations per document, and the speed of amperity relative to that
decoder (peer time / amperity time: above 1 means amperity is faster). Then
the decode-speed targets with PASS/MISS. Informational only: the exit status is 0 whatever the numbers.
Standard library only.
"""

import json
import sys

AMPERITY = "amperity"
FRESH = "amperity_fresh"
DECODER_ORDER = [AMPERITY, FRESH, "boost_value_to", "boost_dom", "nlohmann", "rapidjson",
                 "simdjson_ondemand", "null_handler"]
UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}

# (document, decoder, peer, minimum ratio peer_time / decoder_time)
RATIO_TARGETS = [
    (doc, AMPERITY, peer, ratio)
    for doc in ("verbose", "list")
    for peer, ratio in (("boost_value_to", 5.0), ("nlohmann", 12.0),
                        ("simdjson_ondemand", 0.7), ("null_handler", 0.7))
] + [
    ("verbose", FRESH, "boost_value_to", 2.5),
    ("small", AMPERITY, "boost_value_to", 3.0),
]


def load(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    runs = {}  # (document, decoder) -> row; the median aggregate wins over single runs
    for b in data.get("benchmarks", []):
        parts = b.get("run_name", b["name"]).split("/")
        if len(parts) != 3 or parts[0] != "decode":
            continue
        if b.get("error_occurred"):
            runs[(parts[1], parts[2])] = {"error": b.get("error_message", "error")}
            continue
        kind = b.get("run_type", "iteration")
        if kind == "aggregate" and b.get("aggregate_name") != "median":
            continue
        key = (parts[1], parts[2])
        if kind == "iteration" and key in runs and runs[key].get("median"):
            continue
        runs[key] = {
            "median": kind == "aggregate",
            "repetitions": b.get("repetitions", 1),
            "ns": b["cpu_time"] * UNIT_NS[b.get("time_unit", "ns")],
            "mib_s": b.get("bytes_per_second", 0.0) / (1 << 20),
            "docs_s": b.get("docs/s", 0.0),
            "allocs": b.get("allocs/doc"),
        }
    return data.get("context", {}), runs


def corpus_sizes(context):
    """{'small': 333, ...} from the "corpus" context line, in corpus order."""
    sizes = {}
    for item in context.get("corpus", "").split(","):
        words = item.split()
        if len(words) == 3 and words[2] == "B":
            sizes[words[0]] = int(words[1])
    return sizes


def human(x):
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if x >= limit:
            return f"{x / limit:.3g}{suffix}"
    return f"{x:.3g}"


def count(x):
    if x is None:
        return "n/a"
    return f"{x:,.0f}" if x == int(x) or x >= 100 else f"{x:.2f}"


def ratio(runs, doc, decoder, peer):
    a, b = runs.get((doc, decoder)), runs.get((doc, peer))
    if not a or not b or "ns" not in a or "ns" not in b:
        return None
    return b["ns"] / a["ns"]


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    context, runs = load(argv[1])
    if not runs:
        print(f"{argv[1]}: no decode/<document>/<decoder> results", file=sys.stderr)
        return 1

    sizes = corpus_sizes(context)
    documents = [d for d in sizes if any(k[0] == d for k in runs)]
    documents += sorted({k[0] for k in runs} - set(documents))
    reps = max(r.get("repetitions", 1) for r in runs.values())
    statistic = (f"median of {reps} repetitions" if any(r.get("median") for r in runs.values())
                 else "one repetition")

    out = []
    out.append("## Decode benchmark")
    out.append("")
    out.append(f"- {context.get('date', '?')}, {context.get('host_name', '?')}: "
               f"{context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz")
    for key in ("compiler", "cxx_flags", "simdjson_builtin_implementation", "libraries"):
        if key in context:
            out.append(f"- {key}: {context[key]}")
    out.append(f"- time: cpu_time per document, {statistic}; MiB/s counts input bytes, "
               "1024-based; allocs/doc: allocations per decode after 2 warm-up decodes")
    out.append(f"- ratio: peer time / {AMPERITY} time (above 1: {AMPERITY} is faster)")

    for doc in documents:
        size = f" ({sizes[doc]:,} B)" if doc in sizes else ""
        out.append("")
        out.append(f"### {doc}{size}")
        out.append("")
        out.append(f"| decoder | ns/doc | MiB/s | docs/s | allocs/doc | {AMPERITY} vs decoder |")
        out.append("|---|--:|--:|--:|--:|--:|")
        decoders = [d for d in DECODER_ORDER if (doc, d) in runs]
        decoders += sorted(d for (dd, d) in runs if dd == doc and d not in DECODER_ORDER)
        for dec in decoders:
            r = runs[(doc, dec)]
            if "error" in r:
                out.append(f"| {dec} | error: {r['error']} | | | | |")
                continue
            x = ratio(runs, doc, AMPERITY, dec)
            rel = "" if dec == AMPERITY or x is None else f"{x:.2f}x"
            allocs = count(r["allocs"])
            out.append(f"| {dec} | {r['ns']:,.0f} | {r['mib_s']:,.0f} | {human(r['docs_s'])} | "
                       f"{allocs} | {rel} |")
        x = ratio(runs, doc, FRESH, "boost_value_to")
        if x is not None:
            out.append("")
            out.append(f"{FRESH} vs boost_value_to: {x:.2f}x")

    out.append("")
    out.append("### Decode-speed targets (informational)")
    out.append("")
    out.append("| target | document | required | measured | |")
    out.append("|---|---|--:|--:|---|")
    for doc, dec, peer, need in RATIO_TARGETS:
        x = ratio(runs, doc, dec, peer)
        got, verdict = ("n/a", "SKIP") if x is None else (f"{x:.2f}x",
                                                          "PASS" if x >= need else "MISS")
        out.append(f"| {dec} vs {peer} | {doc} | ≥ {need:g}x | {got} | {verdict} |")
    for doc in documents:
        r = runs.get((doc, AMPERITY))
        if not r or r.get("allocs") is None:
            continue
        verdict = "PASS" if r["allocs"] == 0 else "MISS"
        out.append(f"| {AMPERITY} allocs/doc | {doc} | 0 | {count(r['allocs'])} | {verdict} |")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
