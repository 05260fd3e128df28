// The client through an HTTP proxy: a real tinyproxy (Debian's; scripts/bootstrap installs it),
// started per test on loopback with a generated configuration. The proxy must see only CONNECT
// requests, never the API traffic; its refusals (407, 403) are clear errors naming it; a tunnel
// it drops mid-call follows the retry rules (outcome_unknown for run-workflow); NO_PROXY
// bypasses it.
#include "support.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace amperity_it {

using amperity::errc;

namespace {

constexpr char proxy_user[] = "svc-proxy";
constexpr char proxy_password[] = "proxy-pass-4e7b19"; // in no output, ever

/// A port nothing listens on right now (bound, read, closed).
unsigned short free_port() {
    asio::io_context io;
    asio::ip::tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
    return a.local_endpoint().port();
}

/// A tinyproxy process on 127.0.0.1 for the lifetime of the object. Fails the test loudly when
/// tinyproxy is missing: it is a bootstrap dependency, never a reason to skip.
class tinyproxy {
public:
    struct config {
        unsigned short connect_port = 0; // the only port CONNECT may reach (0: any)
        bool basic_auth = false;
        unsigned short port = 0; // 0: a free one
    };

    explicit tinyproxy(config cfg) : cfg_(cfg) {
        static std::atomic<unsigned> n{0};
        dir_ = std::filesystem::temp_directory_path() /
               ("amperity-it-proxy-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
        std::filesystem::create_directories(dir_);
        if (cfg_.port == 0) cfg_.port = free_port();
        {
            std::ofstream conf(dir_ / "tinyproxy.conf");
            conf << "Port " << cfg_.port << "\nListen 127.0.0.1\nAllow 127.0.0.1\nTimeout 60\n"
                 << "MaxClients 32\nLogLevel Info\nLogFile \"" << log_path().string() << "\"\n";
            if (cfg_.connect_port) conf << "ConnectPort " << cfg_.connect_port << "\n";
            if (cfg_.basic_auth) conf << "BasicAuth " << proxy_user << " " << proxy_password << "\n";
        }
        start();
    }
    ~tinyproxy() {
        kill(SIGTERM);
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    tinyproxy(tinyproxy const&) = delete;
    tinyproxy& operator=(tinyproxy const&) = delete;

    unsigned short port() const { return cfg_.port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(cfg_.port); }
    std::string url_with(std::string const& user, std::string const& password) const {
        return "http://" + user + ":" + password + "@127.0.0.1:" + std::to_string(cfg_.port);
    }

    /// Everything tinyproxy logged so far.
    std::string log() const {
        std::ifstream in(log_path());
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    /// How many CONNECT requests to `port` the log shows.
    std::size_t connects_to(unsigned short port) const {
        auto const text = log();
        std::string const needle = "CONNECT 127.0.0.1:" + std::to_string(port) + " ";
        std::size_t count = 0;
        for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
            ++count;
        return count;
    }

    /// Stops the process (SIGKILL: every tunnel drops at once, as in a crash).
    void kill(int sig = SIGKILL) {
        if (pid_ <= 0) return;
        ::kill(pid_, sig);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }
    /// Starts it again with the same configuration and port.
    void start() {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        auto const out = (dir_ / "stdout.txt").string();
        posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                         0600);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        auto const conf = (dir_ / "tinyproxy.conf").string();
        std::string a0 = "tinyproxy", a1 = "-d", a2 = "-c", a3 = conf;
        char* argv[] = {a0.data(), a1.data(), a2.data(), a3.data(), nullptr};
        int const rc = posix_spawnp(&pid_, "tinyproxy", &actions, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        BOOST_REQUIRE_MESSAGE(rc == 0, "cannot start tinyproxy ("
                                           << std::strerror(rc)
                                           << "); scripts/bootstrap installs it (Debian: tinyproxy)");
        // Ready when it accepts connections.
        for (int i = 0; i < 250; ++i) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                BOOST_FAIL("tinyproxy exited at start: " << log());
            }
            asio::io_context io;
            asio::ip::tcp::socket s(io);
            boost::system::error_code ec;
            s.connect({asio::ip::make_address("127.0.0.1"), cfg_.port}, ec);
            if (!ec) return;
            std::this_thread::sleep_for(20ms);
        }
        BOOST_FAIL("tinyproxy did not listen on port " << cfg_.port << " within 5 s: " << log());
    }

private:
    std::filesystem::path log_path() const { return dir_ / "tinyproxy.log"; }

    config cfg_;
    std::filesystem::path dir_;
    pid_t pid_ = -1;
};

unsigned short emulator_port(emulator const& emu) {
    auto const url = emu.base_url(); // https://127.0.0.1:PORT/api
    auto const colon = url.rfind(':');
    return static_cast<unsigned short>(std::stoi(url.substr(colon + 1)));
}

/// No secret in a text the client produced.
void check_no_secret(std::string const& text) {
    BOOST_TEST(text.find(proxy_password) == std::string::npos, text);
    BOOST_TEST(text.find(static_token) == std::string::npos, text);
    BOOST_TEST(text.find("Proxy-Authorization") == std::string::npos, text);
}

} // namespace

BOOST_AUTO_TEST_SUITE(client_proxy)

BOOST_AUTO_TEST_CASE(calls_go_through_the_tunnel_and_the_proxy_sees_no_api_traffic) {
    emulator emu;
    auto const port = emulator_port(emu);
    tinyproxy proxy({.connect_port = port});
    asio::io_context io;
    auto opts = emu.client_options();
    opts.proxy.url = amperity::secret(proxy.url());
    amperity::client c(io.get_executor(), opts);

    amperity::diagnostics diag;
    std::string id;
    BOOST_TEST_REQUIRE(!run_once(io, c, diag, &id), diag.detail);
    BOOST_TEST(proxy.connects_to(port) == 1u); // run-workflow: a fresh connection
    for (int i = 0; i < 3; ++i) BOOST_TEST(!get_once(io, c, diag, id), diag.detail);
    run_coro(io, [&]() -> asio::awaitable<void> {
        amperity::list_workflows_params params{};
        auto list = co_await c.async_list_workflows(params, asio::use_awaitable);
        BOOST_TEST(!list.data.empty());
    });
    auto const stats = emu.stats();
    BOOST_TEST(stats.runs_started == 1u);
    BOOST_TEST(stats.requests_by_operation.at("get-workflow") == 3u);
    BOOST_TEST(stats.requests_by_operation.at("list-workflows") == 1u);
    // One tunnel for run-workflow, one pooled tunnel for the four idempotent calls.
    BOOST_TEST(proxy.connects_to(port) == 2u);
    BOOST_TEST(stats.connections == 2u);

    auto const log = proxy.log();
    BOOST_TEST_MESSAGE("tinyproxy log:\n" << log);
    for (auto clear : {"/api", "workflow", "Authorization", "Bearer", "amperity-tenant", "acme",
                       static_token})
        BOOST_TEST(log.find(clear) == std::string::npos, "the proxy saw " << clear);
}

BOOST_AUTO_TEST_CASE(oauth_token_requests_use_the_proxy_too) {
    emulator emu;
    auto const port = emulator_port(emu);
    tinyproxy proxy({.connect_port = port});
    asio::io_context io;
    auto opts = emu.client_options();
    opts.auth = amperity::client_credentials{"emulator-client",
                                             amperity::secret(client_secret_value), ""};
    opts.proxy.url = amperity::secret(proxy.url());
    amperity::client c(io.get_executor(), opts);
    amperity::diagnostics diag;
    BOOST_TEST(get_once(io, c, diag, "wf-none") == errc::http_not_found); // reached the API
    BOOST_TEST(emu.stats().tokens_issued == 1u);
    BOOST_TEST(proxy.connects_to(port) == 2u); // the token endpoint's tunnel and the API's
    BOOST_TEST(proxy.log().find(client_secret_value) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(basic_auth_right_credentials_pass_missing_or_wrong_ones_are_refused) {
    emulator emu;
    auto const port = emulator_port(emu);
    tinyproxy proxy({.connect_port = port, .basic_auth = true});
    asio::io_context io;
    auto opts = emu.client_options();

    opts.proxy.url = amperity::secret(proxy.url_with(proxy_user, proxy_password));
    {
        amperity::client c(io.get_executor(), opts);
        amperity::diagnostics diag;
        BOOST_TEST(!run_once(io, c, diag), diag.detail);
        BOOST_TEST(emu.stats().runs_started == 1u);
    }

    // tinyproxy 1.11 answers missing credentials with 407 and wrong ones with 401; both are
    // the proxy's authentication failing.
    struct refused_case {
        char const* name;
        std::string url;
        char const* status_line;
        char const* explanation;
    };
    for (auto const& [name, url, status_line, explanation] :
         {refused_case{"no credentials", proxy.url(), "\"407 Proxy Authentication Required\"",
                       "requires credentials"},
          refused_case{"wrong password", proxy.url_with(proxy_user, "not-the-password-1"),
                       "\"401 Unauthorized\"", "refused the user and password"},
          refused_case{"wrong user", proxy.url_with("someone", proxy_password),
                       "\"401 Unauthorized\"", "refused the user and password"}}) {
        BOOST_TEST_CONTEXT(name) {
            opts.proxy.url = amperity::secret(url);
            amperity::client c(io.get_executor(), opts);
            for (int run = 0; run < 2; ++run) {
                amperity::diagnostics diag;
                auto const ec = run ? run_once(io, c, diag) : get_once(io, c, diag, "wf-x");
                BOOST_TEST(ec == errc::proxy_auth_required, ec.message());
                BOOST_TEST(ec == amperity::condition::configuration);
                BOOST_TEST(diag.attempts == 1u); // not retried
                BOOST_TEST(!diag.request_written);
                BOOST_TEST(diag.http_status == 0u); // the API said nothing
                BOOST_TEST(diag.detail.find(proxy.url()) != std::string::npos, diag.detail);
                BOOST_TEST(diag.detail.find(status_line) != std::string::npos, diag.detail);
                BOOST_TEST(diag.detail.find(explanation) != std::string::npos, diag.detail);
                BOOST_TEST(diag.detail.find("@") == std::string::npos, diag.detail);
                check_no_secret(diag.detail);
                check_no_secret(ec.message());
            }
        }
    }
    BOOST_TEST(emu.stats().runs_started == 1u);
    BOOST_TEST(emu.stats().requests == 1u);
}

BOOST_AUTO_TEST_CASE(a_refusing_proxy_is_a_clear_error) {
    emulator emu;
    auto const port = emulator_port(emu);
    tinyproxy proxy({.connect_port = 443}); // not the emulator's port: 403
    asio::io_context io;
    auto opts = emu.client_options();
    opts.proxy.url = amperity::secret(proxy.url_with(proxy_user, proxy_password));
    amperity::client c(io.get_executor(), opts);
    for (int run = 0; run < 2; ++run) {
        amperity::diagnostics diag;
        auto const ec = run ? run_once(io, c, diag) : get_once(io, c, diag, "wf-x");
        BOOST_TEST(ec == errc::proxy_refused, ec.message());
        BOOST_TEST(ec == amperity::condition::transport);
        BOOST_TEST(diag.attempts == 1u);
        BOOST_TEST(!diag.request_written);
        BOOST_TEST(diag.detail.find(proxy.url()) != std::string::npos, diag.detail);
        BOOST_TEST(diag.detail.find("403") != std::string::npos, diag.detail);
        BOOST_TEST(diag.detail.find("127.0.0.1:" + std::to_string(port)) != std::string::npos,
                   diag.detail);
        check_no_secret(diag.detail);
    }
    BOOST_TEST(emu.stats().requests == 0u);
}

BOOST_AUTO_TEST_CASE(no_proxy_bypasses_the_proxy) {
    emulator emu;
    auto const port = emulator_port(emu);
    tinyproxy proxy({.connect_port = port});
    asio::io_context io;
    auto opts = emu.client_options();
    opts.proxy.url = amperity::secret(proxy.url());
    for (auto const& no_proxy : std::vector<std::string>{"127.0.0.1", "example.com, 127.0.0.0/8",
                                                         "*", "127.0.0.1:" + std::to_string(port)}) {
        BOOST_TEST_CONTEXT(no_proxy) {
            opts.proxy.no_proxy = no_proxy;
            amperity::client c(io.get_executor(), opts);
            amperity::diagnostics diag;
            BOOST_TEST(get_once(io, c, diag, "wf-none") == errc::http_not_found, diag.detail);
        }
    }
    BOOST_TEST(emu.stats().requests == 4u);
    BOOST_TEST(proxy.connects_to(port) == 0u);
    // Another port in the entry: the proxy is used.
    opts.proxy.no_proxy = "127.0.0.1:1";
    amperity::client c(io.get_executor(), opts);
    amperity::diagnostics diag;
    BOOST_TEST(get_once(io, c, diag, "wf-none") == errc::http_not_found, diag.detail);
    BOOST_TEST(proxy.connects_to(port) == 1u);
}

BOOST_AUTO_TEST_CASE(a_tunnel_dropped_mid_call_follows_the_retry_rules) {
    emulator emu;
    auto const port = emulator_port(emu);
    tinyproxy proxy({.connect_port = port});
    asio::io_context io;
    auto opts = emu.client_options();
    opts.proxy.url = amperity::secret(proxy.url());
    amperity::client c(io.get_executor(), opts);
    amperity::diagnostics diag;
    std::string id;
    BOOST_TEST_REQUIRE(!run_once(io, c, diag, &id), diag.detail);

    // The proxy dies while the emulator holds the answer (it has processed the request).
    auto kill_when_seen = [&](std::string const& operation) {
        auto const before = emu.stats().requests_by_operation[operation];
        return std::thread([&, operation, before] {
            for (int i = 0; i < 500; ++i) {
                if (emu.stats().requests_by_operation[operation] > before) break;
                std::this_thread::sleep_for(10ms);
            }
            std::this_thread::sleep_for(100ms);
            proxy.kill();
        });
    };
    amperity::emulator::fault slow{amperity::emulator::fault::kind::delay};
    slow.delay = 3s;

    slow.operation = "run-workflow";
    emu.inject(slow);
    {
        auto killer = kill_when_seen("run-workflow");
        diag = {};
        auto const ec = run_once(io, c, diag);
        killer.join();
        BOOST_TEST(ec == errc::outcome_unknown, ec.message() << " / " << diag.detail);
        BOOST_TEST(diag.attempts == 1u);
        BOOST_TEST(diag.request_written);
        BOOST_TEST(emu.stats().runs_started == 2u); // this call's one start, no second
    }

    // get-workflow: retried, but every retry finds no proxy: connection_failed naming it.
    proxy.start();
    slow.operation = "get-workflow";
    emu.inject(slow);
    {
        auto killer = kill_when_seen("get-workflow");
        diag = {};
        auto const ec = get_once(io, c, diag, id);
        killer.join();
        BOOST_TEST(ec == errc::connection_failed, ec.message() << " / " << diag.detail);
        BOOST_TEST(diag.attempts == 3u);
        BOOST_TEST(diag.detail.find("the proxy " + proxy.url()) != std::string::npos,
                   diag.detail);
    }

    // With the proxy back, the next call opens a new tunnel.
    proxy.start();
    diag = {};
    BOOST_TEST(!get_once(io, c, diag, id), diag.detail);
    BOOST_TEST(emu.stats().runs_started == 2u);
}

BOOST_AUTO_TEST_CASE(an_unreachable_proxy_is_connection_failed_naming_it) {
    emulator emu;
    asio::io_context io;
    auto opts = emu.client_options();
    auto const dead = "http://" + std::string(proxy_user) + ":" + proxy_password +
                      "@127.0.0.1:" + std::to_string(free_port());
    opts.proxy.url = amperity::secret(dead);
    amperity::client c(io.get_executor(), opts);
    for (int run = 0; run < 2; ++run) {
        amperity::diagnostics diag;
        auto const ec = run ? run_once(io, c, diag) : get_once(io, c, diag, "wf-x");
        BOOST_TEST(ec == errc::connection_failed, ec.message());
        BOOST_TEST(diag.attempts == 3u); // nothing was sent: retried, for run-workflow too
        BOOST_TEST(!diag.request_written);
        auto const shown = "connecting to the proxy http://127.0.0.1:";
        BOOST_TEST(diag.detail.find(shown) != std::string::npos, diag.detail);
        check_no_secret(diag.detail);
    }
    BOOST_TEST(emu.stats().requests == 0u);
}

BOOST_AUTO_TEST_CASE(a_bad_proxy_url_is_refused_at_creation) {
    asio::io_context io;
    emulator emu;
    auto opts = emu.client_options();
    for (auto bad : {"https://127.0.0.1:3128", "127.0.0.1:3128", "http://:3128",
                     "http://127.0.0.1:99999", "http://127.0.0.1:3128\r\nX-Evil: 1"}) {
        BOOST_TEST_CONTEXT(bad) {
            opts.proxy.url = amperity::secret(bad);
            auto r = amperity::client::create(io.get_executor(), opts);
            BOOST_TEST_REQUIRE(!r.has_value());
            BOOST_TEST(r.error().field() == "proxy");
            BOOST_TEST(r.error().value() == errc::invalid_url);
        }
    }
    opts.proxy.url = amperity::secret("http://svc:" + std::string(proxy_password) + "@h:0");
    auto r = amperity::client::create(io.get_executor(), opts);
    BOOST_TEST_REQUIRE(!r.has_value());
    capture(r.error().message());
    check_no_secret(r.error().message());
}

BOOST_AUTO_TEST_CASE(no_proxy_password_in_any_captured_output) {
    for (auto const& line : captured_output())
        BOOST_TEST(line.find(proxy_password) == std::string::npos, line);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace amperity_it
