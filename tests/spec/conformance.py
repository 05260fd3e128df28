#!/usr/bin/env python3
"""ctest spec.conformance: spec/amperity.openapi.yaml says what Amperity's published document says.

Compares our spec with Amperity's published OpenAPI document for the same API version, which is
read at run time and never copied into this repository:

- the same operations (operationId, method, path), per operation the same parameters (name,
  in, required, type, format, closed enum values), request body and 2xx status and schema;
- the same component schema, parameter and response names (ours may add the ones allowed below);
- every upstream property present under the same wire name with the same type and format
  ($ref and one-element allOf resolved; our named enum schemas resolve to string).

Every difference we make on purpose is listed in an allow-list below with its reason, and must be
marked with x-amperity-deviation in the spec. A second group of tests checks our own x-amperity-*
extensions, which the code generator consumes.

Usage:
    tests/spec/conformance.py [--upstream FILE | --shared-dir DIR] [--spec FILE] [unittest args]

The upstream file is --upstream, else $AMPERITY_UPSTREAM_SPEC, else
<shared dir>/reference/upstream/control-plane-2024-04-01-openapi.json with the shared dir from
--shared-dir, $AMPERITY_SHARED_DIR or ../shared next to the repository. Exits 77 (skipped) when
that file or PyYAML is missing.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import unittest
from pathlib import Path

SKIP = 77
ROOT = Path(__file__).resolve().parents[2]
UPSTREAM_NAME = Path("reference") / "upstream" / "control-plane-2024-04-01-openapi.json"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

# ---------------------------------------------------------------------------------------------
# Deliberate differences from upstream. Anything not listed here is a conformance failure.

# Properties we have and upstream does not: (schema, property) -> reason.
EXTRA_PROPERTIES = {
    ("ErrorResponse", "request_id"): "documented on the responses page as an optional error field",
    ("ErrorResponse", "trace_id"): "documented on the responses page as an optional error field",
}
# Properties required upstream that we leave optional: (schema, property) -> reason.
RELAXED_REQUIRED = {
    (
        "Workflow",
        "name",
    ): "optional in the older Swagger 2.0 document; a run without a name must decode",
}
# Properties optional upstream that we require: (schema, property) -> reason. None.
TIGHTENED_REQUIRED: dict[tuple[str, str], str] = {}
# Component schemas we add: name -> reason.
EXTRA_SCHEMAS = {
    "RunMode": "named closed enum (inline enum of WorkflowRunRequest.run_mode upstream)",
    "WorkflowView": "named closed enum (inline enum of the get-workflow view parameter upstream)",
    "WorkflowState": "named open enum for Workflow.state (plain string upstream)",
    "TaskState": "named open enum for WorkflowTaskInstance.state (plain string upstream)",
    "ExecutionType": "named open enum for WorkflowTaskInstance.execution_type (plain string)",
    "ErrorAttribution": "named open enum for WorkflowError.attribution (plain string upstream)",
}
# Component responses we add: name -> reason.
EXTRA_RESPONSES = {
    "TooManyRequests": "429 is documented (rate limit) but not declared upstream",
    "ServiceUnavailable": "503 is documented but not declared upstream",
}
# Error statuses every operation declares on top of upstream's: status -> reason.
EXTRA_ERROR_STATUSES = {
    "429": "rate limit of 10 requests per second, documented in the prose docs",
    "503": "service unavailable, documented in the prose docs",
}
# Components that may stay unreferenced (replaces redocly's no-unused-components, see redocly.yaml).
UNUSED_COMPONENTS_ALLOWED = {
    ("responses", "MethodNotAllowed"): "defined but unused upstream too; lets clients name 405",
}

# Expectations for our own extensions.
PAGINATED = {"list-workflows", "list-events", "list-campaign", "list-segment"}
NOT_IDEMPOTENT = {"run-workflow"}
OPEN_ENUM_KEYS = {"value", "aliases", "terminal"}
TERMINAL = {
    "WorkflowState": {"stopped", "canceled", "succeeded", "failed"},
    "TaskState": {"stopped", "skipped", "canceled", "succeeded", "failed"},
}
OPEN_ENUM_VALUES = {
    "WorkflowState": [
        "scheduled",
        "started",
        "running",
        "in-progress",
        "running-with-failures",
        "paused",
        "stopping",
        "stopped",
        "canceling",
        "canceled",
        "succeeded",
        "failed",
    ],
    "TaskState": [
        "scheduled",
        "started",
        "in-progress",
        "running",
        "finalizing",
        "up-for-retry",
        "paused",
        "stopping",
        "stopped",
        "skipped",
        "canceled",
        "succeeded",
        "failed",
    ],
    "ExecutionType": [
        "spark-sql",
        "prodigal",
        "prodigal-aurora",
        "databricks",
        "identity",
        "task-identity",
        "legacy",
    ],
    "ErrorAttribution": ["customer", "platform"],
}
ENUM_REFS = {
    ("Workflow", "state"): "WorkflowState",
    ("WorkflowTaskInstance", "state"): "TaskState",
    ("WorkflowTaskInstance", "execution_type"): "ExecutionType",
    ("WorkflowError", "attribution"): "ErrorAttribution",
    ("WorkflowRunRequest", "run_mode"): "RunMode",
}
CONFIG_ID_KINDS = [
    {"kind": "courier_group", "prefix": "cg-", "label": "courier group"},
    {"kind": "orchestration_group", "prefix": "og-", "label": "orchestration group"},
    {"kind": "campaign", "prefix": "cc-", "label": "campaign"},
]
PARTIAL_DATE_PARAMS = {
    "created_from",
    "created_to",
    "ended_from",
    "ended_to",
    "happened_from",
    "happened_to",
}

# ---------------------------------------------------------------------------------------------

OURS: dict = {}
UPSTREAM: dict = {}
COVERAGE: collections.Counter = collections.Counter()


def deref(doc: dict, node):
    """Follow local $refs (only) until the node is not a reference."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local $refs are supported: {ref}"
        target = doc
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def ref_name(node) -> str | None:
    """The component name a schema node points at, through a one-element allOf wrapper."""
    if isinstance(node, dict) and "allOf" in node and len(node["allOf"]) == 1:
        node = node["allOf"][0]
    if isinstance(node, dict) and "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    return None


def shape(doc: dict, node) -> tuple:
    """The wire shape of a schema: what must agree between the two documents.

    Objects are compared by the name of the component they refer to (their properties are
    compared separately); everything else by type, format and closed enum values. A one-element
    allOf is a $ref that carries its own description, as in both documents.
    """
    if isinstance(node, dict) and "allOf" in node:
        assert len(node["allOf"]) == 1, f"unexpected allOf with several members: {node}"
        node = node["allOf"][0]
    name = ref_name(node)
    target = deref(doc, node)
    if not isinstance(target, dict):
        return ("invalid", repr(target))
    kind = target.get("type")
    if kind == "object" or "properties" in target:
        return ("object", name)
    if kind == "array":
        return ("array", shape(doc, target.get("items", {})))
    enum = tuple(target["enum"]) if "enum" in target else None
    return (kind, target.get("format"), enum)


def operations(doc: dict) -> dict:
    ops = {}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                ops[op["operationId"]] = (method, path, op, item)
    return ops


def params_of(doc: dict, op: dict, item: dict) -> dict:
    out = {}
    for raw in item.get("parameters", []) + op.get("parameters", []):
        p = deref(doc, raw)
        out[(p["in"], p["name"])] = p
    return out


def walk(node, path=()):
    """Every (path, dict) in a JSON-like tree."""
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from walk(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, path + (i,))


class UpstreamConformance(unittest.TestCase):
    """Our spec against the published document."""

    def test_info_and_security(self):
        self.assertEqual(OURS["openapi"], UPSTREAM["openapi"])
        self.assertEqual(OURS["info"]["x-amperity-api-version"], UPSTREAM["info"]["version"])
        self.assertEqual(OURS["security"], UPSTREAM["security"])
        self.assertEqual(OURS["components"]["securitySchemes"]["BearerAuth"]["type"], "http")
        ours = {
            k: {f: v[f] for f in ("type", "scheme") if f in v}
            for k, v in OURS["components"]["securitySchemes"].items()
        }
        theirs = {
            k: {f: v[f] for f in ("type", "scheme") if f in v}
            for k, v in UPSTREAM["components"]["securitySchemes"].items()
        }
        self.assertEqual(ours, theirs)
        our_urls = [s["url"] for s in OURS["servers"]]
        self.assertIn(UPSTREAM["servers"][0]["url"], our_urls)
        self.assertEqual(
            our_urls,
            [
                "https://app.amperity.com/api",
                "https://{tenant}.amperity.com/api",
                "https://app-aws-apse2.amperity.com/api",
            ],
        )

    def test_same_operations(self):
        ours = {k: (m, p) for k, (m, p, _, _) in operations(OURS).items()}
        theirs = {k: (m, p) for k, (m, p, _, _) in operations(UPSTREAM).items()}
        self.assertEqual(ours, theirs)
        COVERAGE["operations"] = len(theirs)

    def test_operation_parameters(self):
        ours_ops = operations(OURS)
        for op_id, (_, _, op, item) in operations(UPSTREAM).items():
            with self.subTest(operation=op_id):
                _, _, our_op, our_item = ours_ops[op_id]
                theirs = params_of(UPSTREAM, op, item)
                ours = params_of(OURS, our_op, our_item)
                self.assertEqual(sorted(ours), sorted(theirs), "parameter set differs")
                for key, p in theirs.items():
                    q = ours[key]
                    self.assertEqual(
                        bool(q.get("required")), bool(p.get("required")), f"{key}: required"
                    )
                    self.assertEqual(
                        shape(OURS, q["schema"]), shape(UPSTREAM, p["schema"]), f"{key}: schema"
                    )
                    COVERAGE["parameters"] += 1

    def test_request_bodies_and_success_responses(self):
        ours_ops = operations(OURS)
        for op_id, (_, _, op, _) in operations(UPSTREAM).items():
            with self.subTest(operation=op_id):
                our_op = ours_ops[op_id][2]
                self.assertEqual(
                    "requestBody" in our_op, "requestBody" in op, "request body presence"
                )
                if "requestBody" in op:
                    rb, our_rb = deref(UPSTREAM, op["requestBody"]), deref(
                        OURS, our_op["requestBody"]
                    )
                    self.assertEqual(bool(our_rb.get("required")), bool(rb.get("required")))
                    self.assertEqual(sorted(our_rb["content"]), sorted(rb["content"]))
                    for media, body in rb["content"].items():
                        self.assertEqual(
                            shape(OURS, our_rb["content"][media]["schema"]),
                            shape(UPSTREAM, body["schema"]),
                            f"request body {media}",
                        )
                ok = sorted(c for c in op["responses"] if str(c).startswith("2"))
                our_ok = sorted(c for c in our_op["responses"] if str(c).startswith("2"))
                self.assertEqual(our_ok, ok, "2xx status codes")
                for code in ok:
                    theirs = deref(UPSTREAM, op["responses"][code])["content"]
                    ours = deref(OURS, our_op["responses"][code])["content"]
                    self.assertEqual(sorted(ours), sorted(theirs))
                    for media, body in theirs.items():
                        self.assertEqual(
                            shape(OURS, ours[media]["schema"]),
                            shape(UPSTREAM, body["schema"]),
                            f"{code} {media}",
                        )

    def test_error_responses(self):
        ours_ops = operations(OURS)
        for op_id, (_, _, op, _) in operations(UPSTREAM).items():
            with self.subTest(operation=op_id):
                our_op = ours_ops[op_id][2]
                theirs = {c: r for c, r in op["responses"].items() if not str(c).startswith("2")}
                ours = {c: r for c, r in our_op["responses"].items() if not str(c).startswith("2")}
                for code, r in theirs.items():
                    self.assertIn(code, ours, f"upstream declares {code}")
                    self.assertEqual(
                        ref_name(ours[code]), ref_name(r), f"{code} response component"
                    )
                self.assertEqual(
                    set(ours) - set(theirs), set(EXTRA_ERROR_STATUSES), "extra error statuses"
                )
                for code, r in ours.items():
                    schema = deref(OURS, r)["content"]["application/json"]["schema"]
                    self.assertEqual(ref_name(schema), "ErrorResponse", f"{code} body")

    def test_component_names(self):
        for section, extra in (
            ("schemas", EXTRA_SCHEMAS),
            ("responses", EXTRA_RESPONSES),
            ("parameters", {}),
        ):
            with self.subTest(section=section):
                ours, theirs = set(OURS["components"][section]), set(
                    UPSTREAM["components"][section]
                )
                self.assertEqual(theirs - ours, set(), f"upstream {section} we lack")
                self.assertEqual(
                    ours - theirs, set(extra), f"{section} we add beyond the allow-list"
                )
        COVERAGE["schemas"] = len(UPSTREAM["components"]["schemas"])

    def test_component_parameters(self):
        for name, p in UPSTREAM["components"]["parameters"].items():
            with self.subTest(parameter=name):
                q = OURS["components"]["parameters"][name]
                self.assertEqual(
                    (q["name"], q["in"], bool(q.get("required"))),
                    (p["name"], p["in"], bool(p.get("required"))),
                )
                self.assertEqual(shape(OURS, q["schema"]), shape(UPSTREAM, p["schema"]))

    def test_schema_properties(self):
        for name, theirs in UPSTREAM["components"]["schemas"].items():
            with self.subTest(schema=name):
                ours = OURS["components"]["schemas"][name]
                self.assertEqual(ours.get("type"), theirs.get("type"), "schema type")
                their_props, our_props = theirs.get("properties", {}), ours.get("properties", {})
                for prop, their_node in their_props.items():
                    self.assertIn(prop, our_props, f"{name}.{prop} missing")
                    self.assertEqual(
                        shape(OURS, our_props[prop]), shape(UPSTREAM, their_node), f"{name}.{prop}"
                    )
                    COVERAGE["properties"] += 1
                extra = {(name, p) for p in set(our_props) - set(their_props)}
                allowed = {k for k in EXTRA_PROPERTIES if k[0] == name}
                self.assertEqual(extra, allowed, f"{name}: extra properties beyond the allow-list")
                their_req, our_req = set(theirs.get("required", [])), set(ours.get("required", []))
                self.assertEqual(
                    {(name, p) for p in their_req - our_req},
                    {k for k in RELAXED_REQUIRED if k[0] == name},
                    f"{name}: relaxed required",
                )
                self.assertEqual(
                    {(name, p) for p in our_req - their_req},
                    {k for k in TIGHTENED_REQUIRED if k[0] == name},
                    f"{name}: tightened required",
                )

    def test_allowed_differences_are_marked(self):
        schemas = OURS["components"]["schemas"]
        for (schema, prop), reason in {
            **EXTRA_PROPERTIES,
            **RELAXED_REQUIRED,
            **TIGHTENED_REQUIRED,
        }.items():
            with self.subTest(property=f"{schema}.{prop}"):
                self.assertTrue(reason)
                self.assertIsInstance(
                    schemas[schema]["properties"][prop].get("x-amperity-deviation"), str
                )
        for name, theirs in UPSTREAM["components"]["schemas"].items():
            if theirs.get("additionalProperties") is False:
                with self.subTest(closed_upstream=name):
                    self.assertIsInstance(
                        schemas[name].get("x-amperity-deviation"),
                        str,
                        "upstream forbids additional properties; say why we do not",
                    )
        for schema, prop in ENUM_REFS:
            with self.subTest(enum_ref=f"{schema}.{prop}"):
                self.assertIsInstance(
                    schemas[schema]["properties"][prop].get("x-amperity-deviation"), str
                )


class OurExtensions(unittest.TestCase):
    """The x-amperity-* extensions the generator consumes, and house rules for the spec."""

    def test_no_closed_objects(self):
        for path, node in walk(OURS):
            self.assertIsNot(
                node.get("additionalProperties"), False, f"additionalProperties: false at {path}"
            )

    def test_every_operation_declares_idempotency(self):
        for op_id, (method, _, op, _) in operations(OURS).items():
            with self.subTest(operation=op_id):
                self.assertIsInstance(op.get("x-amperity-idempotent"), bool)
                self.assertEqual(op["x-amperity-idempotent"], op_id not in NOT_IDEMPOTENT)
                if method == "get":
                    self.assertTrue(op["x-amperity-idempotent"])
        ops = operations(OURS)
        self.assertIs(ops["run-workflow"][2]["x-amperity-idempotent"], False)
        self.assertIs(ops["stop-workflow"][2]["x-amperity-idempotent"], True)

    def test_pagination(self):
        for op_id, (_, _, op, item) in operations(OURS).items():
            with self.subTest(operation=op_id):
                paginated = op.get("x-amperity-paginated", False)
                self.assertIs(paginated, op_id in PAGINATED)
                has_token = ("query", "next_token") in params_of(OURS, op, item)
                self.assertEqual(has_token, paginated, "next_token request parameter iff paginated")
                if paginated:
                    body = deref(
                        OURS,
                        deref(OURS, op["responses"]["200"])["content"]["application/json"][
                            "schema"
                        ],
                    )
                    self.assertIn("data", body["required"])
                    self.assertEqual(
                        shape(OURS, body["properties"]["next_token"]), ("string", None, None)
                    )

    def test_run_request_extensions(self):
        props = OURS["components"]["schemas"]["WorkflowRunRequest"]["properties"]
        self.assertEqual(props["config_id"]["x-amperity-config-id-kinds"], CONFIG_ID_KINDS)
        self.assertEqual(props["range_to"]["x-amperity-requires"], "range_from")
        for prop in ("run_mode", "range_from", "range_to"):
            self.assertEqual(props[prop]["x-amperity-applies-to"], ["courier_group"], prop)
        kinds = {k["kind"] for k in CONFIG_ID_KINDS}
        for path, node in walk(OURS):
            for kind in node.get("x-amperity-applies-to", []):
                self.assertIn(kind, kinds, f"unknown config kind at {path}")
            if "x-amperity-requires" in node:
                self.assertEqual(
                    path[:4],
                    ("components", "schemas", "WorkflowRunRequest", "properties"),
                    str(path),
                )
                self.assertIn(node["x-amperity-requires"], props)

    def test_partial_dates(self):
        props = OURS["components"]["schemas"]["WorkflowRunRequest"]["properties"]
        for prop in ("range_from", "range_to"):
            self.assertIs(props[prop].get("x-amperity-partial-date"), True, prop)
        seen = set()
        for op_id, (_, _, op, item) in operations(OURS).items():
            for (where, name), p in params_of(OURS, op, item).items():
                if name in PARTIAL_DATE_PARAMS:
                    with self.subTest(parameter=f"{op_id} {name}"):
                        self.assertIs(p["schema"].get("x-amperity-partial-date"), True)
                        seen.add(name)
        self.assertEqual(seen, PARTIAL_DATE_PARAMS)
        for path, node in walk(OURS):
            if "x-amperity-partial-date" in node:
                self.assertEqual(
                    (node.get("type"), node.get("format")), ("string", "date-time"), str(path)
                )

    def test_closed_enums(self):
        schemas = OURS["components"]["schemas"]
        self.assertEqual(
            (schemas["RunMode"]["type"], schemas["RunMode"]["enum"]),
            ("string", ["source", "refresh", "full"]),
        )
        self.assertEqual(schemas["WorkflowView"]["enum"], ["overview", "verbose"])
        self.assertEqual(schemas["WorkflowView"]["default"], "overview")
        ops = operations(OURS)
        view = params_of(OURS, ops["get-workflow"][2], ops["get-workflow"][3])[("query", "view")]
        self.assertEqual(ref_name(view["schema"]), "WorkflowView")

    def test_open_enums(self):
        schemas = OURS["components"]["schemas"]
        for name, values in OPEN_ENUM_VALUES.items():
            with self.subTest(schema=name):
                s = schemas[name]
                self.assertEqual(s["type"], "string")
                self.assertNotIn("enum", s, "an open enum must not restrict the wire value")
                entries = s["x-amperity-open-enum"]
                self.assertEqual([e["value"] for e in entries], values)
                spellings = []
                for e in entries:
                    self.assertLessEqual(set(e), OPEN_ENUM_KEYS, f"unknown keys in {e}")
                    self.assertIsInstance(e["value"], str)
                    self.assertIsInstance(e.get("aliases", []), list)
                    self.assertIn(e.get("terminal", True), (True,), "terminal is true or absent")
                    spellings += [e["value"], *e.get("aliases", [])]
                    for alias in e.get("aliases", []):
                        self.assertEqual(alias.replace(" ", "-").replace("_", "-"), e["value"])
                self.assertEqual(len(spellings), len(set(spellings)), "a spelling is listed twice")
                self.assertEqual(
                    {e["value"] for e in entries if e.get("terminal")}, TERMINAL.get(name, set())
                )
                for e in entries:
                    if "-" in e["value"] and name in TERMINAL:
                        self.assertEqual(
                            sorted(e.get("aliases", [])),
                            sorted([e["value"].replace("-", " "), e["value"].replace("-", "_")]),
                        )
        for (schema, prop), target in ENUM_REFS.items():
            with self.subTest(enum_ref=f"{schema}.{prop}"):
                self.assertEqual(ref_name(schemas[schema]["properties"][prop]), target)
        for path, node in walk(OURS["components"]["schemas"]):
            if "x-amperity-open-enum" in node:
                self.assertIn(
                    path[-1] if path else None, OPEN_ENUM_VALUES, f"unexpected open enum at {path}"
                )

    def test_unknown_vocabularies_stay_strings(self):
        schemas = OURS["components"]["schemas"]
        for schema, prop in (
            ("IngestFeedDetails", "state"),
            ("Segment", "status"),
            ("Workflow", "type"),
            ("WorkflowError", "type"),
            ("WorkflowTaskInstance", "task_definition_type"),
        ):
            with self.subTest(property=f"{schema}.{prop}"):
                self.assertEqual(schemas[schema]["properties"][prop].get("type"), "string")
                self.assertIsNone(ref_name(schemas[schema]["properties"][prop]))
                self.assertNotIn("enum", schemas[schema]["properties"][prop])
        ops = operations(OURS)
        params = params_of(OURS, ops["list-workflows"][2], ops["list-workflows"][3])
        for name in ("state", "type"):
            schema = params[("query", name)]["schema"]
            self.assertEqual(
                (schema.get("type"), schema.get("enum")), ("string", None), f"query {name}"
            )

    def test_error_response(self):
        err = OURS["components"]["schemas"]["ErrorResponse"]
        self.assertEqual(sorted(err["required"]), ["message", "status"])
        for prop in ("request_id", "trace_id"):
            self.assertEqual(err["properties"][prop]["type"], "string")
        self.assertNotIn(
            "type", OURS["components"]["schemas"]["WorkflowError"]["properties"]["data"]
        )
        for name in (
            "BadRequest",
            "Unauthorized",
            "Forbidden",
            "NotFound",
            "MethodNotAllowed",
            "TooManyRequests",
            "InternalError",
            "ServiceUnavailable",
        ):
            with self.subTest(response=name):
                content = OURS["components"]["responses"][name]["content"]
                self.assertEqual(list(content), ["application/json"])
                self.assertEqual(ref_name(content["application/json"]["schema"]), "ErrorResponse")

    def test_api_version_header(self):
        p = OURS["components"]["parameters"]["ApiVersionHeader"]
        version = OURS["info"]["x-amperity-api-version"]
        self.assertEqual((p["name"], p["in"], p["required"]), ("api-version", "header", True))
        self.assertEqual(p["schema"]["enum"], [version])
        self.assertEqual(p["schema"]["default"], version)
        for op_id, (_, _, op, _) in operations(OURS).items():
            refs = [r.get("$ref") for r in op.get("parameters", [])]
            self.assertIn("#/components/parameters/ApiVersionHeader", refs, op_id)
            self.assertIn("#/components/parameters/AmperityTenant", refs, op_id)

    def test_every_component_is_used(self):
        used = {
            tuple(node["$ref"].split("/")[2:4])
            for _, node in walk(OURS)
            if isinstance(node.get("$ref"), str)
        }
        for section in ("schemas", "parameters", "responses"):
            for name in OURS["components"][section]:
                if (section, name) not in UNUSED_COMPONENTS_ALLOWED:
                    self.assertIn(
                        (section, name), used, f"components/{section}/{name} is never referenced"
                    )

    def test_descriptions(self):
        missing = []
        for op_id, (_, _, op, item) in operations(OURS).items():
            if not op.get("description") or not op.get("summary"):
                missing.append(f"operation {op_id}")
            for key, p in params_of(OURS, op, item).items():
                if not p.get("description"):
                    missing.append(f"parameter {op_id} {key}")
        for name, s in OURS["components"]["schemas"].items():
            if not s.get("description"):
                missing.append(f"schema {name}")
            for prop, node in s.get("properties", {}).items():
                if not (node.get("description") or deref(OURS, node).get("description")):
                    missing.append(f"property {name}.{prop}")
        self.assertEqual(missing, [])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--spec", type=Path, default=ROOT / "spec" / "amperity.openapi.yaml")
    parser.add_argument("--upstream", type=Path, default=os.environ.get("AMPERITY_UPSTREAM_SPEC"))
    parser.add_argument(
        "--shared-dir",
        type=Path,
        default=os.environ.get("AMPERITY_SHARED_DIR") or ROOT.parent / "shared",
    )
    args, rest = parser.parse_known_args()

    upstream = args.upstream or args.shared_dir / UPSTREAM_NAME
    if not Path(upstream).is_file():
        print(
            f"SKIP spec.conformance: upstream OpenAPI document not found at {upstream} "
            "(pass --upstream or set AMPERITY_SHARED_DIR)",
            file=sys.stderr,
        )
        return SKIP
    try:
        import yaml
    except ImportError:
        print(
            "SKIP spec.conformance: PyYAML is not installed (Debian: python3-yaml)", file=sys.stderr
        )
        return SKIP

    OURS.update(yaml.safe_load(args.spec.read_text(encoding="utf-8")))
    UPSTREAM.update(json.loads(Path(upstream).read_text(encoding="utf-8")))
    print(f"comparing {args.spec.name} with {Path(upstream).name}")

    program = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2)
    result = program.result
    c = COVERAGE
    print(
        f"coverage: {c['operations']} operations, {c['parameters']} operation parameters, "
        f"{c['schemas']} schemas, {c['properties']} properties compared with upstream; "
        f"allowed differences: {len(EXTRA_PROPERTIES)} extra properties, "
        f"{len(RELAXED_REQUIRED)} relaxed required, {len(EXTRA_SCHEMAS)} added schemas, "
        f"{len(EXTRA_RESPONSES)} added responses"
    )
    if not result.wasSuccessful() or result.testsRun == 0:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
