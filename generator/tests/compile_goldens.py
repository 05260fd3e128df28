#!/usr/bin/env python3
"""Compiles the golden headers, so that what the goldens promise is valid C++.

For every generator/tests/cases/<name>/expected/ this lays the seven headers out as
<tmp>/amperity/generated/*.hpp and runs ONE compiler process over:
  - for the cases in SELF_CONTAINED_CASES, one translation unit per header, including only
    that header (each is self-contained);
  - one translation unit with <amperity/generated/all.hpp> followed by cases/<name>/check.cpp
    (static_asserts that use the model through the hand-written API).
with `-std=c++20 -fsyntax-only -Wall -Wextra -Werror -Wpedantic -I <tmp> -I include`; <tmp>
comes first so that it shadows the repository's own include/amperity/generated.

generator/tests/known_bugs/*.yaml are specs the generator currently mishandles. Each must be
either refused with a located error (exit 1, no traceback) or turned into headers that
compile; the tests are expected failures, so fixing the generator turns them into "unexpected
successes", which fail the run until the spec is moved to cases/ or invalid/.

Run from the repository root (ctest does; it also passes the C++ compiler and Boost's include
directory):
    PYTHONPATH=generator python3 generator/tests/compile_goldens.py [--cxx g++] [-I dir]... [-v]
Exits 77 (ctest: skipped) when the compiler is not found. Kept out of `unittest discover`
(the file name does not start with "test") because it takes a few seconds per case.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CASES = HERE / "cases"
KNOWN_BUGS = HERE / "known_bugs"
HEADERS = ("enums.hpp", "types.hpp", "schemas.hpp", "rules.hpp", "operations.hpp",
           "client_ops.hpp", "all.hpp")
FLAGS = ["-std=c++20", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-Wpedantic"]

# Set from the command line in main().
CXX = "g++"
EXTRA_INCLUDES = []


def _compile(generated: Path, sources) -> subprocess.CompletedProcess:
    """Lays `generated` (a directory of headers) out under a temp include root and compiles
    `sources` ({file name: text}) in one compiler run."""
    with tempfile.TemporaryDirectory(prefix="amperity-goldens-") as tmp:
        tmp = Path(tmp)
        inc = tmp / "include" / "amperity" / "generated"
        inc.mkdir(parents=True)
        for h in HEADERS:
            shutil.copyfile(generated / h, inc / h)
        paths = []
        for name, text in sources.items():
            (tmp / name).write_text(text, encoding="utf-8")
            paths.append(str(tmp / name))
        cmd = [CXX, *FLAGS, "-I", str(tmp / "include"), "-I", str(REPO / "include")]
        for d in EXTRA_INCLUDES:
            # Third-party headers are not ours to warn about; but never -isystem a default
            # directory, which breaks libstdc++'s #include_next.
            if os.path.normpath(d) not in ("/usr/include", "/usr/local/include"):
                cmd += ["-isystem", d]
        return subprocess.run(cmd + paths, capture_output=True, text=True, cwd=tmp)


# The cases whose headers are also compiled one per translation unit (self-containment). A
# header's includes come from its template, not from the spec, so the two largest cases show it;
# the rest compile only use_all.cpp (this keeps the test near 40 s instead of 100).
SELF_CONTAINED_CASES = ("naming", "open_enums_and_rules")


def _translation_units(case: Path) -> dict:
    tus = {}
    if case.name in SELF_CONTAINED_CASES:
        tus = {f"only_{h[:-4]}.cpp": f"#include <amperity/generated/{h}>\n" for h in HEADERS}
    main = "#include <amperity/generated/all.hpp>\n"
    check = case / "check.cpp"
    if check.is_file():
        main += check.read_text(encoding="utf-8")
    tus["use_all.cpp"] = main
    return tus


class CompileGoldens(unittest.TestCase):
    def test_every_case_has_a_check(self):
        cases = sorted(p for p in CASES.iterdir() if p.is_dir())
        self.assertGreaterEqual(len(cases), 3, "no golden cases found")
        for name in SELF_CONTAINED_CASES:
            self.assertTrue((CASES / name).is_dir(), f"SELF_CONTAINED_CASES names {name}: gone")
        for case in cases:
            self.assertTrue((case / "check.cpp").is_file(), f"{case.name}: no check.cpp")


def _golden_test(case: Path):
    def test(self):
        r = _compile(case / "expected", _translation_units(case))
        self.assertEqual(r.returncode, 0,
                         f"{case.name}: the golden headers do not compile:\n{r.stderr[-6000:]}")
    return test


def _generate(spec: Path, out_root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO / "generator"))
    shutil.copyfile(spec, out_root / spec.name)
    return subprocess.run(
        [sys.executable, "-m", "amperity_codegen", "--spec", spec.name, "--out", "generated"],
        cwd=out_root, env=env, capture_output=True, text=True)


def _known_bug_test(spec: Path):
    @unittest.expectedFailure
    def test(self):
        first = spec.read_text(encoding="utf-8").splitlines()[0]
        self.assertTrue(first.startswith("# known bug: "), f"{spec.name}: no '# known bug:' line")
        with tempfile.TemporaryDirectory(prefix="amperity-known-bug-") as tmp:
            r = _generate(spec, Path(tmp))
            if r.returncode != 0:
                # Refusing the spec is a fine fix, as long as it is a located SpecError.
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertNotIn("Traceback", r.stderr)
                self.assertTrue(r.stderr.startswith(f"amperity_codegen: {spec.name}: #/"),
                                r.stderr)
                return
            c = _compile(Path(tmp) / "generated",
                         {"use_all.cpp": "#include <amperity/generated/all.hpp>\n"})
            self.assertEqual(c.returncode, 0, c.stderr[-3000:])
    return test


for _case in sorted(p for p in CASES.iterdir() if p.is_dir()):
    setattr(CompileGoldens, f"test_golden_{_case.name}_compiles", _golden_test(_case))


class KnownGeneratorBugs(unittest.TestCase):
    """Each test is a spec the generator mishandles today (see the file's first comment)."""


if KNOWN_BUGS.is_dir():
    for _spec in sorted(KNOWN_BUGS.glob("*.yaml")):
        setattr(KnownGeneratorBugs, f"test_{_spec.stem}", _known_bug_test(_spec))


def main():
    global CXX
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cxx", default=os.environ.get("CXX", "g++"), help="C++ compiler")
    ap.add_argument("-I", dest="includes", action="append", default=[],
                    help="extra include directory (e.g. Boost's), may repeat")
    args, rest = ap.parse_known_args()
    if shutil.which(args.cxx) is None:
        print(f"compile_goldens: C++ compiler {args.cxx!r} not found; skipped", file=sys.stderr)
        return 77
    CXX = args.cxx
    EXTRA_INCLUDES.extend(args.includes)
    prog = unittest.main(argv=[sys.argv[0]] + rest, exit=False)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
