#!/usr/bin/env python3
"""Checks the error table of docs/errors.md against the code.

Every amperity::errc enumerator of error.hpp must have one row, in enum order, with its numeric
value, and with the condition amperity::classify() gives it in condition.hpp (read from the
switch: the `case errc::x:` labels before each `return condition::y;`, the HTTP statuses by
value in the default branch). An errc added without documenting it fails.
"""

import argparse
import re
import sys
from pathlib import Path


def errc_enumerators(error_hpp: str) -> list[tuple[str, int]]:
    body = re.search(r"enum class errc\s*:\s*int\s*\{(.*?)\n\};", error_hpp, re.S)
    if not body:
        raise SystemExit("error.hpp: no `enum class errc : int { ... };` found")
    out, next_value = [], 0
    for line in body.group(1).splitlines():
        line = line.split("//")[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"([a-z_0-9]+)\s*(?:=\s*(\d+))?\s*,?", line)
        if not m:
            raise SystemExit(f"error.hpp: cannot read the errc line {line!r}")
        value = int(m.group(2)) if m.group(2) else next_value
        out.append((m.group(1), value))
        next_value = value + 1
    return out


def classify_conditions(condition_hpp: str) -> dict[str, str]:
    body = re.search(r"inline condition classify\(.*?\n\}", condition_hpp, re.S)
    if not body:
        raise SystemExit("condition.hpp: classify() not found")
    mapping, pending = {}, []
    for line in body.group(0).splitlines():
        pending += re.findall(r"case errc::([a-z_0-9]+):", line)
        ret = re.search(r"return condition::([a-z_]+);", line)
        if ret and pending:
            for name in pending:
                mapping[name] = ret.group(1)
            pending = []
    return mapping


def table_rows(errors_md: str) -> list[list[str]]:
    rows = []
    for line in errors_md.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5:
            raise SystemExit(f"errors.md: a row needs 5 cells (errc, value, meaning, condition, "
                             f"retried): {line!r}")
        rows.append(cells)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors-md", required=True, type=Path)
    ap.add_argument("--error-hpp", required=True, type=Path)
    ap.add_argument("--condition-hpp", required=True, type=Path)
    args = ap.parse_args()

    enumerators = errc_enumerators(args.error_hpp.read_text(encoding="utf-8"))
    conditions = classify_conditions(args.condition_hpp.read_text(encoding="utf-8"))
    rows = table_rows(args.errors_md.read_text(encoding="utf-8"))

    problems = []
    documented = [r[0].strip("`") for r in rows]
    declared = [name for name, _ in enumerators]
    for name in declared:
        if name not in documented:
            problems.append(f"errc::{name} has no row in {args.errors_md.name}")
    for name in documented:
        if name not in declared:
            problems.append(f"{args.errors_md.name} documents errc::{name}, which error.hpp "
                            "does not declare")
    if not problems and documented != declared:
        problems.append(f"{args.errors_md.name}: the rows are not in enum order:\n  "
                        f"table: {documented}\n  enum:  {declared}")

    values = dict(enumerators)
    for name, value, meaning, condition, retried in rows:
        name = name.strip("`")
        if name not in values:
            continue
        if value != str(values[name]):
            problems.append(f"errc::{name}: the table says {value}, error.hpp {values[name]}")
        if not meaning or not retried:
            problems.append(f"errc::{name}: empty meaning or retried cell")
        if name in conditions:
            expected = conditions[name]
        elif 400 <= values[name] < 500:
            expected = "api_client_error"
        elif 500 <= values[name] < 600:
            expected = "api_server_error"
        else:
            problems.append(f"errc::{name}: classify() in condition.hpp has no case for it")
            continue
        if name == "http_unexpected_status":
            # Its kind depends on the status: the row must say so and name all three.
            if not all(c in condition for c in
                       ("api_client_error", "api_server_error", "transport")):
                problems.append(f"errc::{name}: the condition cell must give the kind by status")
        elif condition != f"`{expected}`":
            problems.append(f"errc::{name}: the table says condition {condition}, classify() "
                            f"gives `{expected}`")

    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"{args.errors_md.name}: {len(rows)} rows match the {len(declared)} errc enumerators")
    return 0


if __name__ == "__main__":
    sys.exit(main())
