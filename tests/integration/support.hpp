// Shared fixtures of the integration tests: an in-process amperity-emulator on its own thread
// (loopback TLS with the CA it generates) and helpers to run client calls to completion.
#ifndef AMPERITY_TESTS_INTEGRATION_SUPPORT_HPP
#define AMPERITY_TESTS_INTEGRATION_SUPPORT_HPP

#include <amperity/amperity.hpp>

#include <amperity/emulator/emulator.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace amperity_it {

namespace asio = boost::asio;
using namespace std::chrono_literals;

inline constexpr char static_token[] = "emulator-token-5f1d";
inline constexpr char client_secret_value[] = "emulator-secret-9c2e";

/// Every message a test saw (error messages, diagnostics): the last test case checks that no
/// secret ever appears in one.
std::vector<std::string>& captured_output();
void capture(amperity::diagnostics const& d);
void capture(std::string s);

/// An emulator running on its own thread for the lifetime of the fixture.
class emulator {
public:
    explicit emulator(amperity::emulator::options opts = default_options());
    ~emulator();

    static amperity::emulator::options default_options();

    amperity::emulator::server& server() { return *server_; }
    std::string base_url() const { return server_->base_url(); }
    std::string const& ca_file() const { return ca_file_; }
    amperity::emulator::stats stats() const { return server_->get_stats(); }

    /// Options for a client that trusts this emulator, with quick retries.
    amperity::client_options client_options() const;

private:
    asio::io_context io_;
    std::optional<amperity::emulator::server> server_;
    std::thread thread_;
    std::string ca_file_;
};

/// Runs `io` until `f` (a coroutine) completes; rethrows its exception.
template <class F>
void run_coro(asio::io_context& io, F f) {
    std::exception_ptr error;
    asio::co_spawn(io, std::move(f), [&](std::exception_ptr e) { error = e; });
    io.restart();
    io.run();
    if (error) std::rethrow_exception(error);
}

/// Starts `n` concurrent get-workflow calls for `id` and runs `io` until they are done; returns
/// how many succeeded.
int concurrent_gets(asio::io_context& io, amperity::client& c, std::string const& id, int n);

/// The result of one call, for table tests.
template <class T>
struct outcome {
    boost::system::error_code ec;
    T value{};
    amperity::diagnostics diag;
};

} // namespace amperity_it

#endif
