// Shared fixtures of the integration tests: the public amperity::emulator::fixture (an
// in-process amperity-emulator on its own thread, loopback TLS with the CA it generates) with
// the tests' options, and helpers to run client calls to completion.
#ifndef AMPERITY_TESTS_INTEGRATION_SUPPORT_HPP
#define AMPERITY_TESTS_INTEGRATION_SUPPORT_HPP

#include <amperity/amperity.hpp>

#include <amperity/emulator/fixture.hpp>

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

/// The public test fixture (amperity::emulator::fixture: an emulator on its own thread, TLS with
/// a CA file it owns) with the tests' own secrets and quick runs, and client options tweaked for
/// tests: quick retries, no client-side rate limit.
class emulator : public amperity::emulator::fixture {
public:
    explicit emulator(amperity::emulator::options opts = default_options())
        : fixture(std::move(opts)) {}

    static amperity::emulator::options default_options();

    /// fixture::client_options() with quick retries.
    amperity::client_options client_options() const;
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

/// One get-workflow call for `id`, run to completion on `io`; its diagnostics and error message
/// are captured (for the no-secret check).
boost::system::error_code get_once(asio::io_context& io, amperity::client& c,
                                   amperity::diagnostics& diag, std::string const& id);

/// One run-workflow call (of the courier group cg-test), run to completion on `io` (`id`, when
/// given, receives the run's id); captured like get_once.
boost::system::error_code run_once(asio::io_context& io, amperity::client& c,
                                   amperity::diagnostics& diag, std::string* id = nullptr);

/// The result of one call, for table tests.
template <class T>
struct outcome {
    boost::system::error_code ec;
    T value{};
    amperity::diagnostics diag;
};

} // namespace amperity_it

#endif
