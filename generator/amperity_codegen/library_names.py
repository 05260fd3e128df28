"""The names the hand-written library and the templates already take, read from their source.

A generated type must not take a name the library declares in namespace amperity (a schema
`Secret` would become `amperity::secret`), nor one the templates emit whatever the spec says
(`servers`, `validate`). Rather than keep a list that goes stale, the generator reads both:

- every hand-written public header, include/amperity/**/*.hpp without generated/ and detail/;
- the templates, with each `{{ ... }}` replaced by a placeholder: a name containing it comes
  from the spec, and is checked as a generated name, not reserved.

The reader is a declaration scanner, not a C++ parser. It strips comments, literals and
preprocessor lines, matches braces, and takes the declared name of every statement in the
scope it is asked about: namespaces, classes, structs, unions, enums (and the enumerators of
unscoped ones), aliases, concepts, functions and variables, templates of all of these.
Specialisations, explicit instantiations, operators, friends, out-of-line definitions
(`a::b`) and macros declare no new name, so they are left out. Of `int a, b;` it takes only
`a`. Where the scanner and clang disagree about the real headers,
generator/tests/test_library_names.py fails: teach the scanner, do not list the name.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from .render import TEMPLATES

# The library's headers, found from this package: generator/amperity_codegen/ -> include/amperity.
DEFAULT_LIBRARY = Path(__file__).resolve().parents[2] / "include" / "amperity"
NAMESPACE = ("amperity",)
# Marks where a template prints something; no C++ identifier of ours contains it.
PLACEHOLDER = "__spec__"

_TOKEN = re.compile(r"""
    (?P<newline>\n)
  | (?P<space>[ \t\r\f\v]+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<raw>(?:u8|u|U|L)?R"(?P<delim>[^()\\\s]{0,16})\(.*?\)(?P=delim)")
  | (?P<literal>(?:u8|u|U|L)?(?:"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'))
  | (?P<number>\.?\d(?:[eEpP][+-]|[\w.'])*)
  | (?P<ident>[A-Za-z_]\w*)
  | (?P<punct>::|->|<=>|>>|&&|\|\||[-+*/%^&|!=<>]=|.)
""", re.VERBOSE | re.DOTALL)

_CLASS_KEYS = {"class", "struct", "union", "enum"}
# Words before a parenthesis that are not the name being declared.
_NOT_NAMES = {"decltype", "noexcept", "alignas", "alignof", "sizeof", "requires", "explicit",
              "__attribute__", "__declspec"}
_OPEN = {"(": ")", "[": "]", "{": "}"}
_MACRO = re.compile(r"^[A-Z][A-Z0-9_]*$")
_WORD = re.compile(r"^[A-Za-z_]\w*$")


@dataclass(frozen=True)
class LibraryNames:
    """What a generated name must not be: name -> where it is taken (for the error message)."""

    namespace: dict  # names in namespace amperity
    open_enum_members: frozenset  # members of amperity::open_enum (open enum constants)


def tokens(text: str) -> list:
    """C++ tokens without comments, literals (kept as one `""` token) or preprocessor lines."""
    text = text.replace("\\\n", "")  # line splicing comes first in C++
    out, line_start, skipping = [], True, False
    for m in _TOKEN.finditer(text):
        kind, tok = m.lastgroup, m.group()
        if kind == "newline":
            line_start, skipping = True, False
            continue
        if kind in ("space", "comment") or skipping:
            continue
        if line_start and tok == "#":
            skipping = True  # a directive runs to the end of its (spliced) line
            continue
        line_start = False
        out.append('""' if kind in ("raw", "literal") else tok)
    return out


def declarations(toks: list) -> list:
    """(scope, name) for every declaration the scanner recognises; scope is a tuple of the
    enclosing namespace and class names, () for the global namespace."""
    out = []
    _Scope(toks, out).parse(0, ())
    return out


def names_in(toks: list, scope: tuple) -> set:
    return {name for where, name in declarations(toks) if where == scope}


def jinja_as_cpp(template: str) -> str:
    """A template's text as C++: tag-only lines removed as trim_blocks and lstrip_blocks do,
    other tags dropped, and every expression turned into PLACEHOLDER."""
    text = re.sub(r"\{#.*?#\}", "", template, flags=re.DOTALL)
    text = re.sub(r"^[ \t]*\{%.*?%\}[ \t]*\n", "", text, flags=re.MULTILINE)
    text = re.sub(r"\{%.*?%\}", "", text, flags=re.DOTALL)
    return re.sub(r"\{\{.*?\}\}", PLACEHOLDER, text, flags=re.DOTALL)


def library_headers(library: Path) -> list:
    """The hand-written public headers: include/amperity/**/*.hpp but generated/ and detail/
    (detail names live in amperity::detail; generated names are what is being checked)."""
    return sorted(p for p in library.rglob("*.hpp")
                  if p.relative_to(library).parts[0] not in ("generated", "detail"))


def header_names(library: Path = DEFAULT_LIBRARY) -> dict:
    """{name in namespace amperity: header declaring it (the first, in path order)}."""
    names = {}
    for h in library_headers(library):
        where = f"{library.name}/{h.relative_to(library).as_posix()}"
        for name in sorted(names_in(tokens(h.read_text(encoding="utf-8")), NAMESPACE)):
            names.setdefault(name, where)
    return names


def template_names(templates: Path = TEMPLATES) -> dict:
    """{name a template puts in namespace amperity whatever the spec: template}."""
    names = {}
    for t in sorted(templates.glob("*.j2")):
        toks = tokens(jinja_as_cpp(t.read_text(encoding="utf-8")))
        for name in sorted(names_in(toks, NAMESPACE)):
            if PLACEHOLDER not in name:
                names.setdefault(name, f"templates/{t.name}")
    return names


def read(library: Path = DEFAULT_LIBRARY, templates: Path = TEMPLATES) -> LibraryNames:
    """Scans the library's headers and the templates. Raises FileNotFoundError when
    `library` holds no headers (the generator was moved away from its repository)."""
    headers = library_headers(library)
    if not headers:
        raise FileNotFoundError(f"no amperity headers in {library}")
    members = set()
    for h in headers:
        members |= names_in(tokens(h.read_text(encoding="utf-8")), NAMESPACE + ("open_enum",))
    return LibraryNames(namespace={**template_names(templates), **header_names(library)},
                        open_enum_members=frozenset(members))


class _Scope:
    """Statement by statement through a token list; see the module comment."""

    def __init__(self, toks, out):
        self.t = toks + [None] * 4  # sentinels, so that lookahead never runs off the end
        self.out = out

    def declare(self, scope, name):
        if scope is not None and name is not None and _WORD.match(name):
            self.out.append((scope, name))

    # ---- skipping -------------------------------------------------------------------------
    def skip_group(self, i):
        """From an opening (, [ or { to just after its partner."""
        stack = [_OPEN[self.t[i]]]
        i += 1
        while stack and self.t[i] is not None:
            if self.t[i] in _OPEN:
                stack.append(_OPEN[self.t[i]])
            elif self.t[i] == stack[-1]:
                stack.pop()
            i += 1
        return i

    def skip_angles(self, i):
        """From `<` to just after its `>`; parentheses inside may hold any comparison."""
        depth = 0
        while self.t[i] is not None:
            if self.t[i] in _OPEN:
                i = self.skip_group(i)
                continue
            depth += {"<": 1, ">": -1, ">>": -2}.get(self.t[i], 0)
            i += 1
            if depth <= 0:
                break
        return i

    def skip_qualified(self, i):
        """`a::b<c>::d`, as in a constraint or a type."""
        while True:
            if _WORD.match(self.t[i] or ""):
                i += 1
            if self.t[i] == "<":
                i = self.skip_angles(i)
            if self.t[i] != "::":
                return i
            i += 1

    def skip_constraint(self, i):
        """A requires-clause: primaries joined by && and ||."""
        while True:
            if self.t[i] == "(":
                i = self.skip_group(i)
            else:
                i = self.skip_qualified(i)
            if self.t[i] not in ("&&", "||"):
                return i
            i += 1

    def rest_of_statement(self, i):
        """To just after the `;` that ends this statement; braces are skipped whole."""
        while self.t[i] not in (";", "}", None):
            i = self.skip_group(i) if self.t[i] in _OPEN else i + 1
        return i + 1 if self.t[i] == ";" else i

    # ---- scopes and statements ------------------------------------------------------------
    def parse(self, i, scope):
        """Declarations up to the `}` that closes `scope` (or the end); returns the index
        after that brace."""
        while self.t[i] is not None:
            if self.t[i] == "}":
                return i + 1
            i = self.statement(i, scope)
        return i

    def statement(self, i, scope):
        t = self.t
        while True:  # what may precede a declaration without naming it
            if t[i] in ("public", "private", "protected") and t[i + 1] == ":":
                i += 2
            elif t[i] == "template" and t[i + 1] == "<":
                i = self.skip_angles(i + 1)
            elif t[i] == "requires":
                i = self.skip_constraint(i + 1)
            elif t[i] == "[" and t[i + 1] == "[":
                i = self.skip_group(i)
            elif t[i] in ("export", "inline") and t[i + 1] != "namespace" \
                    or t[i] == "extern" and t[i + 1] != "template":
                i += 1
            elif t[i] is not None and _MACRO.match(t[i]) and t[i + 1] == "(":
                i = self.skip_group(i + 1)  # a macro invocation, e.g. an X-macro list
            else:
                break
        head = t[i]
        if head in (";", None):
            return i + 1
        if head == "}":
            return i
        if head == "friend":
            return self.function_or_variable(i + 1, None)  # found by ADL only: no name here
        if head in ("static_assert", "template", "extern") \
                or head == "using" and t[i + 1] in ("namespace", "enum"):
            return self.rest_of_statement(i)  # declares nothing (template: instantiation)
        if head in ("namespace", "inline"):
            return self.namespace(i, scope)
        if head in _CLASS_KEYS:
            return self.class_like(i, scope)
        if head == "using":
            return self.using(i, scope)
        if head == "concept":
            self.declare(scope, t[i + 1])
            return self.rest_of_statement(i + 2)
        if head == "typedef":
            end = self.rest_of_statement(i)
            words = [w for w in t[i + 1:end - 1] if _WORD.match(w)]
            self.declare(scope, words[-1] if words else None)
            return end
        return self.function_or_variable(i, scope)

    def namespace(self, i, scope):
        inline = self.t[i] == "inline"
        i += 2 if inline else 1
        path = []
        while _WORD.match(self.t[i] or "") or self.t[i] == "::":
            if self.t[i] not in ("::", "inline"):
                path.append(self.t[i])
            i += 1
        if self.t[i] != "{":
            return self.rest_of_statement(i)  # a namespace alias
        for k, name in enumerate(path):  # `namespace a::b` declares b in a
            self.declare(scope + tuple(path[:k]), name)
        # Inline and unnamed namespaces put their names in the enclosing one.
        inner = scope if inline or not path else scope + tuple(path)
        return self.parse(i + 1, inner)

    def class_like(self, start, scope):
        t = self.t
        unscoped_enum = t[start] == "enum" and t[start + 1] not in ("class", "struct")
        i = start + (1 if t[start] != "enum" or unscoped_enum else 2)
        while t[i] == "[" or t[i] == "alignas":
            i = self.skip_group(i + 1 if t[i] == "alignas" else i)
        name = t[i] if _WORD.match(t[i] or "") else None
        j = i + 1 if name else i
        if t[j] in ("::", "<"):
            name = None  # a nested-name definition or a specialisation: no new name
        while t[j] not in ("{", ";", "}", None):
            if t[j] in ("(", "="):
                # `struct tm* f()`, `struct tm t = ...`: a type used, not one declared.
                return self.function_or_variable(i, scope)
            j = self.skip_angles(j) if t[j] == "<" else j + 1
        if t[j] != "{":
            self.declare(scope, name)  # forward declaration
            return self.rest_of_statement(j)
        self.declare(scope, name)
        if unscoped_enum:
            end = self.enumerators(j, scope)
        else:
            end = self.parse(j + 1, scope + (name or "",))
        return self.rest_of_statement(end)  # declarators after the body, if any

    def enumerators(self, i, scope):
        """An unscoped enum's enumerators belong to the enclosing scope."""
        expect_name = True
        i += 1
        while self.t[i] not in ("}", None):
            if expect_name:
                self.declare(scope, self.t[i])
            expect_name = self.t[i] == ","
            i = self.skip_group(i) if self.t[i] in _OPEN else i + 1
        return i + 1

    def using(self, i, scope):
        """`using name = type;`, or the using-declaration `using a::b;`, which declares b."""
        j, last = i + 1, None
        while self.t[j] not in (";", "=", "{", "}", None):
            if _WORD.match(self.t[j]):
                last = self.t[j]
            j = self.skip_angles(j) if self.t[j] == "<" else j + 1
        self.declare(scope, last)
        return self.rest_of_statement(j)

    def function_or_variable(self, i, scope):
        """The declared name is the word just before the first `(`, `=`, `[`, `{`, `,`, `:`
        or `;` outside template arguments, unless it is qualified (`a::b`: defined, not
        declared, here) or a destructor; an operator declares no name."""
        t = self.t
        start = j = i
        while t[j] not in (";", "{", "}", None):
            if t[j] == "operator":
                j += 1
                if t[j] == "(":
                    j = self.skip_group(j)  # operator()
                while t[j] not in ("(", ";", "{", "}", None):
                    j += 1
                return self.past_declarator(j)
            if t[j] == "<" and j > start and _WORD.match(t[j - 1]):
                j = self.skip_angles(j)
            elif t[j] == "(" and t[j - 1] in _NOT_NAMES or t[j] == "[" and t[j + 1] == "[":
                j = self.skip_group(j)
            elif t[j] in ("(", "=", "[", ",", ":"):
                break
            else:
                j += 1
        qualified = j - 2 >= start and t[j - 2] in ("::", "~")
        if j > start and _WORD.match(t[j - 1]) and not qualified:
            self.declare(scope, t[j - 1])
        return self.past_declarator(j)

    def past_declarator(self, i):
        """From the end of a declared name to just after its declaration: parameters,
        qualifiers, a trailing requires-clause, member initializers (`: a_(x), b_{y}`), then
        a body or an initializer and the `;`."""
        t = self.t
        initializer = False
        while t[i] not in (";", "}", None):
            if t[i] == "=":
                initializer = True
            if t[i] != "{":
                i = self.skip_group(i) if t[i] in ("(", "[") else i + 1
                continue
            i = self.skip_group(i)
            # After braces: an initializer goes on to its `;`; a member initializer or a
            # requires-expression is followed by more (`,` or the body); a body ends here.
            if not initializer and t[i] not in (",", "{", ";"):
                return i
        return i + 1 if t[i] == ";" else i
