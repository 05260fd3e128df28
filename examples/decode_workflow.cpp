// Decodes an Amperity API response body (a file, or stdin) into the generated types and prints
// it readably. Used by scripts/demo and by the interop tests (Prism's responses go through it).
//
//     amperity-decode examples/data/run-workflow-response.json
//     curl ... | amperity-decode --type workflow_list -
//
// Exit codes: 0 decoded, 1 the body does not match the spec (message names the JSON path),
// 2 usage or I/O error.

#include <amperity/model.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>

namespace {

std::string show(std::optional<std::string> const& s) { return s ? *s : std::string("-"); }

std::string show(amperity::timestamp t) { return amperity::format_timestamp(t); }

std::string show(std::optional<amperity::timestamp> const& t) {
    return t ? amperity::format_timestamp(*t) : std::string("-");
}

void print(amperity::workflow const& wf, std::string_view indent = "") {
    std::cout << indent << "workflow " << wf.id;
    if (wf.name) std::cout << " \"" << *wf.name << '"';
    std::cout << '\n'
              << indent << "  type        " << wf.type << '\n'
              << indent << "  state       " << wf.state.wire()
              << (wf.state.is_known() ? "" : " (not a state this SDK knows)")
              << (wf.state.is_terminal() ? " (final)" : "") << '\n'
              << indent << "  tenant      " << wf.tenant << '\n'
              << indent << "  created at  " << show(wf.created_at) << '\n'
              << indent << "  ended at    " << show(wf.ended_at) << '\n'
              << indent << "  started by  " << show(wf.principal_name) << " ("
              << show(wf.principal_id) << ")\n"
              << indent << "  versions    launched " << show(wf.launched_version) << ", current "
              << show(wf.current_version) << '\n';
    if (wf.task_instances) {
        std::cout << indent << "  tasks       " << wf.task_instances->size() << '\n';
        for (auto const& t : *wf.task_instances)
            std::cout << indent << "    - " << t.id << "  " << t.state.wire() << "  "
                      << show(t.label) << '\n';
    }
    if (wf.error) std::cout << indent << "  error       " << wf.error->type << ": " << wf.error->message << '\n';
}

template <class T>
int decode_and_print(std::string const& body) {
    auto r = amperity::decode<T>(body);
    if (!r) {
        std::cerr << "amperity-decode: " << r.error().message() << '\n';
        return 1;
    }
    if constexpr (std::is_same_v<T, amperity::workflow>) {
        print(*r);
    } else if constexpr (std::is_same_v<T, amperity::workflow_list>) {
        std::cout << r->data.size() << " workflows"
                  << (r->next_token && !r->next_token->empty() ? " (more pages)" : "") << '\n';
        for (auto const& wf : r->data) print(wf, "  ");
    } else {
        std::cout << amperity::encode(*r) << '\n';
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::string type = "workflow";
    std::string path;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--type" && i + 1 < argc) type = argv[++i];
        else if (a == "-h" || a == "--help") {
            std::cout << "usage: amperity-decode [--type workflow|workflow_list|error_response|"
                         "audit_event_list|campaign_list|segment_list|ingest_job_details|"
                         "ingest_job_details_list] FILE|-\n";
            return 0;
        } else path = std::string(a);
    }
    if (path.empty()) {
        std::cerr << "amperity-decode: no input file (use - for stdin)\n";
        return 2;
    }
    std::string body;
    if (path == "-") {
        body.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            std::cerr << "amperity-decode: cannot open " << path << '\n';
            return 2;
        }
        body.assign(std::istreambuf_iterator<char>(in), {});
    }
    if (type == "workflow") return decode_and_print<amperity::workflow>(body);
    if (type == "workflow_list") return decode_and_print<amperity::workflow_list>(body);
    if (type == "error_response") return decode_and_print<amperity::error_response>(body);
    if (type == "audit_event_list") return decode_and_print<amperity::audit_event_list>(body);
    if (type == "campaign_list") return decode_and_print<amperity::campaign_list>(body);
    if (type == "segment_list") return decode_and_print<amperity::segment_list>(body);
    if (type == "ingest_job_details") return decode_and_print<amperity::ingest_job_details>(body);
    if (type == "ingest_job_details_list")
        return decode_and_print<amperity::ingest_job_details_list>(body);
    std::cerr << "amperity-decode: unknown --type " << type << '\n';
    return 2;
}
