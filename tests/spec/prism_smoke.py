#!/usr/bin/env python3
"""ctest spec.prism_serves: Prism can mock every operation of spec/amperity.openapi.yaml.

Starts `prism mock --errors` on a free loopback port, sends one valid request per operation
(required headers, path and query parameters and body taken from the spec's own examples) and
checks that each answers the declared 2xx status with a JSON body holding every required field
of the response schema. With --errors Prism also turns a response example that violates its
schema into an error, so this doubles as a check of the examples. A request without the
amperity-tenant header must be refused, which shows the harness can fail.

Prism is always stopped, also on failure. Exit 77 (skipped) when npm or PyYAML is missing.

    tests/spec/prism_smoke.py [--spec path/to/spec.yaml]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from prism_process import free_port, stop, wait_until_up

SKIP = 77
ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
TOKEN = "prism-smoke-token"
TENANT = "acme"

try:
    import yaml
except ImportError:
    print("SKIP spec.prism_serves: PyYAML is not installed (Debian: python3-yaml)", file=sys.stderr)
    sys.exit(SKIP)


def resolve(doc: dict, node):
    """Follow local $refs and merge one-element allOf wrappers until a concrete node remains."""
    while isinstance(node, dict):
        if "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"only local $refs are supported: {ref}")
            target = doc
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        elif "allOf" in node and len(node["allOf"]) == 1:
            node = {
                **resolve(doc, node["allOf"][0]),
                **{k: v for k, v in node.items() if k != "allOf"},
            }
        else:
            return node
    return node


def example_of(doc: dict, param: dict):
    schema = resolve(doc, param.get("schema", {}))
    for source in (param, schema):
        if "example" in source:
            return source["example"]
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    raise AssertionError(f"parameter {param['name']} has no example to send")


def first_media_example(media: dict):
    if "example" in media:
        return media["example"]
    examples = media.get("examples") or {}
    for ex in examples.values():
        return ex["value"]
    raise AssertionError("request body has no example to send")


def missing_required(doc: dict, schema, value, where: str) -> list[str]:
    """Paths of required fields that are absent from value, recursively."""
    schema = resolve(doc, schema)
    problems: list[str] = []
    if not isinstance(schema, dict):
        return problems
    if schema.get("type") == "object" or "properties" in schema:
        if not isinstance(value, dict):
            return [f"{where}: expected an object, got {type(value).__name__}"]
        for name in schema.get("required", []):
            if name not in value:
                problems.append(f"{where}.{name}: required field missing")
        for name, sub in (schema.get("properties") or {}).items():
            if name in value and value[name] is not None:
                problems += missing_required(doc, sub, value[name], f"{where}.{name}")
    elif schema.get("type") == "array":
        if not isinstance(value, list):
            return [f"{where}: expected an array, got {type(value).__name__}"]
        for i, item in enumerate(value):
            problems += missing_required(doc, schema.get("items", {}), item, f"{where}[{i}]")
    return problems


def send(base: str, method: str, path: str, headers: dict, body=None, timeout=10.0):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    # A loopback-only opener: never consult proxy settings from the environment.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def build_requests(doc: dict):
    """One (operationId, method, path, headers, body, expected status, schema) per operation."""
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method not in ("get", "put", "post", "delete", "patch"):
                continue
            headers = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}
            query = {}
            url_path = path
            for raw in op.get("parameters", []) + item.get("parameters", []):
                p = resolve(doc, raw)
                if not p.get("required") and p["in"] != "path":
                    continue
                value = example_of(doc, p)
                if p["in"] == "header":
                    headers[p["name"]] = TENANT if p["name"] == "amperity-tenant" else str(value)
                elif p["in"] == "path":
                    url_path = url_path.replace(
                        "{" + p["name"] + "}", urllib.parse.quote(str(value), safe="")
                    )
                elif p["in"] == "query":
                    query[p["name"]] = value
            if query:
                url_path += "?" + urllib.parse.urlencode(query)
            body = None
            if "requestBody" in op:
                media = resolve(doc, op["requestBody"])["content"]["application/json"]
                body = first_media_example(media)
                headers["Content-Type"] = "application/json"
            ok = sorted(code for code in op["responses"] if str(code).startswith("2"))
            assert len(ok) == 1, f"{op['operationId']}: expected one 2xx response, got {ok}"
            schema = resolve(doc, op["responses"][ok[0]])["content"]["application/json"]["schema"]
            yield op["operationId"], method.upper(), url_path, headers, body, int(ok[0]), schema


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--spec", type=Path, default=ROOT / "spec" / "amperity.openapi.yaml")
    parser.add_argument("--startup-timeout", type=float, default=90.0)
    args = parser.parse_args()

    tools = subprocess.run(
        [str(ROOT / "scripts" / "spec-tools")], stdout=subprocess.PIPE, text=True
    )
    if tools.returncode == SKIP:
        print(
            "SKIP spec.prism_serves: npm is not installed, so prism is unavailable", file=sys.stderr
        )
        return SKIP
    if tools.returncode != 0:
        print(
            f"FAIL spec.prism_serves: scripts/spec-tools failed (exit {tools.returncode})",
            file=sys.stderr,
        )
        return 1
    prism = Path(tools.stdout.strip()) / "prism"

    doc = yaml.safe_load(args.spec.read_text(encoding="utf-8"))
    requests = list(build_requests(doc))

    port = free_port()
    base = f"http://{HOST}:{port}"
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="prism-smoke-") as tmp:
        log = Path(tmp) / "prism.log"
        with log.open("w") as log_file:
            proc = subprocess.Popen(
                [str(prism), "mock", "--errors", "-h", HOST, "-p", str(port), str(args.spec)],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                wait_until_up(proc, lambda: send(base, "GET", "/segments", {}, timeout=1.0), log,
                              time.monotonic() + args.startup_timeout)
                print(f"prism is up on {base}")
                for op_id, method, path, headers, body, expected, schema in requests:
                    status, resp_headers, raw = send(base, method, path, headers, body)
                    problems = []
                    if status != expected:
                        problems.append(
                            f"status {status}, expected {expected}; "
                            f"violations: {resp_headers.get('sl-violations')}"
                        )
                    ctype = resp_headers.get("Content-Type", "")
                    if "application/json" not in ctype:
                        problems.append(f"content type {ctype!r} is not JSON")
                    try:
                        payload = json.loads(raw)
                        problems += missing_required(doc, schema, payload, "body")
                    except ValueError as err:
                        problems.append(f"body is not JSON ({err}): {raw[:200]!r}")
                    verdict = "ok  " if not problems else "FAIL"
                    print(f"{verdict} {op_id:<18} {method:<4} {path} -> {status}")
                    failures += [f"{op_id}: {p}" for p in problems]

                # The same request without the tenant header must be refused: the harness can fail.
                op_id, method, path, headers, body, expected, _ = requests[0]
                bad = {k: v for k, v in headers.items() if k != "amperity-tenant"}
                status, _, _ = send(base, method, path, bad, body)
                verdict = "ok  " if 400 <= status < 500 else "FAIL"
                print(f"{verdict} {op_id:<18} without amperity-tenant -> {status}")
                if not 400 <= status < 500:
                    failures.append(
                        f"{op_id}: a request without amperity-tenant got {status}, expected a 4xx"
                    )
            except Exception:
                print(f"--- prism log ---\n{log.read_text()}", file=sys.stderr)
                raise
            finally:
                stop(proc)

    print(f"{len(requests)} operations requested, {len(failures)} problems")
    for f in failures:
        print(f"  {f}", file=sys.stderr)
    return 1 if failures or not requests else 0


if __name__ == "__main__":
    sys.exit(main())
