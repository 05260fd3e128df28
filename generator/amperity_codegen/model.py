"""The API the spec describes, in the spec's own terms: frozen dataclasses, no C++.

Names are spec names (schema names, wire names, operationIds) and types are a small algebra
(`Primitive`, `Array`, `Ref`); emit.py decides how they are spelled in C++. `build` assumes a
spec that validate.py accepted: it checks nothing itself.
"""

import enum
import re
from dataclasses import dataclass
from typing import Optional, Union

from .load import Spec

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
# Header parameters every call carries; the client sets them from its options, so callers never
# pass them.
CLIENT_HEADERS = frozenset({"api-version", "amperity-tenant"})
SCHEMAS = "#/components/schemas/"


class Primitive(enum.Enum):
    STRING = "string"
    INT64 = "int64"
    BOOL = "bool"
    TIMESTAMP = "timestamp"  # format: date-time
    DATE_OR_TIME = "date_or_time"  # format: date-time with x-amperity-partial-date
    JSON = "json"  # a schema without a type: any JSON value


@dataclass(frozen=True)
class Array:
    item: "Type"


@dataclass(frozen=True)
class Ref:
    """A named component schema: an enum or an object."""

    schema: str


Type = Union[Primitive, Array, Ref]


@dataclass(frozen=True)
class EnumValue:
    wire: str
    name: str  # what the value is called in code: x-amperity-enum-names, `name`, or the wire value
    aliases: tuple = ()
    terminal: bool = False


@dataclass(frozen=True)
class Enum:
    schema: str
    open: bool  # x-amperity-open-enum: unknown wire values are kept, not refused
    description: str
    values: tuple


@dataclass(frozen=True)
class Field:
    wire: str
    type: Type
    required: bool
    description: str
    applies_to: tuple = ()  # config kinds (x-amperity-applies-to)
    requires: Optional[str] = None  # wire name (x-amperity-requires)
    after: Optional[str] = None  # wire name (x-amperity-after)


@dataclass(frozen=True)
class Struct:
    schema: str
    description: str
    fields: tuple
    config_id: Optional[str] = None  # wire name of the field with x-amperity-config-id-kinds


@dataclass(frozen=True)
class ConfigKind:
    kind: str
    prefix: str
    label: str
    plural: Optional[str] = None  # of label, when the spec gives it


@dataclass(frozen=True)
class Param:
    wire: str
    location: str  # path, query or header
    required: bool
    type: Type
    description: str

    @property
    def set_by_client(self) -> bool:
        return set_by_client(self.location, self.wire)


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # as the spec spells it: get, post, ...
    path: str
    summary: str
    success_status: int
    idempotent: bool
    paginated: bool
    params: tuple
    request: Optional[Type]
    response: Type


@dataclass(frozen=True)
class Model:
    spec_path: str
    spec_sha256: str
    api_version: str
    servers: tuple
    enums: tuple  # spec order
    structs: tuple  # spec order, except that a struct follows the structs it holds
    operations: tuple  # spec order
    config_kinds: tuple


def set_by_client(location: str, wire: str) -> bool:
    """Header parameters the client sets from its options on every call."""
    return location == "header" and wire in CLIENT_HEADERS


def is_enum(node) -> bool:
    return "enum" in node or "x-amperity-open-enum" in node


def text(value) -> str:
    """Prose from the spec, on one line."""
    return " ".join(str(value or "").split())


def description(node) -> str:
    return text(node.get("description") or node.get("summary"))


def success_status(responses) -> Optional[int]:
    """The lowest 2xx the responses declare."""
    codes = sorted(int(c) for c in map(str, responses) if re.fullmatch(r"2\d\d", c))
    return codes[0] if codes else None


def response_node(responses, code):
    """YAML may have read the status code as an int or as a string."""
    return responses[str(code)] if str(code) in responses else responses[code]


def build(spec: Spec) -> Model:
    return _Builder(spec).build()


class _Builder:
    def __init__(self, spec: Spec):
        self.spec = spec
        self.doc = spec.doc

    def build(self) -> Model:
        info = self.doc["info"]
        schemas = self.doc["components"]["schemas"]
        enums = tuple(self.enum(n, node) for n, node in schemas.items() if is_enum(node))
        structs = {n: self.struct(n, node) for n, node in schemas.items() if not is_enum(node)}
        return Model(
            spec_path=self.spec.relpath,
            spec_sha256=self.spec.sha256,
            api_version=info.get("x-amperity-api-version") or info["version"],
            servers=tuple(s["url"] for s in self.doc.get("servers", [])),
            enums=enums,
            structs=tuple(definition_order(structs)),
            operations=tuple(self.operations()),
            config_kinds=tuple(self.config_kinds(structs.values(), schemas)),
        )

    def deref(self, node):
        return self.spec.resolve(node, "#")[0]

    def type(self, node) -> Type:
        if "allOf" in node:
            return self.type(node["allOf"][0])
        if "$ref" in node:
            return Ref(node["$ref"][len(SCHEMAS):])
        t, fmt = node.get("type"), node.get("format")
        if t is None:
            return Primitive.JSON
        if t == "array":
            return Array(self.type(node["items"]))
        if t == "string" and fmt == "date-time":
            partial = node.get("x-amperity-partial-date")
            return Primitive.DATE_OR_TIME if partial else Primitive.TIMESTAMP
        return {"string": Primitive.STRING, "integer": Primitive.INT64,
                "boolean": Primitive.BOOL}[t]

    def enum(self, name, node) -> Enum:
        if "enum" in node:
            names = node.get("x-amperity-enum-names") or node["enum"]
            values = tuple(EnumValue(wire=v, name=str(n)) for v, n in zip(node["enum"], names))
        else:
            values = tuple(EnumValue(wire=e["value"], name=str(e.get("name", e["value"])),
                                     aliases=tuple(e.get("aliases", [])),
                                     terminal=e.get("terminal", False))
                           for e in node["x-amperity-open-enum"])
        return Enum(schema=name, open="enum" not in node, description=description(node),
                    values=values)

    def struct(self, name, node) -> Struct:
        props = node["properties"]
        required = node.get("required", [])
        fields = tuple(Field(wire=wire, type=self.type(p), required=wire in required,
                             description=description(p),
                             applies_to=tuple(p.get("x-amperity-applies-to", [])),
                             requires=p.get("x-amperity-requires"),
                             after=p.get("x-amperity-after"))
                       for wire, p in props.items())
        config_id = next((w for w, p in props.items() if "x-amperity-config-id-kinds" in p), None)
        return Struct(schema=name, description=description(node), fields=fields,
                      config_id=config_id)

    def config_kinds(self, structs, schemas):
        for s in structs:
            if s.config_id is not None:
                kinds = schemas[s.schema]["properties"][s.config_id]["x-amperity-config-id-kinds"]
                return [ConfigKind(kind=k["kind"], prefix=k["prefix"], label=k["label"],
                                   plural=k.get("plural")) for k in kinds]
        return []

    def operations(self):
        for path, item in self.doc["paths"].items():
            for method, op in item.items():
                if method in HTTP_METHODS:
                    yield self.operation(path, method, item, op)

    def operation(self, path, method, item, op) -> Operation:
        params = {}
        for node in [*item.get("parameters", []), *op.get("parameters", [])]:
            node = self.deref(node)
            # An operation's own parameter takes the place of the path item's one.
            params[(node["name"], node["in"])] = node
        request = None
        if "requestBody" in op:
            body = self.deref(op["requestBody"])
            request = self.type(body["content"]["application/json"]["schema"])
        code = success_status(op["responses"])
        response = self.deref(response_node(op["responses"], code))
        return Operation(
            operation_id=op["operationId"], method=method, path=path,
            summary=text(op.get("summary") or op.get("description")),
            success_status=code, idempotent=op["x-amperity-idempotent"],
            paginated=op.get("x-amperity-paginated", False),
            params=tuple(self.param(p) for p in params.values()),
            request=request,
            response=self.type(response["content"]["application/json"]["schema"]))

    def param(self, node) -> Param:
        wire, where = node["name"], node["in"]
        if set_by_client(where, wire):
            t = Primitive.STRING  # whatever values the spec lists, the client sends a string
        else:
            t = self.type(node.get("schema", {"type": "string"}))
        return Param(wire=wire, location=where, required=bool(node.get("required")), type=t,
                     description=description(node))


def definition_order(structs: dict) -> list:
    """Spec order, except that a struct comes after the structs it holds, so that every type
    is defined before a value of it is. Validation refused cycles."""
    done, order = set(), []

    def visit(name):
        if name in done:
            return
        done.add(name)
        for f in structs[name].fields:
            t = f.type
            while isinstance(t, Array):
                t = t.item
            if isinstance(t, Ref) and t.schema in structs:
                visit(t.schema)
        order.append(structs[name])

    for name in structs:
        visit(name)
    return order
