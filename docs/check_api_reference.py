#!/usr/bin/env python3
"""Builds the API reference with doxygen and fails on any warning.

Doxygen runs with WARN_AS_ERROR = FAIL_ON_WARNINGS (exit status 1 after a warning); this
script checks the status and, to be sure, that the warning log and doxygen's stderr are empty.
Doxygen 1.9.4 does not warn about undocumented enumerators (WARN_IF_UNDOC_ENUM_VAL came in
1.9.5), so the script also reads the XML output and fails on an enumerator of a documented enum
that has no documentation.

    check_api_reference.py --doxygen doxygen --doxyfile <build>/docs/Doxyfile --output <build>/docs
"""

import argparse
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path


def undocumented_enumerators(xml_dir: Path) -> list[str]:
    found = []
    for path in sorted(xml_dir.glob("*.xml")):
        if path.name == "index.xml":
            continue
        root = ET.parse(path).getroot()
        for enum in root.iter("memberdef"):
            if enum.get("kind") != "enum":
                continue
            enum_name = enum.findtext("qualifiedname") or enum.findtext("name")
            location = enum.find("location")
            where = "?"
            if location is not None:
                where = f"{location.get('file')}:{location.get('line')}"
            for value in enum.findall("enumvalue"):
                text = "".join(value.find("briefdescription").itertext()).strip() + "".join(
                    value.find("detaileddescription").itertext()).strip()
                if not text:
                    found.append(f"{where}: enumerator {enum_name}::{value.findtext('name')} "
                                 "is not documented")
    return sorted(set(found))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--doxygen", required=True)
    ap.add_argument("--doxyfile", required=True, type=Path)
    ap.add_argument("--output", required=True, type=Path, help="OUTPUT_DIRECTORY of the Doxyfile")
    args = ap.parse_args()

    # A fresh output: stale pages of a removed header must not survive, nor an old log.
    for sub in ("html", "xml"):
        shutil.rmtree(args.output / sub, ignore_errors=True)
    log = args.output / "warnings.log"
    log.unlink(missing_ok=True)

    start = time.monotonic()
    run = subprocess.run([args.doxygen, str(args.doxyfile)], capture_output=True, text=True)
    seconds = time.monotonic() - start

    problems = []
    warnings = log.read_text(encoding="utf-8").strip() if log.exists() else ""
    if warnings:
        problems.append(f"doxygen warnings ({log}):\n{warnings}")
    if run.stderr.strip():
        problems.append(f"doxygen wrote to stderr:\n{run.stderr.strip()}")
    if run.returncode != 0:
        problems.append(f"doxygen exited with status {run.returncode}")
    if run.returncode == 0 and not (args.output / "html" / "index.html").exists():
        problems.append("doxygen wrote no html/index.html")
    xml_dir = args.output / "xml"
    if xml_dir.is_dir():
        missing = undocumented_enumerators(xml_dir)
        if missing:
            problems.append("undocumented enumerators:\n" + "\n".join(missing))
    elif run.returncode == 0:
        problems.append("doxygen wrote no xml/ (GENERATE_XML is needed for the enumerator check)")

    if problems:
        print("\n\n".join(problems), file=sys.stderr)
        print(f"API reference: FAILED ({seconds:.1f} s)", file=sys.stderr)
        return 1
    print(f"API reference: {args.output / 'html' / 'index.html'} "
          f"(doxygen {seconds:.1f} s, no warnings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
