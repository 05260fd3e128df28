"""Command line: regenerate include/amperity/generated/, or --check that it is fresh.

The stages, each a module: load (YAML, $refs) -> validate (every error, located) -> model
(the API in spec terms) -> emit (C++ names, types, tables) -> render (templates).
"""

import argparse
import sys
from pathlib import Path

from . import library_names
from .emit import emit
from .load import SpecError, load
from .model import build
from .render import render
from .validate import SpecErrors, validate


def generate(spec_path: Path, relpath: str, library: library_names.LibraryNames) -> dict:
    """{file name: text}; raises SpecError (unreadable) or SpecErrors (invalid)."""
    spec = load(spec_path, relpath)
    validate(spec, library)
    return render(emit(build(spec)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m amperity_codegen",
                                 description="Generate the amperity C++ model from the spec.")
    ap.add_argument("--spec", default="spec/amperity.openapi.yaml",
                    help="spec file, relative to --root (default: %(default)s)")
    ap.add_argument("--out", default="include/amperity/generated",
                    help="output directory, relative to --root (default: %(default)s)")
    ap.add_argument("--root", default=".", help="repository root (default: current directory)")
    ap.add_argument("--library", type=Path, default=library_names.DEFAULT_LIBRARY,
                    help="the hand-written headers whose names generated types may not take "
                         "(default: the include/amperity next to the generator)")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 naming every file that differs from what the "
                         "spec and templates produce")
    args = ap.parse_args(argv)

    root = Path(args.root)
    spec_path = root / args.spec
    out_dir = root / args.out
    if not spec_path.is_file():
        print(f"amperity_codegen: spec not found: {args.spec} (run from the repository root or "
              f"pass --root)", file=sys.stderr)
        return 2
    try:
        library = library_names.read(args.library)
    except FileNotFoundError as e:
        print(f"amperity_codegen: {e} (pass --library include/amperity)", file=sys.stderr)
        return 2
    try:
        files = generate(spec_path, Path(args.spec).as_posix(), library)
    except SpecError as e:
        print(f"amperity_codegen: {args.spec}: {e}", file=sys.stderr)
        return 1
    except SpecErrors as e:
        for error in e.errors:
            print(f"amperity_codegen: {args.spec}: {error}", file=sys.stderr)
        return 1

    existing = {p.name for p in out_dir.glob("*")} if out_dir.is_dir() else set()
    stale = []
    for name, text in files.items():
        target = out_dir / name
        if not target.is_file() or target.read_bytes() != text.encode("utf-8"):
            stale.append(name)
    extra = sorted(existing - set(files))

    if args.check:
        if stale or extra:
            for name in stale:
                print(f"stale: {args.out}/{name}", file=sys.stderr)
            for name in extra:
                print(f"not generated (remove it): {args.out}/{name}", file=sys.stderr)
            print("amperity_codegen: generated headers are out of date; run "
                  "`PYTHONPATH=generator python3 -m amperity_codegen`", file=sys.stderr)
            return 1
        print(f"amperity_codegen: {len(files)} files up to date")
        return 0

    out_dir.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (out_dir / name).write_bytes(files[name].encode("utf-8"))
    for name in extra:
        (out_dir / name).unlink()
    print(f"amperity_codegen: wrote {len(stale)} of {len(files)} files"
          + (f", removed {len(extra)}" if extra else ""))
    return 0
