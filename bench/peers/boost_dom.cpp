// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// boost_dom: Boost.JSON DOM parse only, no struct ("baseline B3" of
// shared/reference/json-perf.md section 7). The boost::json::parser is reused across calls; each
// call parses into a fresh monotonic_resource whose first block is a 16 KiB buffer kept in the
// bound object (the verbose documents fit in it; the 1 MB list spills into heap blocks). This is
// the fastest way Boost.JSON 1.81 builds a DOM, and what the reference decoder does (with a
// 4 KiB stack buffer).

#include "peers.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/value.hpp>
#include <boost/version.hpp>

#include <array>

namespace amperity_bench {
namespace {

class dom_only final : public bound_decoder {
public:
    explicit dom_only(std::string_view json)
        : json_(json)
        , parser_(boost::json::storage_ptr(), bench_parse_options()) {}

    bool run() override {
        boost::json::monotonic_resource mr(buffer_.data(), buffer_.size());
        parser_.reset(&mr);
        boost::system::error_code ec;
        parser_.write(json_.data(), json_.size(), ec);
        if (ec) return false;
        boost::json::value const doc = parser_.release();
        benchmark::DoNotOptimize(doc);
        return true;
    }

private:

    std::string_view json_;
    boost::json::parser parser_;
    alignas(16) std::array<unsigned char, 16 * 1024> buffer_{};
};

std::unique_ptr<bound_decoder> bind(document const& doc) {
    return std::make_unique<dom_only>(doc.json);
}

} // namespace

decoder_info const boost_dom_decoder{"boost_dom", "Boost.JSON " BOOST_LIB_VERSION, false, &bind};

} // namespace amperity_bench
