// Writes the seed corpora of the fuzz targets into <dir>/<target>/: the benchmark documents
// (bench/documents.hpp) for the decoders, with the type-selector byte fuzz_decode expects, and
// a few well-formed inputs for the other targets. scripts/fuzz runs it before fuzzing.
#include <amperity/codec.hpp>
#include <amperity/model.hpp>

#include <documents.hpp>

#include "roots.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <tuple>
#include <type_traits>

namespace {

namespace fs = std::filesystem;

using amperity_fuzz::selector;

void write(fs::path const& dir, std::string const& name, std::string const& bytes) {
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary) << bytes;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr, "usage: fuzz_seeds <corpus-dir> [directory of JSON files]\n");
        return 2;
    }
    fs::path const out = argv[1];
    namespace b = amperity_bench;
    auto const wf = static_cast<char>(selector<amperity::workflow>());
    auto const list = static_cast<char>(selector<amperity::workflow_list>());
    auto const err = static_cast<char>(selector<amperity::error_response>());
    auto const req = static_cast<char>(selector<amperity::workflow_run_request>());
    for (auto const& d : b::documents()) {
        // The ~1 MB list is too big to be a useful seed: libFuzzer mutates small inputs.
        if (d.json.size() > 64 * 1024) continue;
        write(out / "decode", d.name, (d.type == b::root::workflow ? wf : list) + d.json);
    }
    write(out / "decode", "error", err + std::string(R"({"status":404,"message":"no such run","request_id":"r-1"})"));
    write(out / "decode", "request",
          req + std::string(R"({"config_id":"cg-1","run_mode":"source","range_from":"2024-06-01"})"));
    write(out / "time", "date", "2024-06-01");
    write(out / "time", "datetime", "2025-04-18T15:33:51.724Z");
    write(out / "time", "offset", "2024-06-01T00:00:00+05:30");
    write(out / "retry_after", "seconds", "120");
    write(out / "retry_after", "date", "Sun, 06 Nov 1994 08:49:37 GMT");
    write(out / "url", "aws", "https://app.amperity.com/api");
    write(out / "url", "loopback", "http://127.0.0.1:8080/api");
    write(out / "url", "ipv6", "https://[::1]:8443");
    write(out / "run_request", "courier", "cg-123ABc4DE\nsource\n2024-06-01\n2024-06-08");
    write(out / "run_request", "campaign", "cmp-1");
    std::string const wf_body = b::documents().front().json; // "small"
    write(out / "response", "ok",
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
              std::to_string(wf_body.size()) + "\r\n\r\n" + wf_body);
    write(out / "response", "chunked",
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\n{\"id\"\r\n0\r\nT: v\r\n\r\n");
    write(out / "response", "interim",
          "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n"
          "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}");
    write(out / "response", "close_delimited", "HTTP/1.0 200 OK\r\n\r\n" + wf_body);
    // JSONTestSuite (read from ../shared at run time, never copied into the tree): every case
    // as a workflow and as a list, so the decoders meet every odd piece of JSON syntax.
    if (argc == 3) {
        for (auto const& e : fs::directory_iterator(argv[2])) {
            if (e.path().extension() != ".json") continue;
            std::ifstream in(e.path(), std::ios::binary);
            std::string const text((std::istreambuf_iterator<char>(in)), {});
            write(out / "decode", "jts_wf_" + e.path().stem().string(), wf + text);
            write(out / "decode", "jts_list_" + e.path().stem().string(), list + text);
        }
    }
    return 0;
}
