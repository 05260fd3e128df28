"""Tests of amperity_codegen: goldens, invalid specs, --check, determinism, repo freshness.

Run from the repository root:
    PYTHONPATH=generator python3 -m unittest discover -s generator/tests -v

- cases/<name>/spec.yaml must generate cases/<name>/expected/*.hpp byte for byte. After a
  deliberate generator change, regenerate a golden with
      PYTHONPATH=generator python3 -m amperity_codegen \\
          --root generator/tests/cases/<name> --spec spec.yaml --out expected
  and read the diff: the goldens are what the generator promises.
- invalid/<name>.yaml must fail (exit 1, nothing written) with the errors its first lines
  announce, one `# expect: <substring of the error>` per error, in order: the generator
  reports every error, so a second one (a cascade, or a fixture that is wrong twice) fails.
- The compile check of the goldens is compile_goldens.py (slower; run separately by ctest).
"""

import contextlib
import difflib
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GENERATOR = REPO / "generator"
CASES = HERE / "cases"
INVALID = HERE / "invalid"
REAL_SPEC = "spec/amperity.openapi.yaml"
REAL_OUT = "include/amperity/generated"
OUTPUTS = ("enums.hpp", "types.hpp", "schemas.hpp", "rules.hpp", "operations.hpp", "client_ops.hpp",
           "all.hpp")
TMP_PREFIX = "amperity-codegen-test-"

if str(GENERATOR) not in sys.path:
    sys.path.insert(0, str(GENERATOR))

import amperity_codegen  # noqa: E402
from amperity_codegen import cli, naming  # noqa: E402


def codegen(*args, cwd, env=None):
    """Runs `python3 -m amperity_codegen args...` in `cwd`, as a user would."""
    full_env = dict(os.environ, PYTHONPATH=str(GENERATOR))
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "amperity_codegen", *args], cwd=cwd,
                          env=full_env, capture_output=True, text=True)


def read_dir(d: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


def generate_in_process(root: Path, spec: str, out: Path) -> dict:
    """Generates through cli.main (fast: no interpreter start) and returns {name: bytes}."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        rc = cli.main(["--root", str(root), "--spec", spec, "--out", str(out)])
    if rc != 0:
        raise AssertionError(f"generation failed (exit {rc}): {stderr.getvalue()}")
    return read_dir(out)


def golden_cases():
    return sorted(p for p in CASES.iterdir() if p.is_dir())


def invalid_cases():
    return sorted(INVALID.glob("*.yaml"))


def expectations(spec: Path) -> list:
    prefix = "# expect: "
    wants = []
    for line in spec.read_text(encoding="utf-8").splitlines():
        if not line.startswith(prefix):
            break
        wants.append(line[len(prefix):].strip())
    if not wants or not all(wants):
        raise AssertionError(f"{spec.name}: the first line must be '# expect: <message>'")
    return wants


def unified_diff(name: str, want: bytes, got: bytes) -> str:
    return "".join(difflib.unified_diff(
        want.decode("utf-8", "replace").splitlines(keepends=True),
        got.decode("utf-8", "replace").splitlines(keepends=True),
        fromfile=f"expected/{name}", tofile=f"generated/{name}"))


class Goldens(unittest.TestCase):
    """cases/<name>/spec.yaml -> cases/<name>/expected/*.hpp, byte for byte."""

    def test_inventory(self):
        names = [c.name for c in golden_cases()]
        for required in ("minimal", "open_enums_and_rules", "naming"):
            self.assertIn(required, names)
        for case in golden_cases():
            self.assertTrue((case / "spec.yaml").is_file(), case.name)
            self.assertEqual(sorted(p.name for p in (case / "expected").iterdir()),
                             sorted(OUTPUTS), f"{case.name}/expected must hold the seven headers")

    def check_golden(self, case: Path):
        with tempfile.TemporaryDirectory(prefix=TMP_PREFIX) as tmp:
            got = generate_in_process(case, "spec.yaml", Path(tmp) / "out")
        want = read_dir(case / "expected")
        self.assertEqual(sorted(got), sorted(want), f"{case.name}: different set of files")
        diffs = [unified_diff(n, want[n], got[n]) for n in OUTPUTS if want[n] != got[n]]
        if diffs:
            self.fail(f"{case.name}: generated headers differ from the goldens (if the change is "
                      f"intended, regenerate and review):\n" + "\n".join(diffs))


for _case in golden_cases():
    setattr(Goldens, f"test_golden_{_case.name}",
            lambda self, c=_case: self.check_golden(c))


class InvalidSpecs(unittest.TestCase):
    """invalid/<name>.yaml must be refused with a located message and nothing written."""

    def test_inventory(self):
        self.assertGreaterEqual(len(invalid_cases()), 12)
        for spec in invalid_cases():
            expectations(spec)  # raises on a missing or empty `# expect:` line

    def check_invalid(self, spec: Path):
        wants = expectations(spec)
        with tempfile.TemporaryDirectory(prefix=TMP_PREFIX) as tmp:
            shutil.copyfile(spec, Path(tmp) / spec.name)
            r = codegen("--spec", spec.name, "--out", "out", cwd=tmp)
            wrote = (Path(tmp) / "out").exists()
        self.assertEqual(r.returncode, 1, f"{spec.name}: exit {r.returncode}\n{r.stderr}")
        self.assertNotIn("Traceback", r.stderr)
        prefix = f"amperity_codegen: {spec.name}: "
        self.assertTrue(r.stderr.startswith(prefix), r.stderr)
        errors = [ln for ln in r.stderr.splitlines() if ln.startswith(prefix)]
        self.assertEqual(len(errors), len(wants), f"{spec.name}: errors\n{r.stderr}")
        for want, error in zip(wants, errors):
            self.assertIn(want, error)
        self.assertFalse(wrote, f"{spec.name}: output written for an invalid spec")


for _spec in invalid_cases():
    setattr(InvalidSpecs, f"test_invalid_{_spec.stem}",
            lambda self, s=_spec: self.check_invalid(s))


class CheckMode(unittest.TestCase):
    """--check on the repository layout, in a temporary copy."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix=TMP_PREFIX)
        self.root = Path(self._tmp.name)
        (self.root / "spec").mkdir()
        shutil.copyfile(REPO / REAL_SPEC, self.root / REAL_SPEC)
        r = codegen(cwd=self.root)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.out = self.root / REAL_OUT
        self.fresh = read_dir(self.out)

    def tearDown(self):
        self._tmp.cleanup()

    def check(self):
        return codegen("--check", cwd=self.root)

    def test_passes_when_fresh(self):
        r = self.check()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        self.assertIn("7 files up to date", r.stdout)
        self.assertEqual(read_dir(self.out), self.fresh)

    def test_names_the_one_stale_file(self):
        target = self.out / "types.hpp"
        # One byte more, in the middle of the file.
        edited = target.read_bytes().replace(b"namespace amperity {", b"namespace amperity  {", 1)
        self.assertNotEqual(edited, self.fresh["types.hpp"])
        target.write_bytes(edited)
        r = self.check()
        self.assertEqual(r.returncode, 1)
        stale = [ln for ln in r.stderr.splitlines() if ln.startswith("stale: ")]
        self.assertEqual(stale, [f"stale: {REAL_OUT}/types.hpp"], r.stderr)
        self.assertIn("out of date", r.stderr)
        self.assertEqual(target.read_bytes(), edited, "--check must not rewrite files")

    def test_names_a_missing_file(self):
        (self.out / "rules.hpp").unlink()
        r = self.check()
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"stale: {REAL_OUT}/rules.hpp", r.stderr)
        self.assertFalse((self.out / "rules.hpp").exists())

    def test_names_an_extra_file(self):
        (self.out / "extra.hpp").write_text("// not generated\n")
        r = self.check()
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"not generated (remove it): {REAL_OUT}/extra.hpp", r.stderr)
        self.assertNotIn("stale: ", r.stderr)
        self.assertTrue((self.out / "extra.hpp").exists(), "--check must not delete files")

    def test_spec_change_makes_every_file_stale(self):
        with open(self.root / REAL_SPEC, "a", encoding="utf-8") as f:
            f.write("# a comment changes the banner's sha256\n")
        r = self.check()
        self.assertEqual(r.returncode, 1)
        stale = sorted(ln for ln in r.stderr.splitlines() if ln.startswith("stale: "))
        self.assertEqual(stale, sorted(f"stale: {REAL_OUT}/{n}" for n in OUTPUTS))

    def test_regenerating_repairs(self):
        (self.out / "enums.hpp").write_bytes(b"// edited\n")
        (self.out / "extra.hpp").write_bytes(b"// not generated\n")
        r = codegen(cwd=self.root)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("wrote 1 of 7 files, removed 1", r.stdout)
        self.assertEqual(read_dir(self.out), self.fresh)
        self.assertEqual(self.check().returncode, 0)

    def test_missing_spec(self):
        (self.root / REAL_SPEC).unlink()
        r = self.check()
        self.assertEqual(r.returncode, 2)
        self.assertIn(f"spec not found: {REAL_SPEC}", r.stderr)


class Determinism(unittest.TestCase):
    """Same spec, same bytes: no timestamps, no absolute paths, LF only."""

    # Times of day, "generated on/at" and the like; the api_version date alone is fine.
    TIMESTAMP = re.compile(rb"\d\d:\d\d:\d\d|generated (on|at) ", re.IGNORECASE)

    def test_same_bytes_from_different_places_and_environments(self):
        with tempfile.TemporaryDirectory(prefix=TMP_PREFIX) as a, \
                tempfile.TemporaryDirectory(prefix=TMP_PREFIX) as b:
            # Relative paths from the repository root, ...
            r1 = codegen("--out", str(Path(a) / "out"), cwd=REPO,
                         env={"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C"})
            # ... and an absolute --root from elsewhere, another hash seed and time zone.
            r2 = codegen("--root", str(REPO), "--out", str(Path(b) / "out"), cwd=b,
                         env={"PYTHONHASHSEED": "4242", "TZ": "Asia/Kolkata",
                              "LC_ALL": "C.UTF-8"})
            self.assertEqual(r1.returncode, 0, r1.stderr)
            self.assertEqual(r2.returncode, 0, r2.stderr)
            first, second = read_dir(Path(a) / "out"), read_dir(Path(b) / "out")
        self.assertEqual(sorted(first), sorted(OUTPUTS))
        for name in OUTPUTS:
            self.assertEqual(first[name], second[name],
                             unified_diff(name, first[name], second[name]))

    def test_output_hygiene(self):
        home = os.path.expanduser("~").rstrip("/")
        with tempfile.TemporaryDirectory(prefix=TMP_PREFIX) as tmp:
            outputs = [(REAL_SPEC, REPO / REAL_SPEC,
                        generate_in_process(REPO, REAL_SPEC, Path(tmp) / "out"))]
            forbidden = [str(REPO), tmp, TMP_PREFIX] + ([home + "/"] if home else [])
        for case in golden_cases():
            outputs.append(("spec.yaml", case / "spec.yaml", read_dir(case / "expected")))
        for spec, spec_path, files in outputs:
            sha = hashlib.sha256(spec_path.read_bytes()).hexdigest()
            for name, data in files.items():
                where = f"{spec_path.relative_to(REPO)} -> {name}"
                self.assertNotIn(b"\r", data, where)
                self.assertTrue(data.endswith(b"\n") and not data.endswith(b"\n\n"), where)
                self.assertIsNone(self.TIMESTAMP.search(data), where)
                text = data.decode("utf-8")
                self.assertEqual(text.splitlines()[:3], [
                    f"// DO NOT EDIT: generated by amperity_codegen "
                    f"{amperity_codegen.__version__} from {spec}",
                    f"// spec sha256: {sha}",
                    "// Regenerate: PYTHONPATH=generator python3 -m amperity_codegen",
                ], where)
                for bad in forbidden:
                    self.assertNotIn(bad, text, f"{where}: contains a local path")
                for ln in text.splitlines():
                    # Non-ASCII text is fine in comments; code and string literals are ASCII.
                    self.assertTrue(ln.split("//", 1)[0].isascii(), f"{where}: {ln!r}")


class RepositoryIsFresh(unittest.TestCase):
    def test_committed_headers_match_the_spec(self):
        r = codegen("--check", cwd=REPO)
        self.assertEqual(r.returncode, 0,
                         "include/amperity/generated is out of date with spec/ or the generator; "
                         "run `PYTHONPATH=generator python3 -m amperity_codegen`:\n" + r.stderr)


class Naming(unittest.TestCase):
    """The helpers the templates rely on for names and literals."""

    def test_identifiers(self):
        for wire, cpp in [("delete", "delete_"), ("class", "class_"), ("std", "std_"),
                          ("2fa-enabled", "v_2fa_enabled"), ("job-id", "job_id"),
                          ("HTTPServerConfig", "http_server_config"),
                          ("WorkflowTaskInstance", "workflow_task_instance"),
                          ("getJob", "get_job"), ("in progress", "in_progress")]:
            self.assertEqual(naming.identifier(wire), cpp, wire)

    def test_string_literals(self):
        self.assertEqual(naming.cpp_string('say "hi" \\ now'), r'"say \"hi\" \\ now"')
        # Octal escapes are always three digits, so a following digit stays a digit.
        self.assertEqual(naming.cpp_string("\u00e91"), r'"\303\2511"')
        self.assertEqual(naming.cpp_string("a\nb\tc"), r'"a\012b\011c"')
        self.assertEqual(naming.cpp_string("\U0001F600"), r'"\360\237\230\200"')

    def test_comments_wrap_and_never_break_lines_in_code(self):
        text = "word " * 60 + "\nsecond paragraph"
        lines = naming.comment(text, "    ").split("\n")
        self.assertGreater(len(lines), 1)
        for ln in lines:
            self.assertTrue(ln.startswith("    /// "), ln)
            self.assertLessEqual(len(ln), 100, ln)
        self.assertEqual(naming.comment(""), "")

    def test_diagnostic_names(self):
        self.assertEqual(naming.diagnostic_name("run_mode", ["source", "refresh", "full"]),
                         "run_mode_must_be_source_refresh_or_full")
        self.assertEqual(naming.diagnostic_name("v", ["new", "default"]),
                         "v_must_be_new_or_default")


if __name__ == "__main__":
    unittest.main()
