"""Tests of library_names: the names a generated type may not take, read from the library.

Run from the repository root:
    PYTHONPATH=generator python3 -m unittest discover -s generator/tests -v

The scanner is checked three ways:
- on small declarations of every kind it must recognise, and every kind it must not;
- against clang (ClangCrossCheck): clang parses every public header and dumps the lookup table
  of namespace amperity, which must hold exactly the scanner's names, the templates' fixed
  names and the names the generator claims for the spec. A public name the scanner misses (a
  new `struct token_provider` it cannot read) fails it; a canary proves that it would. Needs
  clang++ (-ast-dump-lookups); AMPERITY_CLANG names another, AMPERITY_TEST_INCLUDE_DIRS
  (os.pathsep-separated) adds include directories (Boost).
- against the golden headers: the names the generator claims for a case's spec are exactly
  the names the scanner finds in its expected headers, less the templates' fixed names.
"""

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
LIBRARY = REPO / "include" / "amperity"
if str(GENERATOR) not in sys.path:
    sys.path.insert(0, str(GENERATOR))

from amperity_codegen import library_names as ln  # noqa: E402
from amperity_codegen.emit import emit  # noqa: E402
from amperity_codegen.load import load  # noqa: E402
from amperity_codegen.model import build  # noqa: E402
from amperity_codegen.validate import SpecErrors, validate  # noqa: E402


def scan(text, scope=ln.NAMESPACE):
    return ln.names_in(ln.tokens(text), scope)


def claims(spec_path: Path, library=None) -> set:
    """The names the generator puts in namespace amperity for a spec."""
    return set(validate(load(spec_path, spec_path.name), library or ln.read()))


class Scanner(unittest.TestCase):
    def test_every_kind_of_declaration(self):
        text = r'''
            #include <string>
            namespace amperity {
            class a_class;
            struct a_struct final : base<int, (1 > 0)> { int member; void f() {} };
            union a_union { int i; };
            enum class a_scoped_enum : unsigned char { not_a_namespace_name };
            enum an_unscoped_enum { enumerator_one, enumerator_two = 2 };
            using an_alias = std::vector<std::pair<int, int>>;
            using other::a_using_declaration;
            typedef int a_typedef;
            template <class T>
            concept a_concept = requires { typename T::x; } && sizeof(T) > 1;
            template <class T, class = void> requires(sizeof(T) > 1) && a_concept<T>
            class a_constrained_template {};
            [[nodiscard]] inline constexpr std::array<int, 2> a_variable{ {1, 2} };
            inline int an_initialized_variable = [] { return 1; }();
            extern int an_extern_variable;
            std::optional<std::map<int, int>> a_function(int x = f(1, 2), char c = '{');
            template <class T> auto a_function_template(T t) -> decltype(t + 1) { return t; }
            constexpr bool a_constrained_function() noexcept requires requires { 1; } { return 1; }
            a_class(int) -> a_class;  // deduction guide: names a_class again
            namespace nested { struct not_in_amperity {}; }
            namespace detail { struct detail_name {}; }
            inline namespace v1 { struct in_an_inline_namespace {}; }
            } // namespace amperity
            namespace amperity::detail { struct also_detail {}; }
            namespace amperity::defaults { inline constexpr int in_defaults = 1; }
            struct at_global_scope {};
        '''
        self.assertEqual(scan(text), {
            "a_class", "a_struct", "a_union", "a_scoped_enum", "an_unscoped_enum",
            "enumerator_one", "enumerator_two", "an_alias", "a_using_declaration", "a_typedef",
            "a_concept", "a_constrained_template", "a_variable", "an_initialized_variable",
            "an_extern_variable", "a_function", "a_function_template", "a_constrained_function",
            "nested", "detail", "v1", "in_an_inline_namespace", "defaults"})
        self.assertEqual(scan(text, ("amperity", "detail")), {"detail_name", "also_detail"})
        self.assertEqual(scan(text, ("amperity", "a_struct")), {"member", "f"})

    def test_what_declares_no_name(self):
        text = r'''
            namespace amperity {
            template <> struct enum_traits<int> { static constexpr int closed = 1; };
            template struct explicitly_instantiated<int>;
            extern template struct extern_template<int>;
            bool operator==(secret const&, secret const&);
            inline std::ostream& operator<<(std::ostream& os, errc e) { return os; }
            void client::out_of_line() {}
            static_assert(sizeof(int) == 4, "amperity: }");
            using namespace std::chrono;
            AMPERITY_X_MACRO(declared_by_a_macro)
            #define AMPERITY_DECLARE(n) struct n {};
            // struct in_a_comment {};
            /* struct in_a_block_comment {}; */
            inline char const* s = "struct in_a_string {}";
            inline char const* r = R"x(struct in_a_raw_string { )x";
            } // namespace amperity
        '''
        self.assertEqual(scan(text), {"s", "r"})

    def test_class_members(self):
        text = '''
            namespace amperity {
            template <class Value> requires std::is_enum_v<Value>
            class open_enum {
            public:
                using value_type = Value;
                open_enum() = default;
                open_enum(Value v) : wire_(names[v]), known_{v} {}
                ~open_enum() { wire_.clear(); }
                static open_enum from_wire(std::string_view w);
                bool is_terminal() const noexcept requires requires { x; } { return false; }
                friend bool operator==(open_enum const& a, Value b) noexcept { return true; }
                friend void found_by_adl_only(open_enum) {}
                explicit operator bool() const { return true; }
            private:
                std::string wire_;
                std::optional<Value> known_;
            };
            }
        '''
        self.assertEqual(scan(text, ("amperity", "open_enum")),
                         {"value_type", "open_enum", "from_wire", "is_terminal", "wire_",
                          "known_"})

    def test_preprocessor_lines_and_splices(self):
        text = ("namespace amperity {\n#define LONG_MACRO(x) \\\n  struct x {}; \\\n"
                "  int y;\n#if 0\n#endif\nint after_the_macro;\n"
                "// a comment that goes on \\\nstruct spliced_into_the_comment {};\n}\n")
        self.assertEqual(scan(text), {"after_the_macro"})

    def test_templates_as_cpp(self):
        template = '''namespace amperity {
{% for s in m.structs %}
struct {{ s.cpp }} {
    {{ s.member }} x{};
};
{% endfor %}
inline constexpr std::array<int, {{ m.n }}> servers{ {% if 1 %}{ 1 }{% endif %} };
using all_{{ m.x }} = int;
{# struct in_a_jinja_comment {}; #}
}
'''
        self.assertEqual(scan(ln.jinja_as_cpp(template)),
                         {ln.PLACEHOLDER, "servers", "all_" + ln.PLACEHOLDER})

    def test_the_library_itself(self):
        names = ln.read()
        # A few of each kind, from the headers and from the templates.
        for name, where in [("secret", "amperity/secret.hpp"), ("pager", None),
                            ("closed_enum", "amperity/enum.hpp"),
                            ("timestamp", "amperity/time.hpp"), ("client", None),
                            ("servers", "templates/operations.hpp.j2"),
                            ("validate", "templates/rules.hpp.j2"),
                            ("basic_operations", "templates/client_ops.hpp.j2")]:
            self.assertIn(name, names.namespace)
            if where:
                self.assertEqual(names.namespace[name], where)
        self.assertFalse([n for n in names.namespace if ln.PLACEHOLDER in n])
        self.assertLessEqual({"known", "is_known", "wire", "from_wire", "assign_wire",
                              "is_terminal", "value_type", "open_enum"},
                             names.open_enum_members)

    def test_no_headers_is_an_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(FileNotFoundError):
                ln.read(Path(tmp))


class NewPublicNames(unittest.TestCase):
    """A name added to a public header is refused as a generated name, with no list to edit."""

    def test_a_new_header_name_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            library = Path(tmp) / "amperity"
            shutil.copytree(LIBRARY, library)
            (library / "auth.hpp").write_text(
                "namespace amperity {\nstruct token_provider { int x; };\n}\n")
            (library / "impl").mkdir(exist_ok=True)
            (library / "impl" / "follow.hpp").write_text(
                "namespace amperity {\ninline constexpr int follow_defaults = 1;\n}\n")
            names = ln.read(library)
        self.assertEqual(names.namespace["token_provider"], "amperity/auth.hpp")
        self.assertEqual(names.namespace["follow_defaults"], "amperity/impl/follow.hpp")
        spec = REPO / "spec" / "amperity.openapi.yaml"
        with tempfile.TemporaryDirectory() as tmp:
            text = spec.read_text(encoding="utf-8").replace(
                "\n  schemas:\n",
                "\n  schemas:\n    TokenProvider:\n      type: object\n      properties:\n"
                "        a: {type: string}\n", 1)
            Path(tmp, "spec.yaml").write_text(text, encoding="utf-8")
            with self.assertRaises(SpecErrors) as e:
                claims(Path(tmp, "spec.yaml"), names)
        self.assertEqual([str(x) for x in e.exception.errors], [
            "#/components/schemas/TokenProvider: the generated name 'token_provider' clashes "
            "with a name of the amperity library: amperity::token_provider in "
            "amperity/auth.hpp"])


def find_clang():
    """AMPERITY_CLANG, else clang++, else the versioned clangs scripts/bootstrap installs
    (Debian's clang-14 package has no unversioned clang++)."""
    names = [os.environ["AMPERITY_CLANG"]] if os.environ.get("AMPERITY_CLANG") else \
        ["clang++", "clang++-14", "clang++-19"]
    for name in names:
        if found := shutil.which(name):
            return found
    return None


def clang_names(clang, tu: str, include_dirs, scope="amperity") -> set:
    """The names in the lookup table of `scope` (a namespace, or a class instantiated in the
    translation unit) after clang has parsed `tu`."""
    with tempfile.TemporaryDirectory(prefix="amperity-names-") as tmp:
        (Path(tmp) / "tu.cpp").write_text(tu, encoding="utf-8")
        cmd = [clang, "-std=c++20", "-fsyntax-only", "-Xclang", "-ast-dump-lookups",
               "-Xclang", f"-ast-dump-filter={scope}"]
        for d in include_dirs:
            cmd += ["-I", str(d)]
        r = subprocess.run(cmd + ["tu.cpp"], cwd=tmp, capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError(f"clang failed on the probe:\n{tu}\n{r.stderr[-4000:]}")
    # "Dumping <scope>:" then "StoredDeclsMap <kind> 0x... '<name>'" then one
    # "DeclarationName '<name>'" line per name, up to a blank line. Reopened namespaces say
    # "Lookup map is in primary DeclContext" instead.
    names = set()
    for block in r.stdout.split("\n\n"):
        if re.search(rf"^Dumping {re.escape(scope)}:\nStoredDeclsMap ", block, re.MULTILINE):
            names |= set(re.findall(r"DeclarationName '([A-Za-z_]\w*)'", block))
    if not names:
        raise AssertionError(f"no lookup table for {scope} in clang's output:\n"
                             f"{r.stdout[:2000]}")
    return names


def include_dirs(extra):
    env = os.environ.get("AMPERITY_TEST_INCLUDE_DIRS", "")
    return [*extra, REPO / "include", *[d for d in env.split(os.pathsep) if d]]


def version_header(directory: Path):
    """<amperity/version.hpp> as CMake configures it (any version will do)."""
    (directory / "amperity").mkdir()
    text = (REPO / "cmake" / "version.hpp.in").read_text(encoding="utf-8")
    (directory / "amperity" / "version.hpp").write_text(re.sub(r"@[A-Z_]+@", "0", text))


class ClangCrossCheck(unittest.TestCase):
    """The scanner against a C++ compiler, on the real headers."""

    @classmethod
    def setUpClass(cls):
        cls.clang = find_clang()
        if cls.clang is None:
            raise unittest.SkipTest("clang++ not found: the cross-check reads clang's "
                                    "-ast-dump-lookups (set AMPERITY_CLANG)")

    def test_namespace_amperity(self):
        top = sorted(p.name for p in LIBRARY.glob("*.hpp") if p.name != "src.hpp")
        tu = [f"#include <amperity/{h}>" for h in top]
        # src.hpp refuses to compile without AMPERITY_SEPARATE_COMPILATION, and with it
        # instantiates every call; emptying its X-macro lists leaves just its declarations.
        tu += ["#define AMPERITY_SEPARATE_COMPILATION",
               "#undef AMPERITY_DETAIL_FOR_EACH_OPERATION",
               "#define AMPERITY_DETAIL_FOR_EACH_OPERATION(X)",
               "#undef AMPERITY_DETAIL_FOR_EACH_PAGINATED_OPERATION",
               "#define AMPERITY_DETAIL_FOR_EACH_PAGINATED_OPERATION(X)",
               "#include <amperity/src.hpp>"]
        with tempfile.TemporaryDirectory(prefix="amperity-names-") as tmp:
            version_header(Path(tmp))
            seen = clang_names(self.clang, "\n".join(tu) + "\n", include_dirs([tmp]))
        library = ln.read()
        generated = claims(REPO / "spec" / "amperity.openapi.yaml", library)
        explained = set(library.namespace) | generated
        self.assertEqual(sorted(seen - explained), [],
                         "public names in namespace amperity that library_names.py does not "
                         "find (teach its scanner the declaration):")
        self.assertEqual(sorted(explained - seen), [],
                         "names library_names.py or the generator's claims report that clang "
                         "does not see:")

    def test_open_enum_members(self):
        spec = REPO / "spec" / "amperity.openapi.yaml"
        open_enums = [e for e in emit(build(load(spec, spec.name))).enums if not e.closed]
        self.assertTrue(open_enums, "the spec has no open enum to instantiate open_enum with")
        tu = ("#include <amperity/generated/enums.hpp>\n"
              f"template class amperity::open_enum<amperity::{open_enums[0].value_cpp}>;\n")
        seen = clang_names(self.clang, tu, include_dirs([]), scope="amperity::open_enum")
        self.assertEqual(seen, set(ln.read().open_enum_members))

    def test_canary_a_name_the_scanner_cannot_see_fails(self):
        """A name declared through a macro is invisible to the scanner, not to clang: the
        comparison above would report it."""
        header = ("#define AMPERITY_DECLARE(name) struct name {};\n"
                  "namespace amperity {\nstruct seen_by_both {};\n"
                  "AMPERITY_DECLARE(token_provider)\n}\n")
        with tempfile.TemporaryDirectory(prefix="amperity-names-") as tmp:
            (Path(tmp) / "canary.hpp").write_text(header)
            seen = clang_names(self.clang, '#include "canary.hpp"\n', [tmp])
        self.assertEqual(seen - scan(header), {"token_provider"})


class GoldenClaims(unittest.TestCase):
    """validate.py claims every name emit.py generates into namespace amperity, and no other."""

    def test_claims_match_the_golden_headers(self):
        fixed = set(ln.template_names())
        for case in sorted(p for p in (HERE / "cases").iterdir() if p.is_dir()):
            with self.subTest(case=case.name):
                found = set()
                for h in (case / "expected").glob("*.hpp"):
                    found |= scan(h.read_text(encoding="utf-8"))
                self.assertEqual(found - fixed, claims(case / "spec.yaml"))


if __name__ == "__main__":
    unittest.main()
