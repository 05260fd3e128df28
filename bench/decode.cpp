// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// amperity-bench: decodes the corpus of documents.hpp with amperity's decoder and its peers, all
// into the same amperity structs. Benchmarks are named decode/<document>/<decoder>.
//
// Before anything is timed, every decoder decodes every document twice (the second time into
// the value left by the first, which is how reused outputs run while timed) and its result is
// compared with the reference decoder, amperity::oracle::dom_decode<T> (a Boost.JSON DOM walked
// through the field tables: the oracle of docs/design.md); parse-only decoders must succeed. A
// difference ends the program with exit status 1 and names the decoder, the document and the
// first differing byte of the re-encoded values. So `--benchmark_min_time=0.01` makes a smoke
// test.
//
// Reported per benchmark: time per document (cpu_time), bytes_per_second (input bytes, 1024-based
// units as Google Benchmark prints them), docs/s, and allocs/doc: calls to the global operator
// new (and RapidJSON's malloc calls) per decode, counted in an un-timed pass after two warm-up
// decodes, so for reused outputs it is the steady state.

#include "alloc_counter.hpp"
#include "documents.hpp"
#include "peers/peers.hpp"

#include <benchmark/benchmark.h>

#include <amperity/codec.hpp>
#include <oracle/dom_codec.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#ifndef AMPERITY_BENCH_CXX_FLAGS
#define AMPERITY_BENCH_CXX_FLAGS "unknown"
#endif

namespace amperity_bench {
namespace {

std::array<decoder_info const*, 8> const all_decoders{
    &amperity_decoder,  &amperity_fresh_decoder, &boost_value_to_decoder,
    &boost_dom_decoder, &nlohmann_decoder,       &rapidjson_decoder,
    &simdjson_ondemand_decoder, &null_handler_decoder};

struct reference {
    amperity::workflow workflow;
    amperity::workflow_list list;
};

[[noreturn]] void die(std::string const& message) {
    std::cerr << "amperity-bench: " << message << '\n';
    std::exit(EXIT_FAILURE);
}

std::string excerpt(std::string const& text, std::size_t at) {
    std::size_t const from = at < 40 ? 0 : at - 40;
    return text.substr(from, 100);
}

// Where two values differ, shown on their encodings (spec order, so deterministic).
std::string first_difference(std::string const& expected, std::string const& actual) {
    auto const mismatch = std::mismatch(expected.begin(), expected.end(), actual.begin(),
                                        actual.end());
    auto const at = static_cast<std::size_t>(mismatch.first - expected.begin());
    return "first difference at byte " + std::to_string(at) + " of the re-encoded values\n" +
           "  expected: ..." + excerpt(expected, at) + "...\n" + "  actual:   ..." +
           excerpt(actual, at) + "...";
}

template <class T>
T reference_decode(document const& doc) {
    auto r = amperity::oracle::dom_decode<T>(doc.json);
    if (!r) die("the reference decoder refused document " + doc.name + ": " + r.error().message());
    return std::move(*r);
}

reference make_reference(document const& doc) {
    reference r;
    if (doc.type == root::workflow) r.workflow = reference_decode<amperity::workflow>(doc);
    else r.list = reference_decode<amperity::workflow_list>(doc);
    return r;
}

// What documents.hpp promises about its documents.
void check_corpus(std::vector<document> const& docs, std::vector<reference> const& refs) {
    auto index = [&](std::string_view name) {
        for (std::size_t i = 0; i < docs.size(); ++i)
            if (docs[i].name == name) return i;
        die("the corpus has no document " + std::string(name));
    };
    auto const& verbose = refs[index("verbose")].workflow;
    for (std::string_view same : {"verbose_shuffled", "verbose_unknown"})
        if (!(refs[index(same)].workflow == verbose))
            die("document " + std::string(same) + " does not decode to the verbose value: " +
                first_difference(amperity::encode(verbose),
                                 amperity::encode(refs[index(same)].workflow)));
    auto const& escaped = docs[index("verbose_escaped")].json;
    std::string const name = refs[index("verbose_escaped")].workflow.name.value_or("");
    for (std::string_view escape : {"\\\"", "\\\\", "\\n", "\\u00e9", "\\/"})
        if (escaped.find(escape) == std::string::npos)
            die("document verbose_escaped has no " + std::string(escape) + " escape");
    for (std::string_view decoded : {"\"", "\\", "\n", "\xC3\xA9"})
        if (name.find(decoded) == std::string::npos)
            die("document verbose_escaped: the workflow name lacks an escaped character");
}

void check(decoder_info const& info, document const& doc, reference const& ref,
           bound_decoder const& bound, char const* which) {
    std::string expected, actual;
    if (doc.type == root::workflow) {
        auto const* got = bound.workflow_result();
        if (got && *got == ref.workflow) return;
        expected = amperity::encode(ref.workflow);
        actual = got ? amperity::encode(*got) : "(no value)";
    } else {
        auto const* got = bound.list_result();
        if (got && *got == ref.list) return;
        expected = amperity::encode(ref.list);
        actual = got ? amperity::encode(*got) : "(no value)";
    }
    die("decoder " + std::string(info.name) + " on document " + doc.name + " (" + which +
        " decode) differs from the reference decoder: " + first_difference(expected, actual));
}

// Steady-state allocations per decode: the bound decoder has already decoded twice.
double allocations_per_decode(bound_decoder& bound, std::size_t json_size) {
    std::size_t const runs = std::clamp<std::size_t>((std::size_t{4} << 20) / json_size, 1, 16);
    allocations::start();
    for (std::size_t i = 0; i < runs; ++i) bound.run();
    return static_cast<double>(allocations::stop()) / static_cast<double>(runs);
}

void register_benchmark(decoder_info const& info, document const& doc,
                        std::shared_ptr<bound_decoder> bound, double allocs) {
    std::string const name = "decode/" + doc.name + "/" + std::string(info.name);
    auto const bytes = static_cast<std::int64_t>(doc.json.size());
    auto* b = benchmark::RegisterBenchmark(
        name.c_str(), [bound = std::move(bound), bytes, allocs](benchmark::State& state) {
            std::int64_t failures = 0;
            for (auto _ : state) {
                bool const ok = bound->run();
                benchmark::DoNotOptimize(ok);
                failures += ok ? 0 : 1;
            }
            if (failures != 0) state.SkipWithError("the decoder failed while timed");
            state.SetBytesProcessed(state.iterations() * bytes);
            state.counters["docs/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                          benchmark::Counter::kIsRate);
            state.counters["allocs/doc"] = allocs;
        });
    if (doc.json.size() > (std::size_t{256} << 10)) b->Unit(benchmark::kMicrosecond);
}

std::string compiler() {
#if defined(__clang__)
    return "clang " __clang_version__;
#elif defined(__GNUC__)
    return "g++ " __VERSION__;
#else
    return "unknown";
#endif
}

void add_context(std::vector<document> const& docs) {
    benchmark::AddCustomContext("compiler", compiler());
    benchmark::AddCustomContext("cxx_flags", AMPERITY_BENCH_CXX_FLAGS);
    benchmark::AddCustomContext("simdjson_builtin_implementation", simdjson_implementations());
    std::string libraries, corpus;
    for (auto const* d : all_decoders) {
        if (libraries.find(d->library) != std::string::npos) continue;
        libraries += (libraries.empty() ? "" : ", ") + std::string(d->library);
    }
    for (auto const& d : docs) {
        if (!corpus.empty()) corpus += ", ";
        corpus += d.name + " " + std::to_string(d.json.size()) + " B";
    }
    benchmark::AddCustomContext("libraries", libraries);
    benchmark::AddCustomContext("corpus", corpus);
    benchmark::AddCustomContext("allocs/doc",
                                "operator new calls (and RapidJSON's malloc calls) per decode, "
                                "counted un-timed after 2 warm-up decodes");
}

} // namespace
} // namespace amperity_bench

int main(int argc, char** argv) {
    using namespace amperity_bench;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return EXIT_FAILURE;

    auto const& docs = documents();
    std::vector<reference> refs;
    for (auto const& doc : docs) refs.push_back(make_reference(doc));
    check_corpus(docs, refs);

    for (std::size_t i = 0; i < docs.size(); ++i) {
        for (auto const* info : all_decoders) {
            std::shared_ptr<bound_decoder> bound = info->bind(docs[i]);
            for (char const* which : {"first", "second"}) {
                if (!bound->run())
                    die("decoder " + std::string(info->name) + " refused document " +
                        docs[i].name + " (" + which + " decode)");
                if (info->typed) check(*info, docs[i], refs[i], *bound, which);
            }
            double const allocs = allocations_per_decode(*bound, docs[i].json.size());
            register_benchmark(*info, docs[i], std::move(bound), allocs);
        }
    }
    std::cerr << "amperity-bench: " << all_decoders.size() << " decoders agree with the "
              << "reference decoder on " << docs.size() << " documents\n";

    add_context(docs);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return EXIT_SUCCESS;
}
