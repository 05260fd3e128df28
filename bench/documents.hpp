// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_BENCH_DOCUMENTS_HPP
#define AMPERITY_BENCH_DOCUMENTS_HPP

// The decode benchmark's corpus, built in memory from fixed seeds, so every run, machine and
// compiler sees the same bytes. The differential test of the direct decoder uses it too, so this
// header needs only the public model, Boost.JSON and the standard library.
//
//   small             the product page's 200 response of POST /workflow/runs (~330 B)
//   verbose           a workflow with every field set and 20 tasks with every field set (~9 KB)
//   verbose_escaped   verbose, with \" \\ \n \u00e9 and \/ escapes in many strings
//   verbose_shuffled  verbose, every object's members in reverse order
//   verbose_unknown   verbose, plus unknown members of every JSON kind in every object
//   list              a workflow_list of 100 verbose workflows (~1 MB)
//
// Each document's expected value is whatever the reference decoder makes of it
// (amperity::oracle::dom_decode<T>, which amperity::decode<T> must agree with); verbose,
// verbose_shuffled and verbose_unknown decode to the same value.
//
// Randomness is splitmix64 plus modulo: std::*_distribution results differ between standard
// library versions, and a corpus that changed under a compiler upgrade would make old results
// incomparable.

#include <amperity/model.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amperity_bench {

enum class root { workflow, workflow_list };

struct document {
    std::string name;
    root type;
    std::string json;
};

/// The splitmix64 generator (Steele, Lea, Flood 2014): tiny, and the same sequence everywhere.
class splitmix64 {
public:
    explicit splitmix64(std::uint64_t seed) noexcept : state_(seed) {}

    std::uint64_t next() noexcept {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15u);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        return z ^ (z >> 31);
    }

    /// A number in [0, n); the modulo bias does not matter for a corpus.
    std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }

    std::int64_t between(std::int64_t lo, std::int64_t hi) noexcept {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
    }

    template <class T, std::size_t N>
    T const& pick(std::array<T, N> const& from) noexcept {
        return from[below(N)];
    }

private:
    std::uint64_t state_;
};

inline amperity::workflow verbose_workflow(std::uint64_t seed, int tasks);

namespace corpus_detail {

inline constexpr std::string_view digits = "0123456789";
inline constexpr std::string_view upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
inline constexpr std::string_view lower_alnum = "abcdefghijklmnopqrstuvwxyz0123456789";
inline constexpr std::string_view alnum =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
inline constexpr std::string_view hex = "0123456789abcdef";

inline std::string chars(splitmix64& rng, std::string_view alphabet, std::size_t n) {
    std::string s;
    s.reserve(n);
    for (std::size_t i = 0; i < n; ++i) s += alphabet[rng.below(alphabet.size())];
    return s;
}

// The shape of Amperity's ids: "wf-123456A-78901-2bcd3e".
// The operands of + are evaluated in an unspecified order (GCC and Clang differ), so every
// draw from the generator is a statement of its own.
inline std::string amperity_id(splitmix64& rng, std::string_view prefix) {
    std::string id(prefix);
    id += chars(rng, digits, 6);
    id += chars(rng, upper, 1);
    id += '-';
    id += chars(rng, digits, 5);
    id += '-';
    id += chars(rng, lower_alnum, 6);
    return id;
}

// An engine's run id, e.g. a Databricks run: "run-5b1d4e8f03a7c2e9".
inline std::string run_id(splitmix64& rng) {
    return "run-" + chars(rng, hex, 16);
}

inline amperity::timestamp at_ms(std::int64_t ms) {
    return amperity::timestamp{std::chrono::milliseconds{ms}};
}

// Any known value of an open enum, spelled canonically.
template <class Open>
Open any_known(splitmix64& rng) {
    using value = typename Open::value_type;
    return Open(static_cast<value>(rng.below(amperity::enum_traits<value>::names.size())));
}

inline constexpr std::array<std::string_view, 5> workflow_types{
    "courier.group/run", "campaign.send", "amperity.orchestration.orchestration/run",
    "bridge.sync", "amperity.workflow.stitch/run"};

inline constexpr std::array<std::string_view, 4> tenants{"acme", "acme-qa", "northwind",
                                                        "contoso-hotels"};

inline constexpr std::array<std::string_view, 6> workflow_names{
    "Daily Courier Group Load", "Hourly loyalty refresh", "Weekly Customer 360 rebuild",
    "Campaign: Spring Sale 2025", "Predictive models (CLV, churn)", "Bridge sync to Databricks"};

inline constexpr std::array<std::string_view, 4> principal_names{
    "Automated workflow", "Run from Databricks", "Maria Lopez", "Airflow API key (prod)"};

inline constexpr std::array<std::string_view, 8> task_labels{
    "Ingest orders (SFTP)", "Load loyalty_members", "Run Stitch",     "Generate C360",
    "Refresh models",       "Send to Braze",        "Sync to SFMC",   "Validate tables"};

inline constexpr std::array<std::string_view, 7> task_definition_types{
    "courier/ingest", "courier/load", "stitch/run", "database/generate", "campaign.send",
    "bridge.sync", "orchestration/query"};

inline constexpr std::array<std::string_view, 3> error_types{
    "amperity.workflow.task.stitch/table", "amperity.workflow.task.courier/ingest-failed",
    "amperity.workflow/timeout"};

inline constexpr std::array<std::string_view, 3> error_messages{
    "Courier failed to load s3://acme-landing/orders/2025-04-18/orders_0001.csv.gz: 3 rows "
    "exceed the maximum field length",
    "Stitch could not read table Unified_Coalesced: the table has no primary key",
    "The task ran longer than its timeout of 3600000 ms and was stopped"};

inline amperity::workflow_error make_error(splitmix64& rng) {
    amperity::workflow_error e;
    e.type = std::string(rng.pick(error_types));
    e.message = std::string(rng.pick(error_messages));
    e.attribution = any_known<amperity::error_attribution>(rng);
    return e;
}

// Text replacements on serialized JSON; every match lies inside a string value.
inline std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::size_t pos = 0;
    for (std::size_t hit; (hit = text.find(from, pos)) != std::string::npos;
         pos = hit + from.size()) {
        out.append(text, pos, hit - pos);
        out += to;
    }
    out.append(text, pos);
    return out;
}

// A member value written verbatim into the text: Boost.JSON would re-spell numbers
// (0.125 -> 1.25E-1) and escapes, and the unknown members should look like other servers' JSON.
inline constexpr std::array<std::string_view, 14> raw_values{
    // scalars
    "true", "null", "-42", "false",
    // numbers with fractions and exponents, and integers beyond int64 and uint64
    "0.125", "6.02214076e23", "-1.5E-7", "18446744073709551615",
    "123456789012345678901234567890",
    // strings with escapes
    R"("line one\nline \"two\" back\\slash\ttab \u00e9 \ud83d\ude00 \/ \u0001 end")",
    R"("C:\\Program Files\\Amperity\\courier.exe --flag=\"x\"")",
    // an object with arrays and objects 3 deep
    R"({"a":{"b":{"c":[1,2.5,-3e2,"deep",null,false,{"d":[]}]},"e":[[],[{}],[1,[2,[3]]]]},)"
    R"("f":{},"g":"tail"})",
    // arrays of objects
    R"([{"at":"2025-04-18T15:33:51.724Z","kind":"retry","n":3,"ok":false},)"
    R"({"at":"2025-04-18T15:34:02.001Z","kind":"resume","n":4,"ok":true,"why":null}])",
    R"([{"id":"x-1","tags":["a","b"]},{"id":"x-2","tags":[]},{}])"};

inline boost::json::value raw_marker(std::size_t index) {
    return boost::json::string("@raw:" + std::to_string(index) + "@");
}

inline std::string expand_raw_markers(std::string text) {
    for (std::size_t i = 0; i < raw_values.size(); ++i)
        text = replace_all(std::move(text), "\"@raw:" + std::to_string(i) + "@\"", raw_values[i]);
    return text;
}

inline boost::json::value reversed_members(boost::json::value const& v) {
    if (auto const* o = v.if_object()) {
        boost::json::object r;
        r.reserve(o->size());
        for (auto it = o->end(); it != o->begin();) {
            --it;
            r.emplace(it->key(), reversed_members(it->value()));
        }
        return r;
    }
    if (auto const* a = v.if_array()) {
        boost::json::array r;
        r.reserve(a->size());
        for (auto const& e : *a) r.push_back(reversed_members(e));
        return r;
    }
    return v;
}

// Four unknown members per object: a scalar first, a structured value and an escaped string in
// the middle, a number last; so a decoder meets them before, between and after known members.
inline boost::json::value with_unknown_members(boost::json::value const& v, splitmix64& rng) {
    if (auto const* o = v.if_object()) {
        boost::json::object r;
        r.reserve(o->size() + 4);
        r.emplace("x_flag", raw_marker(rng.below(4)));
        std::size_t i = 0;
        for (auto const& kv : *o) {
            r.emplace(kv.key(), with_unknown_members(kv.value(), rng));
            if (++i == o->size() / 2) {
                r.emplace("_links", raw_marker(11 + rng.below(3)));
                r.emplace("x_note \"quoted\" caf\xC3\xA9", raw_marker(9 + rng.below(2)));
            }
        }
        r.emplace("x_metric", raw_marker(4 + rng.below(5)));
        return r;
    }
    if (auto const* a = v.if_array()) {
        boost::json::array r;
        r.reserve(a->size());
        for (auto const& e : *a) r.push_back(with_unknown_members(e, rng));
        return r;
    }
    return v;
}

// Quotes, backslashes, newlines and an e-acute in the strings a UI would show.
inline void add_escapes(amperity::workflow& wf) {
    auto const decorate = [](std::optional<std::string>& s, std::string_view tail) {
        if (s) *s = "\"" + *s + "\" " + std::string(tail);
    };
    decorate(wf.name, "(caf\xC3\xA9 \\ bar)\nsecond line");
    decorate(wf.principal_name, "Ren\xC3\xA9" "e O\\Brien");
    if (wf.error) wf.error->message += "\nat C:\\landing\\caf\xC3\xA9 \"orders\"";
    for (auto& t : *wf.task_instances) {
        decorate(t.label, "\\ step \xC3\xA9t\xC3\xA9\n");
        if (t.error) t.error->message = "\"" + t.error->message + "\"\n\\ caf\xC3\xA9";
    }
}

inline document make_document(std::string name, root type, std::string json) {
    return document{std::move(name), type, std::move(json)};
}

inline std::vector<document> make_documents() {
    using boost::json::serialize;
    std::vector<document> docs;

    // examples/data/run-workflow-response.json, minified.
    docs.push_back(make_document(
        "small", root::workflow,
        R"({"task_instances":[],"id":"wf-123456A-78901-2bcd3e","name":"Daily",)"
        R"("principal_name":"Run from Databricks","principal_id":"abc-EFghIjKL1Mn",)"
        R"("type":"courier.group/run","launched_version":"abc-123456A-78901-2bcd3",)"
        R"("state":"scheduled","created_at":"2025-04-18T15:33:51.724Z","tenant":"bridge",)"
        R"("current_version":"abc-123456A-78901-2bcd3"})"));

    constexpr std::uint64_t verbose_seed = 42;
    constexpr int verbose_tasks = 20;
    amperity::workflow const verbose = verbose_workflow(verbose_seed, verbose_tasks);
    std::string const verbose_json = amperity::encode(verbose);
    docs.push_back(make_document("verbose", root::workflow, verbose_json));

    amperity::workflow escaped = verbose;
    corpus_detail::add_escapes(escaped);
    std::string escaped_json = amperity::encode(escaped);
    escaped_json = corpus_detail::replace_all(std::move(escaped_json), "\xC3\xA9", "\\u00e9");
    escaped_json = corpus_detail::replace_all(std::move(escaped_json), "/", "\\/");
    docs.push_back(make_document("verbose_escaped", root::workflow, std::move(escaped_json)));

    boost::json::value const dom = boost::json::parse(verbose_json);
    docs.push_back(make_document("verbose_shuffled", root::workflow,
                                 serialize(corpus_detail::reversed_members(dom))));

    splitmix64 unknown_rng(verbose_seed * 7 + 1);
    docs.push_back(make_document(
        "verbose_unknown", root::workflow,
        corpus_detail::expand_raw_markers(
            serialize(corpus_detail::with_unknown_members(dom, unknown_rng)))));

    amperity::workflow_list list;
    for (std::uint64_t i = 0; i < 100; ++i) list.data.push_back(verbose_workflow(1000 + i, 20));
    list.next_token = "eyJvZmZzZXQiOjEwMCwibGltaXQiOjEwMCwic2VlZCI6NDJ9";
    list.total = 4217;
    docs.push_back(make_document("list", root::workflow_list, amperity::encode(list)));
    return docs;
}

} // namespace corpus_detail

/// A workflow run with every field set, and `tasks` task instances with every field set except
/// `error`, which about one task in seven has (type, message, attribution; never `data`).
/// The same seed gives the same value on every platform.
inline amperity::workflow verbose_workflow(std::uint64_t seed, int tasks) {
    using namespace corpus_detail;
    splitmix64 rng(seed);
    amperity::workflow wf;
    wf.id = amperity_id(rng, "wf-");
    wf.state = any_known<amperity::workflow_state>(rng);
    wf.type = std::string(rng.pick(workflow_types));
    wf.name = std::string(rng.pick(workflow_names));
    *wf.name += " #" + std::to_string(rng.between(1, 999)); // two draws: two statements
    wf.tenant = std::string(rng.pick(tenants));
    // 2025-04-18T15:33:51.724Z plus up to 30 days.
    std::int64_t const created = 1744990431724 + rng.between(0, 30LL * 86'400'000);
    wf.created_at = at_ms(created);
    wf.ended_at = at_ms(created + rng.between(60'000, 6LL * 3'600'000));
    wf.principal_id = "api-" + chars(rng, alnum, 11);
    wf.principal_name = std::string(rng.pick(principal_names));
    wf.principal_email = "data-ops+" + chars(rng, lower_alnum, 6) + "@acme.example.com";
    wf.launched_version = amperity_id(rng, "abc-");
    wf.current_version = amperity_id(rng, "abc-");
    wf.warn_after_ms = 3'600'000 * rng.between(1, 6);
    wf.error = make_error(rng);

    auto& list = wf.task_instances.emplace();
    list.reserve(static_cast<std::size_t>(tasks));
    std::int64_t t0 = created + rng.between(100, 5000);
    for (int i = 0; i < tasks; ++i) {
        amperity::workflow_task_instance t;
        t.id = amperity_id(rng, "wft-");
        t.state = any_known<amperity::task_state>(rng);
        t.tenant = wf.tenant;
        t.created_at = at_ms(t0);
        std::int64_t const ended = t0 + rng.between(1'000, 900'000);
        t.ended_at = at_ms(ended);
        t.execution_type = any_known<amperity::execution_type>(rng);
        t.label = std::string(rng.pick(task_labels)) + " (" + std::to_string(i + 1) + ")";
        t.run_id = run_id(rng);
        t.state_changed_at = at_ms(ended - rng.between(0, 999));
        t.task_definition_id = "td-" + chars(rng, lower_alnum, 10);
        t.task_definition_type = std::string(rng.pick(task_definition_types));
        t.timeout_ms = 60'000 * rng.between(5, 240);
        t.workflow_id = wf.id;
        if (i % 7 == 3) t.error = make_error(rng);
        list.push_back(std::move(t));
        t0 = ended + rng.between(5, 2'000);
    }
    return wf;
}

/// The six documents, built on first use (about 1.1 MB in all).
inline std::vector<document> const& documents() {
    static std::vector<document> const docs = corpus_detail::make_documents();
    return docs;
}

} // namespace amperity_bench

#endif // AMPERITY_BENCH_DOCUMENTS_HPP
