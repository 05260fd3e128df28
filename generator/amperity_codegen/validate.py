"""Every check of the spec, each error located by the JSON pointer of what is wrong.

Validation reads the whole document and collects every error before failing, so one run
lists everything to fix. What passes can be built into a model (model.py) and emitted
(emit.py) without further checks: this includes the C++ names, which must be identifiers,
distinct, and free (not taken by the hand-written library or the templates; see
library_names.py).

The x-amperity extensions it accepts:

  where                          extension                  value
  info                           x-amperity-api-version     string, instead of info.version
  component schema (enum)        x-amperity-open-enum       [{value, name?, aliases?, terminal?,
                                                             description?}], instead of enum
                                 x-amperity-enum-names      [C++ name per enum value]
  property (string, date-time)   x-amperity-partial-date    true: a date alone is accepted too
  property (required string)     x-amperity-config-id-kinds [{kind, prefix, label, plural?}];
                                                            once per spec
  property (optional)            x-amperity-applies-to      [config kinds]
                                 x-amperity-requires        another optional property
                                 x-amperity-after           another optional date-time property
  operation                      x-amperity-idempotent      true or false, mandatory
                                 x-amperity-paginated       true or false (needs next_token)
  anywhere                       x-amperity-deviation       free text, ignored
"""

import re
from dataclasses import dataclass
from typing import Optional

from . import naming
from .library_names import LibraryNames
from .load import Spec, SpecError, pointer
from .model import (HTTP_METHODS, SCHEMAS, Array, Primitive, Ref, is_enum, response_node,
                    set_by_client, success_status)

# The direct decoder tracks the members of an object it has seen in one 64-bit mask.
MAX_FIELDS = 64
# A prefix must fit config_id's fixed storage and make a valid identifier fragment.
CONFIG_ID_PREFIX = re.compile(r"^[a-z][a-z0-9]{0,13}-$")
OPEN_ENUM_KEYS = {"value", "name", "aliases", "terminal", "description"}
ANY_JSON_KEYS = {"description", "example", "nullable", "x-amperity-deviation"}
STRING_FORMATS = (None, "uri", "email", "uuid")
INTEGER_FORMATS = (None, "int32", "int64")
DATE_TIMES = {Primitive.TIMESTAMP, Primitive.DATE_OR_TIME}


class SpecErrors(Exception):
    """Every problem validation found, in the order it met them."""

    def __init__(self, errors):
        super().__init__("\n".join(map(str, errors)))
        self.errors = tuple(errors)


def validate(spec: Spec, library: LibraryNames) -> dict:
    """Raises SpecErrors listing every problem. Returns the names the spec adds to namespace
    amperity, each with the pointer of what it is generated from."""
    v = _Validator(spec, library)
    v.run()
    if v.errors:
        raise SpecErrors(v.errors)
    return v.owners


def at(loc: str, *parts) -> str:
    """The pointer `loc` extended by `parts`, escaped (`/` in a path is `~1`)."""
    return loc + pointer(*parts)[1:]


def dig(node, *keys):
    """node[k1][k2]..., or None where a step is not a mapping or lacks the key."""
    for k in keys:
        if not isinstance(node, dict) or k not in node:
            return None
        node = node[k]
    return node


def non_empty_string(x) -> bool:
    return isinstance(x, str) and bool(x)


@dataclass
class _Field:
    type: object  # model.Type, None when invalid
    required: bool
    node: object
    loc: str
    cpp: Optional[str]  # None when the name makes no identifier


@dataclass
class _Param:
    wire: str
    location: str
    cpp: Optional[str]  # None when the name makes no identifier
    loc: str
    op_level: bool


class _Validator:
    def __init__(self, spec: Spec, library: LibraryNames):
        self.spec = spec
        self.doc = spec.doc
        self.library = library
        self.errors = []
        self.enums = {}  # schema name -> C++ name (None if it has none) and open flag
        self.struct_deps = {}  # schema name -> schema names of the structs it holds
        self.structs = {}  # schema name -> (C++ name, has a config id)
        self.config_kinds = None  # kind -> C++ name, once a schema declares them
        self.kind_locs = {}  # kind -> pointer
        self.operations = []  # (C++ name, pointer)
        self.owners = {}  # generated name -> pointer

    def fail(self, loc, message):
        self.errors.append(SpecError(loc, message))

    def ident(self, name, loc):
        """The C++ identifier for a spec name, or None (and an error) if there is none."""
        try:
            return naming.identifier(str(name))
        except ValueError as e:
            self.fail(loc, str(e))
            return None

    def resolve(self, node, loc):
        """(target, its pointer), or (None, loc) and an error for a bad $ref."""
        try:
            return self.spec.resolve(node, loc)
        except SpecError as e:
            self.errors.append(e)
            return None, loc

    def mapping(self, node, loc):
        if isinstance(node, dict):
            return node
        self.fail(loc, "expected a mapping")
        return None

    def sequence(self, node, loc):
        if isinstance(node, list):
            return node
        self.fail(loc, "expected a list")
        return []

    # ---- the document ---------------------------------------------------------------------
    def run(self):
        version = self.doc.get("openapi")
        if not isinstance(version, str) or not version.startswith(("3.0.", "3.1.")):
            # Anything else would be judged by the wrong rules.
            self.fail(pointer("openapi"), f"expected OpenAPI 3.0.x or 3.1.x, got {version!r}")
            return
        info = self.mapping(self.doc.get("info"), pointer("info"))
        if info is not None:
            if not non_empty_string(info.get("x-amperity-api-version") or info.get("version")):
                self.fail(pointer("info", "version"), "missing API version")
        self.schemas()
        self.paths()
        for i, srv in enumerate(self.sequence(self.doc.get("servers", []), pointer("servers"))):
            if not non_empty_string(dig(srv, "url")):
                self.fail(pointer("servers", i), "each server needs a url")
        self.names()

    def schemas(self):
        components = self.mapping(self.doc.get("components", {}), pointer("components"))
        if components is None:
            return
        schemas = self.mapping(components.get("schemas"), pointer("components", "schemas"))
        if schemas is None:
            return
        nodes = {}
        for name, node in schemas.items():
            if self.mapping(node, pointer("components", "schemas", name)) is not None:
                nodes[name] = node
                if not is_enum(node):
                    self.struct_deps[name] = []  # known before any $ref to it is judged
        # Enums first: a struct's fields refer to them.
        for name, node in nodes.items():
            if is_enum(node):
                self.enum(name, node, pointer("components", "schemas", name))
        for name, node in nodes.items():
            if is_enum(node):
                continue
            loc = pointer("components", "schemas", name)
            if node.get("type", "object") != "object" or "properties" not in node:
                self.fail(loc, "component schemas must be enums or objects with properties")
            else:
                self.struct(name, node, loc)
        self.recursion()

    # ---- enums ----------------------------------------------------------------------------
    def enum(self, name, node, loc):
        if node.get("type") != "string":
            self.fail(loc, "enums must have type: string")
        cpp = self.ident(name, loc)
        is_open = "enum" not in node
        self.enums[name] = (cpp, is_open)
        if "enum" in node and "x-amperity-open-enum" in node:
            self.fail(loc, "a schema is either a closed enum (enum) or an open enum "
                           "(x-amperity-open-enum), not both")
            return
        values = self.open_values(node, loc) if is_open else self.closed_values(node, loc)
        if values is None:
            return
        seen = set()
        for _, wire, aliases in values:
            for spelling in [wire] + aliases:
                if spelling in seen:
                    self.fail(loc, f"wire value {spelling!r} appears twice")
                seen.add(spelling)
        cpps = [c for c, _, _ in values if c is not None]
        taken = (self.library.open_enum_members | {cpp}) & set(cpps)
        if is_open and taken:
            self.fail(loc, f"value names {sorted(taken)} clash with the members of open_enum "
                           f"or the enum's own name {cpp!r}")
        if len(set(cpps)) != len(cpps):
            self.fail(loc, f"enum values map to clashing C++ names: {cpps}")

    def closed_values(self, node, loc):
        """[(C++ name, wire, aliases)] of `enum` (with x-amperity-enum-names), or None."""
        raw = node["enum"]
        if not isinstance(raw, list) or not raw:
            self.fail(at(loc, "enum"), "expected a non-empty list of strings")
            return None
        names = node.get("x-amperity-enum-names")
        if names is not None and (not isinstance(names, list) or len(names) != len(raw)):
            self.fail(at(loc, "x-amperity-enum-names"),
                      "expected a list of C++ names, one per enum value")
            return None
        values = []
        for i, wire in enumerate(raw):
            if not non_empty_string(wire):
                self.fail(at(loc, "enum", i), f"enum values must be non-empty strings, "
                                              f"got {wire!r}")
                continue
            if names:
                cpp = self.ident(names[i], at(loc, "x-amperity-enum-names", i))
            else:
                cpp = self.ident(wire, at(loc, "enum", i))
            values.append((cpp, wire, []))
        return values

    def open_values(self, node, loc):
        """[(C++ name, wire, aliases)] of x-amperity-open-enum, or None."""
        raw = node["x-amperity-open-enum"]
        if not isinstance(raw, list) or not raw:
            self.fail(at(loc, "x-amperity-open-enum"), "expected a non-empty list")
            return None
        values = []
        for i, entry in enumerate(raw):
            eloc = at(loc, "x-amperity-open-enum", i)
            if not non_empty_string(dig(entry, "value")):
                self.fail(eloc, "each entry needs a non-empty string 'value'")
                continue
            unknown = set(entry) - OPEN_ENUM_KEYS
            if unknown:
                self.fail(eloc, f"unknown keys {sorted(unknown)}")
            aliases = entry.get("aliases", [])
            if not isinstance(aliases, list) or not all(map(non_empty_string, aliases)):
                self.fail(at(eloc, "aliases"), "expected a list of non-empty strings")
                aliases = []
            if not isinstance(entry.get("terminal", False), bool):
                self.fail(at(eloc, "terminal"), "expected true or false")
            named = "name" in entry
            cpp = self.ident(entry["name"] if named else entry["value"],
                             at(eloc, "name" if named else "value"))
            values.append((cpp, entry["value"], list(aliases)))
        return values

    # ---- types ----------------------------------------------------------------------------
    def type(self, node, loc):
        """The type of a schema (model.py's algebra), or None after an error."""
        if not isinstance(node, dict):
            self.fail(loc, "expected a schema mapping")
            return None
        if "allOf" in node:
            parts = node["allOf"]
            if not isinstance(parts, list) or len(parts) != 1:
                self.fail(at(loc, "allOf"), "only a single-element allOf (a $ref with a "
                                            "description) is supported")
                return None
            return self.type(parts[0], at(loc, "allOf", 0))
        if "$ref" in node:
            return self.ref(node, loc)
        if "enum" in node:
            self.fail(loc, "inline enums are not supported: define a named schema under "
                           "components/schemas and $ref it, so it gets one C++ type")
            return None
        if "x-amperity-open-enum" in node:
            self.fail(loc, "x-amperity-open-enum belongs on a named component schema")
            return None
        t, fmt = node.get("type"), node.get("format")
        partial = node.get("x-amperity-partial-date")
        if t is None:
            if set(node) - ANY_JSON_KEYS:
                self.fail(loc, "a schema without a type must be empty (any JSON)")
                return None
            return Primitive.JSON
        if t == "string":
            if fmt == "date-time":
                return Primitive.DATE_OR_TIME if partial else Primitive.TIMESTAMP
            if partial:
                self.fail(loc, "x-amperity-partial-date needs format: date-time")
                return None
            if fmt not in STRING_FORMATS:
                self.fail(at(loc, "format"), f"unsupported string format {fmt!r}")
                return None
            return Primitive.STRING
        if t == "integer":
            if fmt not in INTEGER_FORMATS:
                self.fail(at(loc, "format"), f"unsupported integer format {fmt!r}")
                return None
            return Primitive.INT64
        if t == "boolean":
            return Primitive.BOOL
        if t == "array":
            if "items" not in node:
                self.fail(loc, "arrays need items")
                return None
            item = self.type(node["items"], at(loc, "items"))
            return Array(item) if item is not None else None
        self.fail(at(loc, "type"), f"unsupported type {t!r} (supported: string, integer, "
                                   f"boolean, array, $ref to an object or enum, or {{}})")
        return None

    def ref(self, node, loc):
        ref = node["$ref"]
        target, _ = self.resolve(node, loc)
        if target is None:
            return None
        if not ref.startswith(SCHEMAS):
            self.fail(loc, f"schema $refs must point into {SCHEMAS}, got {ref}")
            return None
        name = ref[len(SCHEMAS):]
        if name not in self.enums and name not in self.struct_deps:
            self.fail(loc, f"$ref {ref} is neither an enum nor an object schema")
            return None
        return Ref(name)

    # ---- structs --------------------------------------------------------------------------
    def struct(self, name, node, loc):
        props = self.mapping(node["properties"], at(loc, "properties"))
        if props is None:
            return
        required = node.get("required", [])
        if not isinstance(required, list):
            self.fail(at(loc, "required"), "expected a list")
            required = []
        for r in required:
            if r not in props:
                self.fail(at(loc, "required"), f"required field {r!r} is not a property")
        if len(props) > MAX_FIELDS:
            self.fail(at(loc, "properties"),
                      f"{len(props)} properties: at most {MAX_FIELDS} per object (the decoder "
                      f"tracks the members it has seen in a 64-bit mask)")
        fields = {}
        for wire, pnode in props.items():
            ploc = at(loc, "properties", wire)
            t = self.type(pnode, ploc)
            fields[wire] = _Field(t, wire in required, pnode, ploc, self.ident(wire, ploc))
            self.struct_deps[name] += self.held_structs(t)
        cpps = [f.cpp for f in fields.values() if f.cpp is not None]
        if len(set(cpps)) != len(cpps):
            self.fail(loc, f"property names map to clashing C++ names: {cpps}")
        has_config_id = self.config_id(fields)
        self.rules(name, fields, has_config_id)
        self.structs[name] = (self.ident(name, loc), has_config_id)

    def held_structs(self, t):
        while isinstance(t, Array):
            t = t.item
        return [t.schema] if isinstance(t, Ref) and t.schema in self.struct_deps else []

    def config_id(self, fields) -> bool:
        """x-amperity-config-id-kinds; True if this struct has a config-id field."""
        found = False
        for f in fields.values():
            kinds, ploc = dig(f.node, "x-amperity-config-id-kinds"), f.loc
            if kinds is None:
                continue
            if found:
                self.fail(ploc, "only one config-id field per schema")
                continue
            found = True
            if f.type != Primitive.STRING or not f.required:
                self.fail(ploc, "x-amperity-config-id-kinds needs a required string")
            if self.config_kinds is not None:
                self.fail(ploc, "x-amperity-config-id-kinds may appear only once in a spec")
                continue
            self.config_kinds = {}
            kloc = at(ploc, "x-amperity-config-id-kinds")
            if not isinstance(kinds, list) or not kinds:
                self.fail(kloc, "expected a non-empty list")
                continue
            prefixes = [self.config_kind(k, at(kloc, i)) for i, k in enumerate(kinds)]
            prefixes = [p for p in prefixes if p is not None]
            if len(set(prefixes)) != len(prefixes):
                self.fail(ploc, "config-id prefixes must be distinct")
        return found

    def config_kind(self, k, loc):
        """Checks one config kind and records it; returns its prefix, None if invalid."""
        if not all(non_empty_string(dig(k, x)) for x in ("kind", "prefix", "label")):
            self.fail(loc, "each kind needs non-empty strings kind, prefix, label")
            return None
        if not CONFIG_ID_PREFIX.match(k["prefix"]):
            self.fail(at(loc, "prefix"), f"prefix {k['prefix']!r} must be 2-15 lower-case "
                                         f"letters and digits ending in '-'")
            return None
        if "plural" in k and not non_empty_string(k["plural"]):
            self.fail(at(loc, "plural"), "expected a non-empty string")
        self.config_kinds[k["kind"]] = self.ident(k["kind"], at(loc, "kind"))
        self.kind_locs[k["kind"]] = loc
        return k["prefix"]

    def rules(self, schema, fields, has_config_id):
        """x-amperity-applies-to, -requires and -after."""
        for wire, f in fields.items():
            if not isinstance(f.node, dict):
                continue
            if "x-amperity-applies-to" in f.node:
                self.applies_to(f.node["x-amperity-applies-to"], f.required, f.loc,
                                has_config_id)
            for ext in ("x-amperity-requires", "x-amperity-after"):
                other = f.node.get(ext)
                if other is None:
                    continue
                if not isinstance(other, str) or other not in fields or other == wire:
                    self.fail(at(f.loc, ext), f"{other!r} is not another property of {schema}")
                elif f.required:
                    self.fail(f.loc, f"{ext} only makes sense on an optional field")
                elif fields[other].required:
                    self.fail(at(f.loc, ext), f"{other!r} is required, so {ext} on it would "
                                              f"never apply")
                elif ext == "x-amperity-after" and None not in (f.type, fields[other].type) \
                        and not {f.type, fields[other].type} <= DATE_TIMES:
                    self.fail(at(f.loc, ext), "x-amperity-after compares date-times only")

    def applies_to(self, applies, required, loc, has_config_id):
        kinds = self.config_kinds or {}
        if not has_config_id:
            self.fail(loc, "x-amperity-applies-to needs a config-id field "
                           "(x-amperity-config-id-kinds) in the same schema")
        elif required:
            self.fail(loc, "a field restricted by x-amperity-applies-to must be optional")
        elif not isinstance(applies, list) or not applies:
            self.fail(at(loc, "x-amperity-applies-to"), "expected a non-empty list")
        else:
            for a in applies:
                if not isinstance(a, str) or a not in kinds:
                    self.fail(at(loc, "x-amperity-applies-to"),
                              f"unknown config kind {a!r} (known: {', '.join(kinds)})")

    def recursion(self):
        """A struct cannot hold itself, directly or through others."""
        done, visiting = set(), set()

        def visit(name, chain):
            if name in done:
                return
            if name in visiting:
                self.fail(pointer("components", "schemas", name),
                          "recursive schemas are not supported: " + " -> ".join(chain))
                return
            visiting.add(name)
            for dep in self.struct_deps[name]:
                visit(dep, chain + [dep])
            visiting.discard(name)
            done.add(name)

        for name in self.struct_deps:
            visit(name, [name])

    # ---- operations -----------------------------------------------------------------------
    def paths(self):
        paths = self.mapping(self.doc.get("paths"), pointer("paths"))
        if paths is None:
            return
        ids, count = set(), 0
        for path, item in paths.items():
            if self.mapping(item, pointer("paths", path)) is None:
                continue
            for method, op in item.items():
                if method not in HTTP_METHODS:
                    continue
                count += 1
                loc = pointer("paths", path, method)
                op_id = self.operation(path, item, op, loc)
                if op_id in ids:
                    self.fail(at(loc, "operationId"), f"duplicate operationId {op_id!r}")
                elif op_id is not None and self.ident(op_id, at(loc, "operationId")):
                    ids.add(op_id)
                    self.operations.append((naming.operation_name(op_id),
                                            at(loc, "operationId")))
        if not count:
            self.fail(pointer("paths"), "no operations")

    def operation(self, path, item, op, loc):
        """Checks one operation; returns its operationId (None if it has none)."""
        if self.mapping(op, loc) is None:
            return None
        op_id = op.get("operationId")
        if not non_empty_string(op_id):
            self.fail(loc, "every operation needs an operationId")
            op_id = None
        if not isinstance(op.get("x-amperity-idempotent"), bool):
            self.fail(loc, "x-amperity-idempotent (true or false) is required on every "
                           "operation: the client's retry rules depend on it")
        paginated = op.get("x-amperity-paginated", False)
        if not isinstance(paginated, bool):
            self.fail(at(loc, "x-amperity-paginated"), "expected true or false")
        params = self.parameters(item, op, pointer("paths", path), loc)
        cpps = [p.cpp for p in params
                if not set_by_client(p.location, p.wire) and p.cpp is not None]
        if len(set(cpps)) != len(cpps):
            self.fail(loc, f"parameter names map to clashing C++ names: {cpps}")
        for seg in re.findall(r"\{([^}]*)\}", path):
            if not any(p.wire == seg and p.location == "path" for p in params):
                self.fail(loc, f"path template segment {{{seg}}} has no path parameter")
        for p in params:
            if p.location == "path" and "{" + p.wire + "}" not in path:
                self.fail(loc, f"path parameter {p.wire!r} is not in the path {path}")
        if paginated is True and not any(p.wire == "next_token" and p.location == "query"
                                         for p in params):
            self.fail(loc, "x-amperity-paginated operations need a next_token query parameter")
        if "requestBody" in op:
            body, bloc = self.resolve(op["requestBody"], at(loc, "requestBody"))
            schema = dig(body, "content", "application/json", "schema")
            if schema is None:
                self.fail(bloc, "request bodies must be application/json with a schema")
            else:
                self.type(schema, at(bloc, "content", "application/json", "schema"))
        self.response(op, loc)
        return op_id

    def parameters(self, item, op, item_loc, loc):
        """Path-level then operation-level parameters; an operation's own parameter replaces
        a path-level one of the same name and location."""
        entries = [(p, at(item_loc, "parameters", i), False)
                   for i, p in enumerate(self.sequence(item.get("parameters", []),
                                                   at(item_loc, "parameters")))]
        entries += [(p, at(loc, "parameters", i), True)
                    for i, p in enumerate(self.sequence(op.get("parameters", []),
                                                    at(loc, "parameters")))]
        params = []
        for pnode, ploc, op_level in entries:
            p = self.parameter(pnode, ploc, op_level)
            if p is None:
                continue
            same = [i for i, q in enumerate(params)
                    if q.wire == p.wire and q.location == p.location]
            if same and op_level and not params[same[0]].op_level:
                params[same[0]] = p
            elif same:
                self.fail(p.loc, f"parameter {p.wire!r} declared twice")
            else:
                params.append(p)
        return params

    def parameter(self, node, loc, op_level):
        node, rloc = self.resolve(node, loc)
        if node is None or self.mapping(node, rloc) is None:
            return None
        name, where = node.get("name"), node.get("in")
        if not isinstance(name, str) or where not in ("path", "query", "header", "cookie"):
            self.fail(rloc, "parameters need a name and in: path|query|header")
            return None
        if where == "cookie":
            self.fail(rloc, "cookie parameters are not supported")
            return None
        if where == "path" and not node.get("required", False):
            self.fail(rloc, "path parameters must be required")
        schema = node.get("schema", {"type": "string"})
        if set_by_client(where, name):
            # Set by the client from its options; only the wire type is checked here (the
            # api-version header may carry an inline enum of supported versions).
            if dig(schema, "type") != "string":
                self.fail(at(rloc, "schema"), f"the {name} header must be a string")
        else:
            t = self.type(schema, at(rloc, "schema"))
            if where == "path" and t is not None and t != Primitive.STRING:
                self.fail(rloc, "path parameters must be strings")
        return _Param(name, where, self.ident(name, rloc), rloc, op_level)

    def response(self, op, loc):
        responses = self.mapping(op.get("responses"), at(loc, "responses"))
        if responses is None:
            return
        code = success_status(responses)
        if code is None:
            self.fail(at(loc, "responses"), "no 2xx response")
            return
        resp, rloc = self.resolve(response_node(responses, code), at(loc, "responses", code))
        if resp is None:
            return
        schema = dig(resp, "content", "application/json", "schema")
        if schema is None:
            self.fail(rloc, "the success response needs an application/json schema")
        else:
            self.type(schema, at(rloc, "content", "application/json", "schema"))

    # ---- names in namespace amperity ------------------------------------------------------
    def names(self):
        """Every name generated into namespace amperity is distinct and free."""
        for schema, (cpp, is_open) in self.enums.items():
            loc = pointer("components", "schemas", schema)
            self.claim(cpp, loc)
            if is_open and cpp is not None:
                self.claim(naming.value_enum_name(cpp), loc)
        for schema, (cpp, has_config_id) in self.structs.items():
            loc = pointer("components", "schemas", schema)
            self.claim(cpp, loc)
            if has_config_id and cpp is not None:
                self.claim(naming.rules_name(cpp), loc)
        for kind, cpp in (self.config_kinds or {}).items():
            if cpp is not None:
                self.claim(naming.config_id_name(cpp), self.kind_locs[kind])
        for cpp, loc in self.operations:
            self.claim(naming.params_name(cpp), loc)
            self.claim(naming.descriptor_name(cpp), loc)

    def claim(self, name, loc):
        if name is None:
            return
        if name in self.library.namespace:
            self.fail(loc, f"the generated name {name!r} clashes with a name of the amperity "
                           f"library: amperity::{name} in {self.library.namespace[name]}")
        elif name in self.owners:
            self.fail(loc, f"the generated name {name!r} is also generated for "
                           f"{self.owners[name]}")
        else:
            self.owners[name] = loc
