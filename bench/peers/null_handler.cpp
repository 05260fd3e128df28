// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
//
// null_handler: boost::json::basic_parser driving a handler that does nothing ("B4", the
// ceiling of shared/reference/json-perf.md section 7). Every decoder built on Boost.JSON's
// tokenizer pays at least this: full validation (syntax, UTF-8, escapes, numbers), no output.
// The parser is reused across calls, as a decoder object would.

#include "peers.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/version.hpp>

namespace amperity_bench {
namespace {

using boost::json::string_view;
using boost::system::error_code;

// The Boost 1.81 handler interface (boost/json/basic_parser.hpp): every event accepted.
struct null_handler {
    static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
    static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
    static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
    static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_array_begin(error_code&) { return true; }
    bool on_array_end(std::size_t, error_code&) { return true; }
    bool on_object_begin(error_code&) { return true; }
    bool on_object_end(std::size_t, error_code&) { return true; }
    bool on_string_part(string_view, std::size_t, error_code&) { return true; }
    bool on_string(string_view, std::size_t, error_code&) { return true; }
    bool on_key_part(string_view, std::size_t, error_code&) { return true; }
    bool on_key(string_view, std::size_t, error_code&) { return true; }
    bool on_number_part(string_view, error_code&) { return true; }
    bool on_int64(std::int64_t, string_view, error_code&) { return true; }
    bool on_uint64(std::uint64_t, string_view, error_code&) { return true; }
    bool on_double(double, string_view, error_code&) { return true; }
    bool on_bool(bool, error_code&) { return true; }
    bool on_null(error_code&) { return true; }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }
};

class null_parse final : public bound_decoder {
public:
    explicit null_parse(std::string_view json) : json_(json), parser_(bench_parse_options()) {}

    bool run() override {
        parser_.reset();
        error_code ec;
        std::size_t const n = parser_.write_some(false, json_.data(), json_.size(), ec);
        benchmark::DoNotOptimize(n);
        return !ec && n == json_.size();
    }

private:

    std::string_view json_;
    boost::json::basic_parser<null_handler> parser_;
};

std::unique_ptr<bound_decoder> bind(document const& doc) {
    return std::make_unique<null_parse>(doc.json);
}

} // namespace

decoder_info const null_handler_decoder{"null_handler", "Boost.JSON " BOOST_LIB_VERSION, false,
                                        &bind};

} // namespace amperity_bench
