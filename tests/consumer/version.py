#!/usr/bin/env python3
"""One version everywhere: fails naming each place that disagrees with project(VERSION)."""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", type=Path, required=True)
    ap.add_argument("--build", type=Path, required=True)
    ap.add_argument("--cli", type=Path)
    args = ap.parse_args()
    src = args.source

    m = re.search(r"project\(\s*amperity\s+VERSION\s+(\d+)\.(\d+)\.(\d+)",
                  (src / "CMakeLists.txt").read_text())
    if not m:
        sys.exit("CMakeLists.txt: no project(amperity VERSION x.y.z)")
    version = ".".join(m.groups())
    found = {}

    header = (args.build / "include" / "amperity" / "version.hpp").read_text()
    parts = [re.search(rf"#define AMPERITY_VERSION_{p} (\d+)", header).group(1)
             for p in ("MAJOR", "MINOR", "PATCH")]
    found["amperity/version.hpp (MAJOR.MINOR.PATCH)"] = ".".join(parts)
    found["amperity/version.hpp (AMPERITY_VERSION_STRING)"] = re.search(
        r'#define AMPERITY_VERSION_STRING "([^"]*)"', header).group(1)

    port = json.loads((src / "packaging/vcpkg/ports/amperity-cpp/vcpkg.json").read_text())
    found["packaging/vcpkg/ports/amperity-cpp/vcpkg.json"] = port.get("version")

    changelog = (src / "CHANGELOG.md").read_text()
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", changelog, re.M)
    found["CHANGELOG.md (latest release)"] = releases[0] if releases else None

    recipe = (src / "packaging/conan/conanfile.py").read_text()
    literal = re.search(r'^\s*version\s*=\s*"([^"]+)"', recipe, re.M)
    if literal:
        found["packaging/conan/conanfile.py (literal)"] = literal.group(1)
    conan = shutil.which("conan")
    shared = Path(os.environ.get("AMPERITY_SHARED_DIR", "")) / "tools/conan/conan"
    if not conan and shared.exists():
        conan = str(shared)
    if conan:
        out = subprocess.run([conan, "inspect", str(src / "packaging/conan"), "--format=json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if out.returncode != 0:
            sys.exit(f"conan inspect failed:\n{out.stderr}")
        found["conan inspect packaging/conan"] = json.loads(out.stdout).get("version")
    else:
        print("note: no Conan client, the recipe's set_version() was not run")

    if args.cli:
        out = subprocess.run([str(args.cli), "--version"], stdout=subprocess.PIPE, text=True)
        found["amperity --version"] = out.stdout.strip().removeprefix("amperity ")

    bad = {k: v for k, v in found.items() if v != version}
    for k, v in found.items():
        print(f"{'ok ' if v == version else 'BAD'} {k}: {v}")
    if bad:
        sys.exit(f"these disagree with project(VERSION {version}) in CMakeLists.txt: "
                 + ", ".join(bad))
    print(f"version {version} everywhere ({len(found)} places)")


if __name__ == "__main__":
    main()
