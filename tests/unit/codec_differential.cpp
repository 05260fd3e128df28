// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// Differential test of the two decoders: amperity::decode<T> (the direct basic_parser decoder)
// against oracle::dom_decode<T> (parse into a DOM, then walk the field tables). Over the
// benchmark documents, every JSONTestSuite file (read from ../shared, skipped when absent), and
// thousands of random documents generated from the spec's field tables (with wrong types,
// missing and null members, unknown members, escapes, odd number spellings, shuffled keys) and
// byte-level mutants of them, both must produce the same value, or the same error: code, JSON
// path and detail.
//
// The only differences allowed are the three documented ones (direct_codec.hpp), each
// confirmed independently here before it is accepted:
//   duplicate  a key twice in one object: the DOM keeps only the last value, the direct decoder
//              reads both, so it refuses a known member given twice, and reports a problem in
//              an earlier value that the DOM never saw (confirmed by a separate duplicate-key
//              scan; only a refusal by the direct decoder is allowed, never a different value);
//   B3         an integer member written as a decimal whose exact value is not an integer, but
//              whose double is (confirmed: the DOM's value is integral, the text is not);
//   B6         (Boost < 1.83 only) a double in free-form JSON one ulp from the DOM's, the direct
//              one being std::from_chars' correctly rounded value.
// Each is counted, and the counts are reported.
//
// A third decoder joins in: a reused amperity::decoder<T> writing into an object that still
// holds the previous document's value. It must agree with the fresh decode every time, which
// is what proves that storage reuse never leaks a member from one document into the next.

#include <amperity/codec.hpp>
#include <amperity/model.hpp>
#include <oracle/dom_codec.hpp> // tests/oracle: the DOM reference decoder

#include <documents.hpp> // bench/documents.hpp: the benchmark corpus

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>
#include <boost/version.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace amperity_unit {
namespace {

namespace json = boost::json;
using amperity::errc;

// ---- independent confirmations of the allowed differences -----------------------------------

/// True if some object in `text` (valid JSON) has the same key twice. A separate, minimal
/// basic_parser handler: one set of keys per open object.
struct duplicate_scan {
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);
    std::vector<std::set<std::string>> keys;
    std::string part;
    bool found = false;
    using ec_t = boost::system::error_code;
    bool on_document_begin(ec_t&) { return true; }
    bool on_document_end(ec_t&) { return true; }
    bool on_object_begin(ec_t&) { return keys.emplace_back(), true; }
    bool on_object_end(std::size_t, ec_t&) { return keys.pop_back(), true; }
    bool on_array_begin(ec_t&) { return true; }
    bool on_array_end(std::size_t, ec_t&) { return true; }
    bool on_key_part(std::string_view s, std::size_t, ec_t&) { return part.append(s), true; }
    bool on_key(std::string_view s, std::size_t, ec_t&) {
        part.append(s);
        found = found || !keys.back().insert(part).second;
        part.clear();
        return true;
    }
    bool on_string_part(std::string_view, std::size_t, ec_t&) { return true; }
    bool on_string(std::string_view, std::size_t, ec_t&) { return true; }
    bool on_number_part(std::string_view, ec_t&) { return true; }
    bool on_int64(std::int64_t, std::string_view, ec_t&) { return true; }
    bool on_uint64(std::uint64_t, std::string_view, ec_t&) { return true; }
    bool on_double(double, std::string_view, ec_t&) { return true; }
    bool on_bool(bool, ec_t&) { return true; }
    bool on_null(ec_t&) { return true; }
    bool on_comment_part(std::string_view, ec_t&) { return true; }
    bool on_comment(std::string_view, ec_t&) { return true; }
};

bool has_duplicate_key(std::string_view text) {
    json::parse_options opts;
    opts.max_depth = 1000;
    json::basic_parser<duplicate_scan> p(opts);
    boost::system::error_code ec;
    p.write_some(false, text.data(), text.size(), ec);
    return !ec && p.handler().found;
}

/// The JSON value at a path like `$.task_instances[3].timeout_ms` in `doc`, or null.
json::value const* at_path(json::value const& doc, std::string_view path) {
    json::value const* v = &doc;
    std::size_t i = 1; // after '$'
    while (v && i < path.size()) {
        if (path[i] == '.') {
            std::size_t j = i + 1;
            while (j < path.size() && path[j] != '.' && path[j] != '[') ++j;
            auto const* obj = v->if_object();
            v = obj ? obj->if_contains(path.substr(i + 1, j - i - 1)) : nullptr;
            i = j;
        } else if (path[i] == '[') {
            std::size_t const j = path.find(']', i);
            std::size_t index = 0;
            std::from_chars(path.data() + i + 1, path.data() + j, index);
            auto const* arr = v->if_array();
            v = arr && index < arr->size() ? &(*arr)[index] : nullptr;
            i = j + 1;
        } else {
            return nullptr;
        }
    }
    return v;
}

/// B3: the direct decoder refused a decimal as not an exact integer, while the DOM took the
/// double it rounds to. Confirmed from the DOM's value at the error's path: an integral double.
bool confirms_b3(std::string_view text, amperity::decode_error const& direct) {
    if (direct.value() != errc::number_out_of_range) return false;
    auto const doc = json::parse(text);
    auto const* v = at_path(doc, direct.path());
    return v && v->is_double() && std::trunc(v->get_double()) == v->get_double();
}

/// B6: equal except for doubles at most one ulp apart (Boost < 1.83's imprecise conversion).
bool equal_up_to_ulp(json::value const& a, json::value const& b, std::size_t& ulps) {
    if (a.is_double() && b.is_double()) {
        double const x = a.get_double(), y = b.get_double();
        if (x == y) return true;
        ++ulps;
        return std::nextafter(x, y) == y;
    }
    if (a.kind() != b.kind()) return false;
    if (a.is_array()) {
        auto const &x = a.get_array(), &y = b.get_array();
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!equal_up_to_ulp(x[i], y[i], ulps)) return false;
        return true;
    }
    if (a.is_object()) {
        auto const &x = a.get_object(), &y = b.get_object();
        if (x.size() != y.size()) return false;
        for (auto const& kv : x) {
            auto const* other = y.if_contains(kv.key());
            if (!other || !equal_up_to_ulp(kv.value(), *other, ulps)) return false;
        }
        return true;
    }
    return a == b;
}

// ---- comparing the decoders --------------------------------------------------------------------

struct tally {
    std::size_t documents = 0, values = 0, errors = 0;
    std::size_t duplicates = 0, b3 = 0, b6 = 0;
    std::size_t failures = 0;
    std::size_t errors_by_code[8] = {};
};

void report_failure(tally& t, std::string const& what) {
    if (++t.failures <= 10) BOOST_ERROR(what);
}

std::string excerpt(std::string_view doc) {
    std::string out;
    for (char c : doc.substr(0, 300))
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    if (doc.size() > 300) out += "...(" + std::to_string(doc.size()) + " bytes)";
    return out;
}

std::string describe(auto const& r) {
    if (r) return "a value";
    return "error " + std::to_string(static_cast<int>(r.error().value())) + " " +
           r.error().message();
}

template <class T>
void compare(std::string_view doc, tally& t, amperity::decoder<T>& reused, T& reused_out) {
    ++t.documents;
    auto const direct = amperity::decode<T>(doc);
    auto const dom = amperity::oracle::dom_decode<T>(doc);

    // The reused decoder and object must agree with the fresh decode, value or error.
    auto const st = reused.decode(doc, reused_out);
    if (st.has_value() != direct.has_value() ||
        (direct && !(reused_out == *direct)) || (!direct && !(st.error() == direct.error())))
        report_failure(t, "reused decoder differs from a fresh one on \"" + excerpt(doc) + "\"");

    if (direct && dom) {
        ++t.values;
        if (*direct == *dom) return;
        std::size_t ulps = 0;
        if (BOOST_VERSION < 108300 &&
            equal_up_to_ulp(amperity::detail::to_json(*direct), amperity::detail::to_json(*dom),
                            ulps) &&
            ulps > 0) {
            ++t.b6;
            return;
        }
        report_failure(t, "different values for \"" + excerpt(doc) + "\"");
        return;
    }
    if (!direct && !dom) {
        if (direct.error() == dom.error() && direct.error().message() == dom.error().message()) {
            ++t.errors;
            ++t.errors_by_code[std::min<std::size_t>(
                static_cast<std::size_t>(direct.error().value()), 7)];
            return;
        }
    }
    // With a key twice in one object, the DOM sees only the last value; the direct decoder sees
    // both and reports the first problem, or the duplicate itself if it is a known member.
    if (!direct && has_duplicate_key(doc)) {
        ++t.duplicates;
        return;
    }
    if (!direct && confirms_b3(doc, direct.error())) {
        ++t.b3;
        return;
    }
    report_failure(t, "\"" + excerpt(doc) + "\": direct decoder: " + describe(direct) +
                          "; DOM codec: " + describe(dom));
}

/// Every root type a response can have, plus json::value and a vector.
struct all_roots {
    amperity::decoder<amperity::workflow> d1;
    amperity::workflow o1;
    amperity::decoder<amperity::workflow_list> d2;
    amperity::workflow_list o2;
    amperity::decoder<amperity::workflow_error> d3;
    amperity::workflow_error o3;
    amperity::decoder<amperity::workflow_run_request> d4;
    amperity::workflow_run_request o4;
    amperity::decoder<amperity::ingest_job_details_list> d5;
    amperity::ingest_job_details_list o5;
    amperity::decoder<std::vector<amperity::workflow_task_instance>> d6;
    std::vector<amperity::workflow_task_instance> o6;
    amperity::decoder<json::value> d7;
    json::value o7;

    void compare_all(std::string_view doc, tally& t) {
        compare(doc, t, d1, o1);
        compare(doc, t, d2, o2);
        compare(doc, t, d3, o3);
        compare(doc, t, d4, o4);
        compare(doc, t, d5, o5);
        compare(doc, t, d6, o6);
        compare(doc, t, d7, o7);
    }
};

void check_clean(tally const& t, char const* corpus) {
    BOOST_TEST_MESSAGE(corpus << ": " << t.documents << " decodes, " << t.values
                              << " values, " << t.errors << " identical errors (by code 1-7: "
                              << t.errors_by_code[1] << " " << t.errors_by_code[2] << " "
                              << t.errors_by_code[3] << " " << t.errors_by_code[4] << " "
                              << t.errors_by_code[5] << " " << t.errors_by_code[6] << " "
                              << t.errors_by_code[7] << "); allowed differences: "
                              << t.duplicates << " duplicate, " << t.b3 << " B3, " << t.b6
                              << " B6");
    BOOST_TEST(t.failures == 0u, corpus << ": " << t.failures << " differences");
}

// ---- random documents from the spec's field tables --------------------------------------------

class random_documents {
public:
    explicit random_documents(std::uint64_t seed) : rng_(seed) {}

    template <class T>
    std::string make() {
        std::string out;
        value<T>(out, 0);
        return out;
    }

    /// A byte-level mutant: flip, delete, insert, duplicate a slice, or truncate.
    std::string mutate(std::string doc) {
        if (doc.empty()) return doc;
        std::size_t const at = below(doc.size());
        switch (below(6)) {
        case 0: doc[at] = "{}[]\",:0.eE-+\\ u\x01\xc3"[below(18)]; break;
        case 1: doc.erase(at, 1 + below(3)); break;
        case 2: doc.insert(at, 1, "{}[]\",:0.9eE-+\\ "[below(17)]); break;
        case 3: doc.insert(at, doc.substr(below(doc.size()), below(20))); break;
        case 4: doc.resize(at); break;
        default: doc[at] = static_cast<char>(doc[at] ^ (1 << below(8))); break;
        }
        return doc;
    }

private:
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : rng_.next() % n; }
    bool chance(unsigned percent) { return below(100) < percent; }

    void space(std::string& out) {
        if (chance(10)) out += " \n\t\r"[below(4)];
    }

    void string_literal(std::string& out) {
        static constexpr std::string_view pieces[] = {
            "acme", "wf-20250418", "Nightly run", "\\\"", "\\\\", "\\n", "\\u00e9", "\\/",
            "\\ud83d\\ude00", "\xc3\xa9t\xc3\xa9", "\\u0000", "x", "-", "courier/ingest", ""};
        out += '"';
        for (std::uint64_t n = below(5); n > 0; --n) out += pieces[below(std::size(pieces))];
        out += '"';
    }

    void number_literal(std::string& out) {
        static constexpr std::string_view forms[] = {
            "0", "7", "-12", "172800000", "172800000.0", "1.728e8", "8.64E+7", "5e0",
            "50e-1", "0.5", "-0", "-0.0", "1e15", "999999999999999", "9223372036854775807",
            "9223372036854775808", "18446744073709551616", "-9223372036854775809", "1e400",
            "-1e400", "2.5e-3", "123456.789", "1E2", "0.000001e6"};
        out += forms[below(std::size(forms))];
    }

    void timestamp_literal(std::string& out) {
        static constexpr std::string_view forms[] = {
            "\"2025-04-18T15:33:51.724Z\"", "\"2025-04-18T15:33:51Z\"",
            "\"2025-04-18T19:02:00+02:00\"", "\"2024-02-29T23:59:59.999999Z\"",
            "\"2025-04-18\"", "\"2025-13-01T00:00:00Z\"", "\"2025-04-18T15:33:51\"",
            "\"yesterday\"", "\"2025-04-18T15:33:51.724\\u005a\""};
        out += forms[below(std::size(forms))];
    }

    void any_value(std::string& out, int depth) {
        switch (depth > 3 ? below(5) : below(7)) {
        case 0: string_literal(out); break;
        case 1: number_literal(out); break;
        case 2: out += chance(50) ? "true" : "false"; break;
        case 3: out += "null"; break;
        case 4: out += chance(50) ? "[]" : "{}"; break;
        case 5: {
            out += '[';
            for (std::uint64_t n = below(4), i = 0; i < n; ++i) {
                if (i) out += ',';
                any_value(out, depth + 1);
            }
            out += ']';
            break;
        }
        default: {
            out += '{';
            for (std::uint64_t n = below(4), i = 0; i < n; ++i) {
                if (i) out += ',';
                string_literal(out);
                out += ':';
                any_value(out, depth + 1);
            }
            out += '}';
        }
        }
    }

    /// Now and then, a value of the wrong type instead.
    bool wrong(std::string& out, int depth) {
        if (!chance(3)) return false;
        any_value(out, depth + 1);
        return true;
    }

    template <class M>
    void value(std::string& out, int depth) {
        space(out);
        if (wrong(out, depth)) return;
        if constexpr (std::is_same_v<M, std::string>) string_literal(out);
        else if constexpr (std::is_same_v<M, std::int64_t>) number_literal(out);
        else if constexpr (std::is_same_v<M, bool>) out += chance(50) ? "true" : "false";
        else if constexpr (std::is_same_v<M, amperity::timestamp> ||
                           std::is_same_v<M, amperity::date_or_time>)
            timestamp_literal(out);
        else if constexpr (std::is_same_v<M, json::value>) any_value(out, depth);
        else if constexpr (amperity::closed_enum<M> || amperity::detail::open_enum_type<M>)
            enum_literal<M>(out);
        else if constexpr (amperity::detail::is_vector<M>::value) {
            out += '[';
            for (std::uint64_t n = below(depth < 2 ? 5 : 2), i = 0; i < n; ++i) {
                if (i) out += ',';
                value<typename M::value_type>(out, depth + 1);
            }
            out += ']';
        } else {
            object<M>(out, depth);
        }
        space(out);
    }

    template <class E>
    void enum_literal(std::string& out) {
        auto const& names = []() -> auto const& {
            if constexpr (amperity::closed_enum<E>) return amperity::enum_traits<E>::names;
            else return amperity::enum_traits<typename E::value_type>::names;
        }();
        if (chance(10)) {
            out += "\"not-a-known-value\"";
            return;
        }
        out += '"';
        out += names[below(names.size())];
        out += '"';
    }

    template <class T>
    void object(std::string& out, int depth) {
        std::vector<std::string> members;
        amperity::detail::for_each_field<T>([&](auto const& fd) {
            using member_type = std::remove_cvref_t<decltype(std::declval<T&>().*(fd.member))>;
            if (chance(fd.required ? 2 : 30)) return; // absent
            std::string m = "\"" + std::string(fd.wire) + "\":";
            if (chance(fd.required ? 2 : 10)) {
                m += "null";
            } else if constexpr (amperity::detail::is_optional<member_type>::value) {
                value<typename member_type::value_type>(m, depth + 1);
            } else {
                value<member_type>(m, depth + 1);
            }
            members.push_back(std::move(m));
        });
        for (std::uint64_t n = chance(25) ? 1 + below(3) : 0; n > 0; --n) {
            std::string m;
            string_literal(m);
            m += ':';
            any_value(m, depth + 1);
            members.insert(members.begin() + static_cast<std::ptrdiff_t>(below(members.size() + 1)),
                           std::move(m));
        }
        if (chance(30)) std::reverse(members.begin(), members.end());
        if (chance(3) && !members.empty()) members.push_back(members[below(members.size())]);
        out += '{';
        for (std::size_t i = 0; i < members.size(); ++i) {
            if (i) out += ',';
            space(out);
            out += members[i];
        }
        out += '}';
    }

    amperity_bench::splitmix64 rng_;
};

std::string read_binary(std::filesystem::path const& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::filesystem::path corpus_dir() {
    return std::filesystem::path(AMPERITY_SHARED_DIR "/corpus/jsontestsuite");
}

boost::test_tools::assertion_result corpus_present(boost::unit_test::test_unit_id) {
    std::error_code ec;
    if (std::filesystem::is_directory(corpus_dir(), ec)) return true;
    BOOST_TEST_MESSAGE("JSONTestSuite corpus not found at " << corpus_dir()
                                                             << ": differential run skipped");
    boost::test_tools::assertion_result r(false);
    r.message() << "JSONTestSuite corpus directory " << corpus_dir() << " is missing";
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(codec_differential)

BOOST_AUTO_TEST_CASE(benchmark_documents) {
    // The corpus is the same bytes under every compiler (an unsequenced pair of draws from the
    // generator once made GCC and Clang build different documents): pin the sizes.
    std::vector<std::pair<std::string, std::size_t>> sizes;
    for (auto const& doc : amperity_bench::documents()) sizes.emplace_back(doc.name, doc.json.size());
    std::vector<std::pair<std::string, std::size_t>> const expected{
        {"small", 333},           {"verbose", 9674},         {"verbose_escaped", 10407},
        {"verbose_shuffled", 9674}, {"verbose_unknown", 15676}, {"list", 973536}};
    BOOST_TEST((sizes == expected), "benchmark documents changed: update the sizes here and the "
                                    "README's table");

    tally t;
    all_roots roots;
    for (auto const& doc : amperity_bench::documents()) {
        roots.compare_all(doc.json, t);
        // Every prefix of the small document, and a sample of prefixes of the others.
        std::size_t const step = doc.json.size() < 2000 ? 1 : doc.json.size() / 500;
        for (std::size_t n = 0; n < doc.json.size(); n += step) {
            compare(std::string_view(doc.json).substr(0, n), t, roots.d1, roots.o1);
            compare(std::string_view(doc.json).substr(0, n), t, roots.d2, roots.o2);
        }
    }
    check_clean(t, "benchmark documents");
    BOOST_TEST(t.values >= 6u); // every document decodes to something
}

BOOST_AUTO_TEST_CASE(jsontestsuite, *boost::unit_test::precondition(corpus_present)) {
    tally t;
    all_roots roots;
    std::size_t files = 0;
    for (auto const& entry : std::filesystem::directory_iterator(corpus_dir())) {
        if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
        ++files;
        std::string const text = read_binary(entry.path());
        roots.compare_all(text, t);
        // Inside a free-form member, where the decoders build JSON values themselves.
        std::string const wrapped = R"({"type":"t","message":"m","data":)" + text + "}";
        compare(wrapped, t, roots.d3, roots.o3);
        compare(R"([{"id":"x","state":"s","tenant":"t","error":)" + wrapped + "}]", t, roots.d6,
                roots.o6);
    }
    BOOST_TEST(files > 300u);
    check_clean(t, "JSONTestSuite");
}

BOOST_AUTO_TEST_CASE(random_spec_documents) {
    tally t;
    all_roots roots;
    random_documents gen(20261128);
    constexpr int rounds = 1000;
    auto run = [&](std::string const& doc) {
        roots.compare_all(doc, t);
        for (int m = 0; m < 4; ++m) roots.compare_all(gen.mutate(doc), t);
    };
    for (int i = 0; i < rounds; ++i) {
        run(gen.make<amperity::workflow>());
        run(gen.make<amperity::workflow_list>());
        run(gen.make<amperity::workflow_run_request>());
        run(gen.make<amperity::ingest_job_details_list>());
        run(gen.make<std::vector<amperity::workflow_task_instance>>());
    }
    check_clean(t, "random spec documents");
    // The generator must reach every outcome, or the agreement above says little.
    BOOST_TEST(t.values > 2000u);
    for (int code = 1; code <= 6; ++code)
        BOOST_TEST(t.errors_by_code[code] > 20u, "errors with code " << code);
    BOOST_TEST(t.duplicates > 0u);
}

// The documented differences, pinned: if the DOM codec ever loses one, this says so.
BOOST_AUTO_TEST_CASE(documented_differences) {
    std::string const head =
        R"({"id":"wf-1","state":"running","type":"t","tenant":"acme",)"
        R"("created_at":"2025-04-18T15:33:51.724Z")";
    auto const dup = head + R"(,"tenant":"other"})";
    BOOST_TEST(amperity::decode<amperity::workflow>(dup).error().value() == errc::duplicate_member);
    BOOST_TEST(amperity::oracle::dom_decode<amperity::workflow>(dup)->tenant == "other");
    BOOST_TEST(has_duplicate_key(dup));

    auto const b3 = head + R"(,"warn_after_ms":1.0000000000000001})";
    BOOST_TEST(amperity::decode<amperity::workflow>(b3).error().value() ==
               errc::number_out_of_range);
    BOOST_TEST((amperity::oracle::dom_decode<amperity::workflow>(b3)->warn_after_ms ==
                std::optional<std::int64_t>(1)));
    BOOST_TEST(confirms_b3(b3, amperity::decode<amperity::workflow>(b3).error()));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_unit
