"""The typed model: validates the loaded spec and turns it into what the templates render.

Everything the templates need is decided here (C++ names, types, tables); the templates only
loop and branch.
"""

import re
from dataclasses import dataclass, field
from typing import Optional

from .load import Spec, SpecError, pointer
import json

from .naming import compose, cpp_string, diagnostic_name, identifier, plural

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
# Header parameters every call carries; the client sets them from its options, so they are not
# members of the per-operation parameter structs.
CLIENT_HEADERS = {"api-version", "amperity-tenant"}
# Members of amperity::open_enum that a generated enumerator constant must not hide.
OPEN_ENUM_MEMBERS = frozenset({"known", "is_known", "wire", "from_wire", "assign_wire",
                               "is_terminal", "value_type", "open_enum"})
# Names the hand-written library already defines in namespace amperity; a generated type with
# one of these names would clash with it.
LIBRARY_NAMES = frozenset("""
timestamp date_or_time open_enum enum_traits enum_alias enum_literal closed_enum
open_enum_value config_id config_kind_traits errc decode_error validation_error
decode_result validation_result error_exception error_category make_error_code decode encode
to_string parse_enum run_request run_request_fields make_run_request time_range range_literal
param_location parameter_info operation_descriptor time_errc time_parse_result
parse_timestamp format_timestamp format describe validate config_kind config_kinds
config_kind_of api_version servers all_operations client client_options diagnostics
""".split())
CONFIG_ID_CHARS = re.compile(r"^[a-z][a-z0-9]{0,13}-$")  # fits config_id storage


@dataclass
class TypeRef:
    kind: str  # string int64 bool timestamp date_or_time json array struct closed_enum open_enum
    cpp: str  # the C++ type, fully qualified where it names a generated type
    item: Optional["TypeRef"] = None
    target: Optional[str] = None  # schema name for struct/enum kinds


@dataclass
class EnumValue:
    wire: str
    cpp: str
    aliases: list = field(default_factory=list)
    terminal: bool = False
    wire_literal: str = ""


@dataclass
class Enum:
    schema: str
    cpp: str
    closed: bool
    description: str
    values: list
    expected: str = ""  # human text: one of "source", "refresh", "full"
    diagnostic: str = ""  # closed enums: the function named after the rule
    has_terminal: bool = False

    @property
    def value_cpp(self):
        """Open enums: the enum class of known values."""
        return compose(self.cpp, "_value")

    @property
    def alias_pairs(self):
        """(alias spelling, enumerator) in spec order."""
        return [(a, v.cpp) for v in self.values for a in v.aliases]


@dataclass
class Field:
    wire: str
    cpp: str
    type: TypeRef
    required: bool
    description: str
    member_type: str  # type as declared in the struct (std::optional<...> when not required)
    wire_literal: str = ""
    applies_to: list = field(default_factory=list)  # config kinds (cpp enumerators)
    applies_label: str = ""  # "courier groups"
    requires: Optional[str] = None  # cpp member name
    requires_wire: Optional[str] = None
    after: Optional[str] = None
    after_wire: Optional[str] = None


@dataclass
class ConfigKind:
    kind: str
    cpp: str
    prefix: str
    label: str
    diagnostic: str
    plural: str = ""

    @property
    def id_cpp(self):
        return compose(self.cpp, "_id")


@dataclass
class Struct:
    schema: str
    cpp: str
    description: str
    fields: list
    config_id_field: Optional[Field] = None

    @property
    def has_rules(self):
        return self.config_id_field is not None

    @property
    def rules_cpp(self):
        return compose(self.cpp, "_rules")

    @property
    def key_dispatch(self):
        return key_dispatch([f.wire for f in self.fields])


MAX_FIELDS = 64  # the direct decoder tracks seen members in one 64-bit mask


def key_dispatch(wires):
    """The key -> field index dispatch the direct decoder runs for every member it reads.

    Keys are grouped by byte length (a switch on key.size()); within a length, by one byte
    position chosen here so that it separates as many keys as possible (ideally all: then each
    case is a single constant-length compare, which GCC and Clang turn into word loads). Keys
    that still share that byte are compared one after the other.

    Returns [{"size": n, "pos": i or None, "cases": [{"byte": b, "keys": [(index, wire)]}]}],
    everything in ascending order so that the output is deterministic.
    """
    by_size = {}
    for index, wire in enumerate(wires):
        by_size.setdefault(len(wire.encode("utf-8")), []).append((index, wire))
    groups = []
    for size in sorted(by_size):
        keys = by_size[size]
        if len(keys) == 1:
            groups.append({"size": size, "pos": None, "cases": [{"byte": None, "keys": keys}]})
            continue
        encoded = [w.encode("utf-8") for _, w in keys]
        # The position with the most distinct bytes; the first such position on ties.
        pos = max(range(size), key=lambda i: (len({e[i] for e in encoded}), -i))
        cases = {}
        for (index, wire), e in zip(keys, encoded):
            cases.setdefault(e[pos], []).append((index, wire))
        groups.append({"size": size, "pos": pos,
                       "cases": [{"byte": b, "keys": cases[b]} for b in sorted(cases)]})
    return groups


@dataclass
class Param:
    wire: str
    cpp: str
    location: str
    required: bool
    type: Optional[TypeRef]
    description: str
    member_type: str = ""
    wire_literal: str = ""
    op_level: bool = False


@dataclass
class Operation:
    operation_id: str
    cpp: str
    method: str
    path: str
    summary: str
    success_status: int
    idempotent: bool
    paginated: bool
    params: list
    request: Optional[str]  # C++ type or None
    response: str
    client_headers: list = field(default_factory=list)

    @property
    def cpp_signature(self):
        """Leading parameters of the generated async_ members (before the token)."""
        args = []
        if self.request:
            args.append(f"{self.request} request")
        if self.struct_params:
            args.append(f"{self.params_cpp} params")
        return "".join(a + ", " for a in args)

    @property
    def call_params(self):
        return "std::move(params)" if self.struct_params else "{}"

    @property
    def call_body(self):
        return "std::move(request)" if self.request else "std::monostate{}"

    @property
    def params_cpp(self):
        return compose(self.cpp, "_params")

    @property
    def operation_cpp(self):
        return compose(self.cpp, "_operation")

    @property
    def struct_params(self):
        return [p for p in self.params
                if not (p.location == "header" and p.wire in CLIENT_HEADERS)]


@dataclass
class Model:
    spec_path: str
    spec_sha256: str
    api_version: str
    title: str
    servers: list
    enums: list
    structs: list
    operations: list
    config_kinds: list
    generator_version: str = ""


def _ident(name, loc) -> str:
    try:
        return identifier(str(name))
    except ValueError as e:
        raise SpecError(loc, str(e)) from None


def _description(node) -> str:
    d = node.get("description") or node.get("summary") or ""
    return " ".join(str(d).split()) if d else ""


class _Builder:
    def __init__(self, spec: Spec):
        self.spec = spec
        self.doc = spec.doc
        self.enums = {}  # schema name -> Enum
        self.structs = {}  # schema name -> Struct (ordered by first definition)
        self.config_kinds = []

    # ---- top level --------------------------------------------------------------------------
    def build(self) -> Model:
        doc = self.doc
        version = doc.get("openapi")
        if not isinstance(version, str) or not version.startswith(("3.0.", "3.1.")):
            raise SpecError(pointer("openapi"), f"expected OpenAPI 3.0.x or 3.1.x, got {version!r}")
        info = self._mapping(doc.get("info"), pointer("info"))
        api_version = info.get("x-amperity-api-version") or info.get("version")
        if not isinstance(api_version, str) or not api_version:
            raise SpecError(pointer("info", "version"), "missing API version")
        schemas = self._mapping(doc.get("components", {}).get("schemas"),
                                pointer("components", "schemas"))
        # Enums first (structs refer to them), then structs, both in spec order.
        for name, node in schemas.items():
            loc = pointer("components", "schemas", name)
            node = self._mapping(node, loc)
            if "enum" in node or "x-amperity-open-enum" in node:
                self.enums[name] = self._enum(name, node, loc)
        for name, node in schemas.items():
            if name in self.enums:
                continue
            loc = pointer("components", "schemas", name)
            if node.get("type", "object") != "object" or "properties" not in node:
                raise SpecError(loc, "component schemas must be enums or objects with properties")
            self.structs[name] = None  # reserve the order before recursing
        for name in list(self.structs):
            loc = pointer("components", "schemas", name)
            self.structs[name] = self._struct(name, schemas[name], loc)
        structs = self._dependency_order()
        operations = self._operations()
        servers = []
        for i, srv in enumerate(doc.get("servers", [])):
            if not isinstance(srv, dict) or not isinstance(srv.get("url"), str) or not srv["url"]:
                raise SpecError(pointer("servers", i), "each server needs a url")
            servers.append(srv["url"])
        self._check_unique_names(structs, operations)
        return Model(
            spec_path=self.spec.relpath,
            spec_sha256=self.spec.sha256,
            api_version=api_version,
            title=str(info.get("title", "")),
            servers=servers,
            enums=list(self.enums.values()),
            structs=structs,
            operations=operations,
            config_kinds=self.config_kinds,
        )

    def _check_unique_names(self, structs, operations):
        """Every name the generator puts in namespace amperity is distinct and does not shadow
        the hand-written library."""
        owners = {}

        def claim(name, loc):
            if name in LIBRARY_NAMES:
                raise SpecError(loc, f"the generated name {name!r} clashes with a name of the "
                                     f"amperity library")
            if name in owners:
                raise SpecError(loc, f"the generated name {name!r} is also generated for "
                                     f"{owners[name]}")
            owners[name] = loc

        for e in self.enums.values():
            loc = pointer("components", "schemas", e.schema)
            claim(e.cpp, loc)
            if not e.closed:
                claim(e.value_cpp, loc)
        for st in structs:
            loc = pointer("components", "schemas", st.schema)
            claim(st.cpp, loc)
            if st.has_rules:
                claim(st.rules_cpp, loc)
        for k in self.config_kinds:
            claim(k.id_cpp, f"x-amperity-config-id-kinds {k.kind}")
        for op in operations:
            loc = f"operation {op.operation_id}"
            claim(op.params_cpp, loc)
            claim(op.operation_cpp, loc)

    def _dependency_order(self):
        """Spec order, except that a struct comes after the structs it holds (C++ needs
        complete types for members); recursive schemas are refused."""
        done, visiting, order = set(), set(), []

        def deps(t):
            while t is not None:
                if t.kind == "struct":
                    yield t.target
                t = t.item

        def visit(name, chain):
            if name in done:
                return
            if name in visiting:
                raise SpecError(pointer("components", "schemas", name),
                                "recursive schemas are not supported: " + " -> ".join(chain))
            visiting.add(name)
            for f in self.structs[name].fields:
                for d in deps(f.type):
                    visit(d, chain + [d])
            visiting.discard(name)
            done.add(name)
            order.append(self.structs[name])

        for name in self.structs:
            visit(name, [name])
        return order

    @staticmethod
    def _mapping(node, loc):
        if not isinstance(node, dict):
            raise SpecError(loc, "expected a mapping")
        return node

    # ---- enums ------------------------------------------------------------------------------
    def _enum(self, name, node, loc) -> Enum:
        if node.get("type") != "string":
            raise SpecError(loc, "enums must have type: string")
        cpp = _ident(name, loc)
        if "enum" in node and "x-amperity-open-enum" in node:
            raise SpecError(loc, "a schema is either a closed enum (enum) or an open enum "
                                 "(x-amperity-open-enum), not both")
        values = []
        seen = {}
        if "enum" in node:
            raw = node["enum"]
            if not isinstance(raw, list) or not raw:
                raise SpecError(loc + "/enum", "expected a non-empty list of strings")
            names = node.get("x-amperity-enum-names")
            if names is not None and (not isinstance(names, list) or len(names) != len(raw)):
                raise SpecError(loc + "/x-amperity-enum-names",
                                "expected a list of C++ names, one per enum value")
            for i, v in enumerate(raw):
                if not isinstance(v, str) or not v:
                    raise SpecError(f"{loc}/enum/{i}", f"enum values must be non-empty strings, "
                                                        f"got {v!r}")
                vcpp = _ident(names[i] if names else v,
                              f"{loc}/x-amperity-enum-names/{i}" if names else f"{loc}/enum/{i}")
                values.append(EnumValue(wire=v, cpp=vcpp))
            closed = True
        else:
            raw = node["x-amperity-open-enum"]
            if not isinstance(raw, list) or not raw:
                raise SpecError(loc + "/x-amperity-open-enum", "expected a non-empty list")
            for i, entry in enumerate(raw):
                eloc = f"{loc}/x-amperity-open-enum/{i}"
                if not isinstance(entry, dict) or not isinstance(entry.get("value"), str) \
                        or not entry["value"]:
                    raise SpecError(eloc, "each entry needs a non-empty string 'value'")
                unknown = set(entry) - {"value", "name", "aliases", "terminal", "description"}
                if unknown:
                    raise SpecError(eloc, f"unknown keys {sorted(unknown)}")
                aliases = entry.get("aliases", [])
                if not isinstance(aliases, list) or not all(isinstance(a, str) and a
                                                            for a in aliases):
                    raise SpecError(eloc + "/aliases", "expected a list of non-empty strings")
                terminal = entry.get("terminal", False)
                if not isinstance(terminal, bool):
                    raise SpecError(eloc + "/terminal", "expected true or false")
                vcpp = _ident(entry.get("name", entry["value"]),
                              eloc + ("/name" if "name" in entry else "/value"))
                values.append(EnumValue(wire=entry["value"], cpp=vcpp,
                                        aliases=list(aliases), terminal=terminal))
            closed = False
        for i, v in enumerate(values):
            for spelling in [v.wire] + v.aliases:
                if spelling in seen:
                    raise SpecError(loc, f"wire value {spelling!r} appears twice")
                seen[spelling] = i
            v.wire_literal = cpp_string(v.wire)
        cpps = [v.cpp for v in values]
        taken = (OPEN_ENUM_MEMBERS | {cpp}) & set(cpps)
        if not closed and taken:
            raise SpecError(loc, f"value names {sorted(taken)} clash with the members of "
                                 f"open_enum or the enum's own name {cpp!r}")
        if len(set(cpps)) != len(cpps):
            raise SpecError(loc, f"enum values map to clashing C++ names: {cpps}")
        quoted = ", ".join(json.dumps(v.wire, ensure_ascii=False) for v in values)
        e = Enum(schema=name, cpp=cpp, closed=closed, description=_description(node),
                 values=values, expected=f"one of {quoted}",
                 has_terminal=any(v.terminal for v in values))
        if closed:
            e.diagnostic = diagnostic_name(cpp, [v.cpp for v in values])
        return e

    # ---- types ------------------------------------------------------------------------------
    def _type(self, node, loc) -> TypeRef:
        if not isinstance(node, dict):
            raise SpecError(loc, "expected a schema mapping")
        if "allOf" in node:
            parts = node["allOf"]
            if not isinstance(parts, list) or len(parts) != 1:
                raise SpecError(loc + "/allOf", "only a single-element allOf (a $ref with "
                                                "a description) is supported")
            return self._type(parts[0], loc + "/allOf/0")
        if "$ref" in node:
            ref = node["$ref"]
            target, tloc = self.spec.resolve(node, loc)
            prefix = "#/components/schemas/"
            if not ref.startswith(prefix):
                raise SpecError(loc, f"schema $refs must point into {prefix}, got {ref}")
            name = ref[len(prefix):]
            if name in self.enums:
                e = self.enums[name]
                return TypeRef(kind="closed_enum" if e.closed else "open_enum",
                               cpp=f"::amperity::{e.cpp}", target=name)
            if name in self.structs:
                return TypeRef(kind="struct", cpp=f"::amperity::{_ident(name, tloc)}",
                               target=name)
            raise SpecError(loc, f"$ref {ref} is neither an enum nor an object schema")
        if "enum" in node:
            raise SpecError(loc, "inline enums are not supported: define a named schema under "
                                 "components/schemas and $ref it, so it gets one C++ type")
        if "x-amperity-open-enum" in node:
            raise SpecError(loc, "x-amperity-open-enum belongs on a named component schema")
        t = node.get("type")
        fmt = node.get("format")
        if t is None:
            if set(node) - {"description", "example", "nullable", "x-amperity-deviation"}:
                raise SpecError(loc, "a schema without a type must be empty (any JSON)")
            return TypeRef(kind="json", cpp="::boost::json::value")
        if t == "string":
            if fmt == "date-time":
                if node.get("x-amperity-partial-date"):
                    return TypeRef(kind="date_or_time", cpp="::amperity::date_or_time")
                return TypeRef(kind="timestamp", cpp="::amperity::timestamp")
            if node.get("x-amperity-partial-date"):
                raise SpecError(loc, "x-amperity-partial-date needs format: date-time")
            if fmt not in (None, "uri", "email", "uuid"):
                raise SpecError(loc + "/format", f"unsupported string format {fmt!r}")
            return TypeRef(kind="string", cpp="std::string")
        if t == "integer":
            if fmt not in (None, "int32", "int64"):
                raise SpecError(loc + "/format", f"unsupported integer format {fmt!r}")
            return TypeRef(kind="int64", cpp="std::int64_t")
        if t == "boolean":
            return TypeRef(kind="bool", cpp="bool")
        if t == "array":
            if "items" not in node:
                raise SpecError(loc, "arrays need items")
            item = self._type(node["items"], loc + "/items")
            return TypeRef(kind="array", cpp=f"std::vector<{item.cpp}>", item=item)
        raise SpecError(loc + "/type", f"unsupported type {t!r} (supported: string, integer, "
                                       f"boolean, array, $ref to an object or enum, or {{}})")

    # ---- structs ----------------------------------------------------------------------------
    def _struct(self, name, node, loc) -> Struct:
        props = self._mapping(node["properties"], loc + "/properties")
        required = node.get("required", [])
        if not isinstance(required, list):
            raise SpecError(loc + "/required", "expected a list")
        for r in required:
            if r not in props:
                raise SpecError(loc + "/required", f"required field {r!r} is not a property")
        if len(props) > MAX_FIELDS:
            raise SpecError(loc + "/properties",
                            f"{len(props)} properties: at most {MAX_FIELDS} per object (the "
                            f"decoder tracks the members it has seen in a 64-bit mask)")
        fields = []
        by_wire = {}
        for wire, pnode in props.items():
            ploc = f"{loc}/properties/{wire}"
            t = self._type(pnode, ploc)
            req = wire in required
            f = Field(wire=wire, cpp=_ident(wire, ploc), type=t, required=req,
                      description=_description(pnode),
                      member_type=t.cpp if req else f"std::optional<{t.cpp}>",
                      wire_literal=cpp_string(wire))
            fields.append(f)
            by_wire[wire] = (f, pnode, ploc)
        cpps = [f.cpp for f in fields]
        if len(set(cpps)) != len(cpps):
            raise SpecError(loc, f"property names map to clashing C++ names: {cpps}")
        s = Struct(schema=name, cpp=_ident(name, loc), description=_description(node),
                   fields=fields)
        self._rules(s, by_wire, loc)
        return s

    def _rules(self, s: Struct, by_wire, loc):
        """x-amperity-config-id-kinds, -applies-to, -requires, -after."""
        for wire, (f, pnode, ploc) in by_wire.items():
            kinds = pnode.get("x-amperity-config-id-kinds")
            if kinds is None:
                continue
            if s.config_id_field is not None:
                raise SpecError(ploc, "only one config-id field per schema")
            if f.type.kind != "string" or not f.required:
                raise SpecError(ploc, "x-amperity-config-id-kinds needs a required string")
            if self.config_kinds:
                raise SpecError(ploc, "x-amperity-config-id-kinds may appear only once in a spec")
            if not isinstance(kinds, list) or not kinds:
                raise SpecError(ploc + "/x-amperity-config-id-kinds", "expected a non-empty list")
            for i, k in enumerate(kinds):
                kloc = f"{ploc}/x-amperity-config-id-kinds/{i}"
                if not isinstance(k, dict) or not all(isinstance(k.get(x), str) and k.get(x)
                                                      for x in ("kind", "prefix", "label")):
                    raise SpecError(kloc, "each kind needs non-empty strings kind, prefix, label")
                if not CONFIG_ID_CHARS.match(k["prefix"]):
                    raise SpecError(kloc + "/prefix", f"prefix {k['prefix']!r} must be 2-15 lower-case "
                                                      f"letters and digits ending in '-'")
                cpp = _ident(k["kind"], kloc + "/kind")
                pfx = _ident(k["prefix"].rstrip("-"), kloc + "/prefix").rstrip("_")
                plural_label = k.get("plural", plural(k["label"]))
                if not isinstance(plural_label, str) or not plural_label:
                    raise SpecError(kloc + "/plural", "expected a non-empty string")
                self.config_kinds.append(ConfigKind(
                    kind=k["kind"], cpp=cpp, prefix=k["prefix"], label=k["label"],
                    diagnostic=compose(cpp, f"_id_must_start_with_{pfx}_dash"),
                    plural=plural_label))
            if len({k.prefix for k in self.config_kinds}) != len(self.config_kinds):
                raise SpecError(ploc, "config-id prefixes must be distinct")
            s.config_id_field = f
        kind_names = {k.kind: k for k in self.config_kinds}
        for wire, (f, pnode, ploc) in by_wire.items():
            applies = pnode.get("x-amperity-applies-to")
            if applies is not None:
                if s.config_id_field is None:
                    raise SpecError(ploc, "x-amperity-applies-to needs a config-id field "
                                          "(x-amperity-config-id-kinds) in the same schema")
                if f.required:
                    raise SpecError(ploc, "a field restricted by x-amperity-applies-to must be "
                                          "optional")
                if not isinstance(applies, list) or not applies:
                    raise SpecError(ploc + "/x-amperity-applies-to", "expected a non-empty list")
                for a in applies:
                    if a not in kind_names:
                        raise SpecError(ploc + "/x-amperity-applies-to",
                                        f"unknown config kind {a!r} (known: "
                                        f"{', '.join(kind_names)})")
                f.applies_to = [kind_names[a].cpp for a in applies]
                f.applies_label = " and ".join(kind_names[a].plural for a in applies)
            for ext, attr in (("x-amperity-requires", "requires"), ("x-amperity-after", "after")):
                other = pnode.get(ext)
                if other is None:
                    continue
                if other not in by_wire or other == wire:
                    raise SpecError(f"{ploc}/{ext}", f"{other!r} is not another property of "
                                                     f"{s.schema}")
                if f.required:
                    raise SpecError(ploc, f"{ext} only makes sense on an optional field")
                if by_wire[other][0].required:
                    raise SpecError(f"{ploc}/{ext}", f"{other!r} is required, so {ext} on it "
                                                     f"would never apply")
                if ext == "x-amperity-after":
                    kinds = {f.type.kind, by_wire[other][0].type.kind}
                    if not kinds <= {"timestamp", "date_or_time"}:
                        raise SpecError(f"{ploc}/{ext}", "x-amperity-after compares date-times "
                                                         "only")
                setattr(f, attr, by_wire[other][0].cpp)
                setattr(f, attr + "_wire", other)

    # ---- operations -------------------------------------------------------------------------
    def _operations(self):
        paths = self._mapping(self.doc.get("paths"), pointer("paths"))
        ops = []
        seen = set()
        for path, item in paths.items():
            iloc = pointer("paths", path)
            item = self._mapping(item, iloc)
            shared = item.get("parameters", [])
            for method, op in item.items():
                if method not in HTTP_METHODS:
                    continue
                ops.append(self._operation(path, method, op, shared, pointer("paths", path, method)))
                if ops[-1].operation_id in seen:
                    raise SpecError(pointer("paths", path, method, "operationId"),
                                    f"duplicate operationId {ops[-1].operation_id!r}")
                seen.add(ops[-1].operation_id)
        if not ops:
            raise SpecError(pointer("paths"), "no operations")
        return ops

    def _operation(self, path, method, op, shared, loc) -> Operation:
        op = self._mapping(op, loc)
        op_id = op.get("operationId")
        if not isinstance(op_id, str) or not op_id:
            raise SpecError(loc, "every operation needs an operationId")
        idem = op.get("x-amperity-idempotent")
        if not isinstance(idem, bool):
            raise SpecError(loc, "x-amperity-idempotent (true or false) is required on every "
                                 "operation: the client's retry rules depend on it")
        paginated = op.get("x-amperity-paginated", False)
        if not isinstance(paginated, bool):
            raise SpecError(loc + "/x-amperity-paginated", "expected true or false")
        params = []
        own = op.get("parameters", [])
        entries = [(p, f"{loc[:loc.rindex('/')]}/parameters/{i}", False)
                   for i, p in enumerate(shared)]
        entries += [(p, f"{loc}/parameters/{i}", True) for i, p in enumerate(own)]
        for pnode, ploc, op_level in entries:
            pnode, rloc = self.spec.resolve(pnode, ploc)
            pnode = self._mapping(pnode, rloc)
            name, where = pnode.get("name"), pnode.get("in")
            if not isinstance(name, str) or where not in ("path", "query", "header", "cookie"):
                raise SpecError(rloc, "parameters need a name and in: path|query|header")
            if where == "cookie":
                raise SpecError(rloc, "cookie parameters are not supported")
            req = bool(pnode.get("required", False))
            if where == "path" and not req:
                raise SpecError(rloc, "path parameters must be required")
            schema = pnode.get("schema", {"type": "string"})
            if where == "header" and name in CLIENT_HEADERS:
                # Set by the client from its options; only the wire type is checked here (the
                # api-version header may carry an inline enum of supported versions).
                if not isinstance(schema, dict) or schema.get("type") != "string":
                    raise SpecError(rloc + "/schema", f"the {name} header must be a string")
                t = TypeRef(kind="string", cpp="std::string")
            else:
                t = self._type(schema, rloc + "/schema")
            if where == "path" and t.kind != "string":
                raise SpecError(rloc, "path parameters must be strings")
            p = Param(wire=name, cpp=_ident(name, rloc), location=where, required=req, type=t,
                      description=_description(pnode), wire_literal=cpp_string(name))
            p.member_type = t.cpp if req else f"std::optional<{t.cpp}>"
            same = [j for j, q in enumerate(params) if q.wire == name and q.location == where]
            if same and op_level and not params[same[0]].op_level:
                params[same[0]] = p  # an operation-level parameter overrides a path-level one
                p.op_level = True
                continue
            if same:
                raise SpecError(rloc, f"parameter {name!r} declared twice")
            p.op_level = op_level
            params.append(p)
        cpps = [p.cpp for p in params if not (p.location == "header" and p.wire in CLIENT_HEADERS)]
        if len(set(cpps)) != len(cpps):
            raise SpecError(loc, f"parameter names map to clashing C++ names: {cpps}")
        for seg in re.findall(r"\{([^}]*)\}", path):
            if not any(p.wire == seg and p.location == "path" for p in params):
                raise SpecError(loc, f"path template segment {{{seg}}} has no path parameter")
        for p in params:
            if p.location == "path" and "{" + p.wire + "}" not in path:
                raise SpecError(loc, f"path parameter {p.wire!r} is not in the path {path}")
        if paginated and not any(p.wire == "next_token" and p.location == "query"
                                 for p in params):
            raise SpecError(loc, "x-amperity-paginated operations need a next_token query "
                                 "parameter")
        request = None
        if "requestBody" in op:
            body, bloc = self.spec.resolve(op["requestBody"], loc + "/requestBody")
            schema = body.get("content", {}).get("application/json", {}).get("schema")
            if schema is None:
                raise SpecError(bloc, "request bodies must be application/json with a schema")
            request = self._type(schema, bloc + "/content/application~1json/schema").cpp
        responses = self._mapping(op.get("responses"), loc + "/responses")
        success = sorted(int(c) for c in map(str, responses) if re.fullmatch(r"2\d\d", c))
        if not success:
            raise SpecError(loc + "/responses", "no 2xx response")
        code = success[0]
        resp, rloc = self.spec.resolve(responses[str(code)] if str(code) in responses
                                       else responses[code], f"{loc}/responses/{code}")
        schema = resp.get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            raise SpecError(rloc, "the success response needs an application/json schema")
        response = self._type(schema, rloc + "/content/application~1json/schema").cpp
        return Operation(operation_id=op_id, cpp=_ident(op_id, loc + "/operationId").rstrip("_"),
                         method=method.upper(),
                         path=path, summary=_description({"description": op.get("summary")
                                                          or op.get("description")}),
                         success_status=code, idempotent=idem, paginated=paginated,
                         params=params, request=request, response=response,
                         client_headers=[p.wire for p in params if p.location == "header"])


def build(spec: Spec) -> Model:
    return _Builder(spec).build()
