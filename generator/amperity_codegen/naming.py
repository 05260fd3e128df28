"""C++ naming and escaping: the rules emit.py spells names with and validate.py checks
against. Templates never build names themselves."""

import re
import textwrap

# C++20 keywords and alternative tokens, plus names that would shadow what the generated code
# uses unqualified. A clash gets a trailing underscore (`delete` -> `delete_`).
RESERVED = frozenset("""
alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq
nullptr operator or or_eq private protected public register reinterpret_cast requires return
short signed sizeof static static_assert static_cast struct switch template this thread_local
throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while
xor xor_eq final override import module
std detail amperity boost
""".split())

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def snake_case(name: str) -> str:
    """WorkflowTaskInstance -> workflow_task_instance; workflow-id -> workflow_id."""
    s = re.sub(r"[^A-Za-z0-9]+", "_", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    s = s.strip("_").lower()
    return s


def identifier(name: str) -> str:
    """A valid, non-reserved C++ identifier for a wire name or spec name.

    Raises ValueError when the name has characters that would be silently dropped (anything
    but ASCII letters, digits and separators) or nothing usable at all; validation turns that
    into a located error (an explicit C++ name can be given in the spec instead)."""
    if any(ord(c) > 0x7F for c in name):
        raise ValueError(f"{name!r} has non-ASCII characters, which cannot appear in a C++ name")
    s = snake_case(name)
    if not s:
        raise ValueError(f"cannot make a C++ identifier from {name!r}")
    if s[0].isdigit():
        s = "v_" + s
    if s in RESERVED:
        s += "_"
    assert _IDENT.match(s), s
    return s


def cpp_string(text: str) -> str:
    """A C++ string literal; anything outside printable ASCII becomes a 3-digit octal escape
    (octal escapes stop after three digits, so they never swallow the next character)."""
    out = ['"']
    for ch in text:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif 0x20 <= o < 0x7F:
            out.append(ch)
        else:
            out.extend(f"\\{b:03o}" for b in ch.encode("utf-8"))
    out.append('"')
    return "".join(out)


def compose(base: str, suffix: str) -> str:
    """base identifier + suffix without a reserved double underscore: delete_ + _params ->
    delete_params."""
    return base.rstrip("_") + suffix


# The names generated for one spec entity besides its own. validate.py claims every one of them
# in namespace amperity; emit.py spells them.

def operation_name(operation_id: str) -> str:
    """get-workflow -> get_workflow; never a trailing `_`, since it is only used composed
    (async_delete, delete_params)."""
    return identifier(operation_id).rstrip("_")


def value_enum_name(open_enum: str) -> str:
    """The enum class of an open enum's known values."""
    return compose(open_enum, "_value")


def rules_name(struct: str) -> str:
    """The struct of x-amperity-applies-to predicates of a struct with a config id."""
    return compose(struct, "_rules")


def config_id_name(kind: str) -> str:
    """The config_id<config_kind::K> alias of a config kind."""
    return compose(kind, "_id")


def params_name(operation: str) -> str:
    return compose(operation, "_params")


def descriptor_name(operation: str) -> str:
    return compose(operation, "_operation")


def plural(label: str) -> str:
    """English plural of a config-kind label (courier group -> courier groups)."""
    if re.search(r"(s|x|z|ch|sh)$", label):
        return label + "es"
    if re.search(r"[^aeiou]y$", label):
        return label[:-1] + "ies"
    return label + "s"


def comment(text: str, indent: str = "") -> str:
    """Doc comment lines (`/// ...`) for a description; never contains a newline escape."""
    if not text:
        return ""
    width = max(40, 100 - len(indent) - 4)
    lines = textwrap.wrap(" ".join(str(text).split()), width=width, break_long_words=False,
                          break_on_hyphens=False)
    out = []
    for ln in lines:
        # A trailing backslash would splice the next source line into the comment.
        if ln.endswith("\\"):
            ln += " (end)"
        out.append(f"{indent}/// {ln}".rstrip())
    return "\n".join(out)


def diagnostic_name(type_name: str, values) -> str:
    """run_mode + [source, refresh, full] (C++ enumerator names) ->
    run_mode_must_be_source_refresh_or_full."""
    vals = [v.rstrip("_") for v in values]
    if len(vals) == 1:
        tail = vals[0]
    else:
        tail = "_".join(vals[:-1]) + "_or_" + vals[-1]
    return f"{type_name}_must_be_{tail}"
