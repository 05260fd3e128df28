// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// The library under test, in its two modes:
//   amperity        amperity::decoder<T> kept across calls, decoding into a reused value (the
//                   steady state of a client that polls: strings and vectors keep capacity);
//   amperity_fresh  amperity::decode<T>, a new value per call (every string and vector allocated).

#include "peers.hpp"

#include <amperity/codec.hpp>

#include <boost/version.hpp>

namespace amperity_bench {
namespace {

template <class T>
class reused {
public:
    explicit reused(std::string_view json) : json_(json) {}

    bool decode(T& out) { return decoder_.decode(json_, out).has_value(); }

private:
    std::string_view json_;
    amperity::decoder<T> decoder_;
};

template <class T>
class fresh {
public:
    explicit fresh(std::string_view json) : json_(json) {}

    bool decode(T& out) {
        auto r = amperity::decode<T>(json_);
        if (!r) return false;
        out = std::move(*r); // frees the previous call's value, as a caller's new value would
        return true;
    }

private:
    std::string_view json_;
};

constexpr std::string_view library = "amperity-cpp (Boost " BOOST_LIB_VERSION ")";

} // namespace

decoder_info const amperity_decoder{"amperity", library, true, &bind_typed<reused>};
decoder_info const amperity_fresh_decoder{"amperity_fresh", library, true, &bind_typed<fresh>};

} // namespace amperity_bench
