// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_BENCH_PEERS_HPP
#define AMPERITY_BENCH_PEERS_HPP

// The decoders the benchmark compares. Each lives in its own translation unit under
// bench/peers/, so simdjson, RapidJSON and nlohmann's headers never meet, and this header names
// none of them.
//
// A decoder is bound to one document before timing: whatever it keeps between calls (parser,
// padded copy of the input, output value) lives in the bound object, outside the timed loop.
// Decoders that write into a reused value ("reused") and decoders that build a new value per
// call ("fresh") both leave the result in the bound object, where the harness compares it with
// the reference.

#include "../documents.hpp"

#include <benchmark/benchmark.h>

#include <amperity/model.hpp>

#include <boost/json/parse_options.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

namespace amperity_bench {

/// The nesting limit the reference decoder uses; the Boost.JSON peers use it too.
inline constexpr std::size_t max_json_depth = 64;

/// The options every Boost.JSON peer parses with: the library's depth limit.
inline boost::json::parse_options bench_parse_options() {
    boost::json::parse_options options;
    options.max_depth = max_json_depth;
    return options;
}

class bound_decoder {
public:
    virtual ~bound_decoder() = default;

    /// Decodes the bound document once; false when the decoder refused it.
    virtual bool run() = 0;

    /// The value the last run() produced, or nullptr: parse-only decoders produce none, and a
    /// workflow document has no workflow_list.
    virtual amperity::workflow const* workflow_result() const noexcept { return nullptr; }
    virtual amperity::workflow_list const* list_result() const noexcept { return nullptr; }
};

struct decoder_info {
    std::string_view name;
    /// Library and version, for the benchmark context.
    std::string_view library;
    /// False for parse-only decoders (boost_dom, null_handler): checked for success only.
    bool typed;
    std::unique_ptr<bound_decoder> (*bind)(document const& doc);
};

extern decoder_info const amperity_decoder;
extern decoder_info const amperity_fresh_decoder;
extern decoder_info const boost_value_to_decoder;
extern decoder_info const boost_dom_decoder;
extern decoder_info const nlohmann_decoder;
extern decoder_info const rapidjson_decoder;
extern decoder_info const simdjson_ondemand_decoder;
extern decoder_info const null_handler_decoder;

/// "<SIMDJSON_BUILTIN_IMPLEMENTATION> (active: <runtime-selected implementation>)".
std::string simdjson_implementations();

/// Binds `Impl<T>` (constructed from the JSON text, with `bool decode(T& out)`) to a document
/// of either root type. The output value lives here, so its storage is reused from call to call
/// unless Impl replaces it.
template <class T, class Impl>
class typed_decoder final : public bound_decoder {
public:
    explicit typed_decoder(std::string_view json) : impl_(json) {}

    bool run() override {
        bool const ok = impl_.decode(out_);
        benchmark::DoNotOptimize(out_);
        return ok;
    }

    amperity::workflow const* workflow_result() const noexcept override {
        if constexpr (std::is_same_v<T, amperity::workflow>) return &out_;
        else return nullptr;
    }

    amperity::workflow_list const* list_result() const noexcept override {
        if constexpr (std::is_same_v<T, amperity::workflow_list>) return &out_;
        else return nullptr;
    }

private:
    Impl impl_;
    T out_{};
};

template <template <class> class Impl>
std::unique_ptr<bound_decoder> bind_typed(document const& doc) {
    switch (doc.type) {
    case root::workflow:
        return std::make_unique<typed_decoder<amperity::workflow, Impl<amperity::workflow>>>(
            doc.json);
    case root::workflow_list:
        return std::make_unique<
            typed_decoder<amperity::workflow_list, Impl<amperity::workflow_list>>>(doc.json);
    }
    return nullptr;
}

} // namespace amperity_bench

#define AMPERITY_BENCH_STRINGIFY_(x) #x
#define AMPERITY_BENCH_STRINGIFY(x) AMPERITY_BENCH_STRINGIFY_(x)

#endif // AMPERITY_BENCH_PEERS_HPP
