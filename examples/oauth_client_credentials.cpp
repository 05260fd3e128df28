// OAuth2 client credentials instead of a fixed token: the client exchanges the id and secret
// for an access token, caches it, refreshes it before it expires (one refresh for any number
// of concurrent calls) and retries once with a fresh token after a 401.
//
//   AMPERITY_CLIENT_ID, AMPERITY_CLIENT_SECRET   from the Amperity UI ("Get OAuth credentials")
//   AMPERITY_TOKEN_URL   optional; default: AMPERITY_BASE_URL + "/v0/oauth2/token"
#include "environment.hpp"

#include <amperity/amperity.hpp>

#include <iostream>

int main() try {
    amperity::client_options opts;
    if (auto url = examples::env("AMPERITY_BASE_URL"); !url.empty()) opts.base_url = url;
    opts.tenant = examples::env("AMPERITY_TENANT");
    opts.ca_file = examples::env("AMPERITY_CA_FILE");
    amperity::client_credentials credentials;
    credentials.client_id = examples::env("AMPERITY_CLIENT_ID");
    // The secret lives in amperity::secret: it cannot be printed and never reaches an error
    // message, a log line or diagnostics.
    credentials.client_secret = amperity::secret(examples::env("AMPERITY_CLIENT_SECRET"));
    credentials.token_url = examples::env("AMPERITY_TOKEN_URL");
    opts.auth = std::move(credentials);

    amperity::sync_client c(std::move(opts)); // throws, naming the option, if one is invalid

    // Two calls, one token request.
    auto run = c.run_workflow(amperity::run_request{amperity::courier_group_id{"cg-123ABc4DE"}});
    if (!run) {
        std::cerr << "start failed: " << run.error().message() << '\n';
        return 1;
    }
    std::cout << "started " << run->id << " with an OAuth token\n";
    amperity::list_workflows_params params;
    params.limit = 10;
    auto page = c.list_workflows(params);
    if (!page) {
        std::cerr << "list failed: " << page.error().message() << '\n';
        return 1;
    }
    std::cout << "listed " << page->data.size() << " run(s) with the same token\n";
    return 0;
} catch (std::exception const& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 2;
}
