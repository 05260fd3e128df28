"""The model in C++ terms: identifiers, type spellings, literals, expressions and the decoder's
key dispatch tables. `emit` returns what the templates receive; they only loop and branch.
"""

import json
from dataclasses import dataclass
from typing import Optional

from . import __version__, model, naming
from .naming import compose, cpp_string, identifier

_PRIMITIVES = {
    model.Primitive.STRING: "std::string",
    model.Primitive.INT64: "std::int64_t",
    model.Primitive.BOOL: "bool",
    model.Primitive.TIMESTAMP: "::amperity::timestamp",
    model.Primitive.DATE_OR_TIME: "::amperity::date_or_time",
    model.Primitive.JSON: "::boost::json::value",
}


@dataclass(frozen=True)
class EnumValue:
    cpp: str
    wire_literal: str
    terminal: bool
    wire_doc: str  # the wire spelling for a doc comment: a JSON string in a code span


@dataclass(frozen=True)
class Enum:
    schema: str
    cpp: str
    closed: bool
    description: str
    values: tuple
    expected: str  # for messages: one of "source", "refresh", "full"
    diagnostic: str  # closed enums: the function a bad literal makes the compiler name
    value_cpp: str  # open enums: the enum class of known values
    alias_pairs: tuple  # open enums: (alias spelling, enumerator) in spec order
    has_terminal: bool
    dispatch: tuple  # KeyGroups: every spelling (names, then aliases) -> enumerator index


@dataclass(frozen=True)
class Field:
    cpp: str
    wire_literal: str
    required: bool
    description: str
    member_type: str  # std::optional<...> when not required
    applies_to: tuple = ()  # config_kind enumerators
    applies_label: str = ""  # "courier groups and campaigns"
    requires: Optional[str] = None  # member
    requires_wire: Optional[str] = None
    after: Optional[str] = None  # member
    after_wire: Optional[str] = None


@dataclass(frozen=True)
class KeyCase:
    byte: Optional[int]  # None when the key's length alone decides
    keys: tuple  # (field index, wire name)


@dataclass(frozen=True)
class KeyGroup:
    size: int
    pos: Optional[int]  # the byte switched on; None for a single key of this length
    cases: tuple


@dataclass(frozen=True)
class Struct:
    schema: str
    cpp: str
    description: str
    fields: tuple
    key_dispatch: tuple
    config_id_field: Optional[Field]
    rules_cpp: str

    @property
    def has_rules(self):
        return self.config_id_field is not None


@dataclass(frozen=True)
class ConfigKind:
    cpp: str
    prefix: str
    label: str
    diagnostic: str
    id_cpp: str


@dataclass(frozen=True)
class Param:
    cpp: str
    location: str
    required: bool
    description: str
    member_type: str
    wire_literal: str


@dataclass(frozen=True)
class Operation:
    operation_id: str
    cpp: str
    method: str
    path: str
    summary: str
    success_status: int
    idempotent: bool
    paginated: bool
    params: tuple  # every parameter, for the descriptor's table
    struct_params: tuple  # the members of <op>_params: all but the client's headers
    request: Optional[str]
    response: str
    params_cpp: str
    operation_cpp: str
    cpp_signature: str  # leading parameters of the async_ members, before the token
    call_params: str
    call_body: str


@dataclass(frozen=True)
class Headers:
    """Everything the templates print."""

    generator_version: str
    spec_path: str
    spec_sha256: str
    api_version: str
    servers: tuple
    enums: tuple
    structs: tuple
    operations: tuple
    config_kinds: tuple


def emit(m: model.Model) -> Headers:
    kinds = {k.kind: k for k in m.config_kinds}
    return Headers(
        generator_version=__version__,
        spec_path=m.spec_path,
        spec_sha256=m.spec_sha256,
        api_version=m.api_version,
        servers=m.servers,
        enums=tuple(map(_enum, m.enums)),
        structs=tuple(_struct(s, kinds) for s in m.structs),
        operations=tuple(map(_operation, m.operations)),
        config_kinds=tuple(map(_config_kind, m.config_kinds)),
    )


def cpp_type(t: model.Type) -> str:
    if isinstance(t, model.Array):
        return f"std::vector<{cpp_type(t.item)}>"
    if isinstance(t, model.Ref):
        return f"::amperity::{identifier(t.schema)}"
    return _PRIMITIVES[t]


def member_type(t: model.Type, required: bool) -> str:
    return cpp_type(t) if required else f"std::optional<{cpp_type(t)}>"


def cpp_bool(value: bool) -> str:
    return "true" if value else "false"


def key_dispatch(wires) -> tuple:
    """The key -> field index dispatch the direct decoder runs for every member it reads.

    Keys are grouped by byte length (a switch on key.size()); within a length, by one byte
    position chosen here so that it separates as many keys as possible (ideally all: then each
    case is a single constant-length compare, which GCC and Clang turn into word loads). Keys
    that still share that byte are compared one after the other. Everything is in ascending
    order, so that the output is deterministic.
    """
    return indexed_dispatch(enumerate(wires))


def indexed_dispatch(pairs) -> tuple:
    """key_dispatch over (index, spelling) pairs: several spellings may share an index (an
    enumerator and its aliases)."""
    by_size = {}
    for index, wire in pairs:
        by_size.setdefault(len(wire.encode("utf-8")), []).append((index, wire))
    groups = []
    for size in sorted(by_size):
        keys = by_size[size]
        if len(keys) == 1:
            groups.append(KeyGroup(size, None, (KeyCase(None, tuple(keys)),)))
            continue
        encoded = [w.encode("utf-8") for _, w in keys]
        # The position with the most distinct bytes; the first such position on ties.
        pos = max(range(size), key=lambda i: (len({e[i] for e in encoded}), -i))
        cases = {}
        for key, e in zip(keys, encoded):
            cases.setdefault(e[pos], []).append(key)
        groups.append(KeyGroup(size, pos, tuple(KeyCase(b, tuple(cases[b]))
                                                for b in sorted(cases))))
    return tuple(groups)


def _wire_doc(wire: str) -> str:
    """`"wire"` for a doc comment: readable UTF-8 (a C++ literal would show octal escapes), in a
    code span so that doxygen reads no command in it; never ends with a backslash."""
    return "`" + json.dumps(wire, ensure_ascii=False).replace("`", "'") + "` on the wire"


def _enum(e: model.Enum) -> Enum:
    cpp = identifier(e.schema)
    values = tuple(EnumValue(cpp=identifier(v.name), wire_literal=cpp_string(v.wire),
                             terminal=v.terminal, wire_doc=_wire_doc(v.wire)) for v in e.values)
    quoted = ", ".join(json.dumps(v.wire, ensure_ascii=False) for v in e.values)
    return Enum(
        schema=e.schema, cpp=cpp, closed=not e.open, description=e.description, values=values,
        expected=f"one of {quoted}",
        diagnostic="" if e.open else naming.diagnostic_name(cpp, [v.cpp for v in values]),
        value_cpp=naming.value_enum_name(cpp) if e.open else "",
        alias_pairs=tuple((a, ev.cpp) for v, ev in zip(e.values, values) for a in v.aliases),
        has_terminal=any(v.terminal for v in e.values),
        dispatch=indexed_dispatch([(i, v.wire) for i, v in enumerate(e.values)] +
                                  [(i, a) for i, v in enumerate(e.values) for a in v.aliases]))


def _plural(k: model.ConfigKind) -> str:
    return k.plural or naming.plural(k.label)


def _struct(s: model.Struct, kinds: dict) -> Struct:
    def field(f: model.Field) -> Field:
        return Field(
            cpp=identifier(f.wire), wire_literal=cpp_string(f.wire), required=f.required,
            description=f.description, member_type=member_type(f.type, f.required),
            applies_to=tuple(identifier(a) for a in f.applies_to),
            applies_label=" and ".join(_plural(kinds[a]) for a in f.applies_to),
            requires=f.requires and identifier(f.requires), requires_wire=f.requires,
            after=f.after and identifier(f.after), after_wire=f.after)

    fields = tuple(map(field, s.fields))
    cpp = identifier(s.schema)
    config_id = next((f for mf, f in zip(s.fields, fields) if mf.wire == s.config_id), None)
    return Struct(schema=s.schema, cpp=cpp, description=s.description, fields=fields,
                  key_dispatch=key_dispatch([f.wire for f in s.fields]),
                  config_id_field=config_id, rules_cpp=naming.rules_name(cpp))


def _config_kind(k: model.ConfigKind) -> ConfigKind:
    cpp = identifier(k.kind)
    prefix = identifier(k.prefix.rstrip("-")).rstrip("_")
    return ConfigKind(cpp=cpp, prefix=k.prefix, label=k.label,
                      diagnostic=compose(cpp, f"_id_must_start_with_{prefix}_dash"),
                      id_cpp=naming.config_id_name(cpp))


def _param(p: model.Param) -> Param:
    return Param(cpp=identifier(p.wire), location=p.location, required=p.required,
                 description=p.description, member_type=member_type(p.type, p.required),
                 wire_literal=cpp_string(p.wire))


def _operation(op: model.Operation) -> Operation:
    cpp = naming.operation_name(op.operation_id)
    params = tuple(map(_param, op.params))
    struct_params = tuple(p for mp, p in zip(op.params, params) if not mp.set_by_client)
    request = cpp_type(op.request) if op.request is not None else None
    params_cpp = naming.params_name(cpp)
    leading = ([f"{request} request"] if request else []) \
        + ([f"{params_cpp} params"] if struct_params else [])
    return Operation(
        operation_id=op.operation_id, cpp=cpp, method=op.method.upper(), path=op.path,
        summary=op.summary, success_status=op.success_status, idempotent=op.idempotent,
        paginated=op.paginated, params=params, struct_params=struct_params, request=request,
        response=cpp_type(op.response), params_cpp=params_cpp,
        operation_cpp=naming.descriptor_name(cpp),
        cpp_signature="".join(a + ", " for a in leading),
        call_params="std::move(params)" if struct_params else "{}",
        call_body="std::move(request)" if request else "std::monostate{}")
