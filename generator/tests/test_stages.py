"""Tests of the generator's stages one by one: validate, model, emit.

Run from the repository root:
    PYTHONPATH=generator python3 -m unittest discover -s generator/tests -v
"""

import contextlib
import dataclasses
import io
import re
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GENERATOR = REPO / "generator"
if str(GENERATOR) not in sys.path:
    sys.path.insert(0, str(GENERATOR))

from amperity_codegen import cli, library_names  # noqa: E402
from amperity_codegen.emit import emit  # noqa: E402
from amperity_codegen.load import SpecError, load  # noqa: E402
from amperity_codegen.model import build  # noqa: E402
from amperity_codegen.validate import SpecErrors, validate  # noqa: E402

REAL_SPEC = REPO / "spec" / "amperity.openapi.yaml"
LIBRARY = library_names.read()
# A JSON pointer into the document, as RFC 6901 writes it in a URI fragment.
POINTER = re.compile(r"^#(/([^~/]|~[01])*)*$")


def specs():
    """Every valid spec the tests have: the real one and the goldens'."""
    return [REAL_SPEC] + sorted((HERE / "cases").glob("*/spec.yaml"))


def load_text(text: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "spec.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return load(path, "spec.yaml")


def errors_of(text: str) -> list:
    with unittest.TestCase().assertRaises(SpecErrors) as e:
        validate(load_text(text), LIBRARY)
    return [str(x) for x in e.exception.errors]


MINIMAL = """\
    openapi: 3.0.3
    info: {title: t, version: "1"}
    paths:
      /x:
        get:
          operationId: get-x
          x-amperity-idempotent: true
          responses:
            "200":
              description: d
              content: {application/json: {schema: {$ref: "#/components/schemas/%s"}}}
    components:
      schemas:
"""


def with_schemas(first, schemas: str) -> str:
    return MINIMAL % first + textwrap.indent(textwrap.dedent(schemas), " " * 8)


class LibraryClashes(unittest.TestCase):
    """A schema may not take a name the library (headers or templates) already has."""

    def test_secret_pager_and_servers_are_refused_naming_the_clash(self):
        errors = errors_of(with_schemas("Secret", """\
            Secret:
              type: object
              properties: {value: {type: string}}
            Pager:
              type: object
              properties: {page: {type: integer}}
            Servers:
              type: string
              enum: [a, b]
        """))
        self.assertEqual(len(errors), 3, errors)
        self.assertEqual(errors[0], "#/components/schemas/Servers: the generated name 'servers' "
                                    "clashes with a name of the amperity library: "
                                    "amperity::servers in templates/operations.hpp.j2")
        self.assertEqual(errors[1], "#/components/schemas/Secret: the generated name 'secret' "
                                    "clashes with a name of the amperity library: "
                                    "amperity::secret in amperity/secret.hpp")
        # Wherever the library declares it (client.hpp today, perhaps its own header later).
        self.assertRegex(errors[2], r"^#/components/schemas/Pager: the generated name 'pager' "
                                    r"clashes with a name of the amperity library: "
                                    r"amperity::pager in amperity/[\w/]+\.hpp$")

    def test_derived_names_are_checked_too(self):
        # An open enum named Open gets `open` and `open_value`; `open_enum` is library's.
        errors = errors_of(with_schemas("Open", """\
            Open:
              type: string
              x-amperity-open-enum: [{value: a}]
            OpenEnum:
              type: object
              properties: {a: {type: string}}
        """))
        self.assertEqual(errors, ["#/components/schemas/OpenEnum: the generated name "
                                  "'open_enum' clashes with a name of the amperity library: "
                                  "amperity::open_enum in amperity/enum.hpp"])


class Validation(unittest.TestCase):
    def test_every_error_of_a_spec_in_one_run(self):
        errors = errors_of("""\
            openapi: 3.0.3
            info: {title: t}
            servers: [{}]
            paths:
              /jobs/{id}:
                get:
                  operationId: get-job
                  responses:
                    "200":
                      description: d
                      content: {application/json: {schema: {$ref: "#/components/schemas/Job"}}}
            components:
              schemas:
                Job:
                  type: object
                  required: [nmae]
                  properties:
                    ratio: {type: number}
                    mode: {type: string, enum: [a, b]}
        """)
        self.assertEqual(errors, [
            "#/info/version: missing API version",
            "#/components/schemas/Job/required: required field 'nmae' is not a property",
            "#/components/schemas/Job/properties/ratio/type: unsupported type 'number' "
            "(supported: string, integer, boolean, array, $ref to an object or enum, or {})",
            "#/components/schemas/Job/properties/mode: inline enums are not supported: define "
            "a named schema under components/schemas and $ref it, so it gets one C++ type",
            "#/paths/~1jobs~1{id}/get: x-amperity-idempotent (true or false) is required on "
            "every operation: the client's retry rules depend on it",
            "#/paths/~1jobs~1{id}/get: path template segment {id} has no path parameter",
            "#/servers/0: each server needs a url",
        ])

    def test_every_error_is_located_by_a_json_pointer(self):
        """Every error of every invalid spec (but those loading already refuses) names a
        JSON pointer whose parent exists in the document."""
        checked = 0
        for path in sorted((HERE / "invalid").glob("*.yaml")):
            try:
                spec = load(path, path.name)
            except SpecError:
                continue  # not YAML, or a duplicate key: located by line
            with self.subTest(spec=path.name), self.assertRaises(SpecErrors) as e:
                validate(spec, LIBRARY)
            for error in e.exception.errors:
                self.assertRegex(error.location, POINTER, str(error))
                node = spec.doc
                parts = error.location.split("/")[1:]
                for part in parts[:-1]:
                    part = part.replace("~1", "/").replace("~0", "~")
                    node = node[int(part)] if isinstance(node, list) else node[part]
                checked += 1
        self.assertGreater(checked, 30)

    def test_what_validation_accepts_the_later_stages_build(self):
        for spec in specs():
            with self.subTest(spec=spec.name):
                loaded = load(spec, spec.name)
                names = validate(loaded, LIBRARY)
                headers = emit(build(loaded))
                self.assertTrue(names)
                self.assertTrue(headers.structs)

    def test_a_library_that_is_not_there(self):
        stderr = io.StringIO()
        with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stderr(stderr):
            rc = cli.main(["--root", str(REPO), "--check", "--library", tmp])
        self.assertEqual(rc, 2)
        self.assertIn("no amperity headers in", stderr.getvalue())


def walk(obj, path="model"):
    """(path, value) for every value reachable from a dataclass tree."""
    yield path, obj
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from walk(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, (tuple, list, dict, set)):
        for i, x in enumerate(obj):
            yield from walk(x, f"{path}[{i}]")


def spec_strings(node) -> set:
    """Every string in the document, keys included."""
    if isinstance(node, dict):
        return set(map(str, node)) | set().union(*map(spec_strings, node.values()))
    if isinstance(node, list):
        return set().union(*map(spec_strings, node)) if node else set()
    return {node} if isinstance(node, str) else set()


class Model(unittest.TestCase):
    """The model is frozen, and speaks the spec's language, not C++."""

    # Prose from the spec (whitespace normalised) and where the spec came from.
    FREE_TEXT = {"description", "summary", "spec_path", "spec_sha256"}

    def test_frozen_all_the_way_down(self):
        for spec in specs():
            loaded = load(spec, spec.name)
            for tree in (build(loaded), emit(build(loaded))):
                for path, value in walk(tree):
                    with self.subTest(spec=spec.name, path=path):
                        if dataclasses.is_dataclass(value):
                            self.assertTrue(type(value).__dataclass_params__.frozen)
                        self.assertNotIsInstance(value, (list, dict, set))

    def test_no_cpp_in_the_model(self):
        for spec in specs():
            loaded = load(spec, spec.name)
            from_spec = spec_strings(loaded.doc)
            for path, value in walk(build(loaded)):
                field = path.rsplit(".", 1)[-1].split("[")[0]
                if not isinstance(value, str) or field in self.FREE_TEXT:
                    continue
                with self.subTest(spec=spec.name, path=path, value=value):
                    self.assertNotRegex(value, r"::|std::|[<>]")
                    # A name or a value the spec wrote, not one the model made up.
                    self.assertTrue(value in from_spec, f"{value!r} is not in the spec")


if __name__ == "__main__":
    unittest.main()
