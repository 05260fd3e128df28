// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

// amperity::emulator::fixture: a server, the io_context and thread that drive it, and the CA
// file a client trusts. Kept out of the header so that users' test files include no Asio I/O
// objects.

#include <amperity/emulator/fixture.hpp>

#include <amperity/emulator/emulator.hpp>

#include <boost/asio/io_context.hpp>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <unistd.h>

namespace amperity::emulator {

namespace {

/// A new, empty, uniquely named file in the temporary directory (mkstemps: no race with
/// another process picking the same name). Returns its path.
std::string make_temp_pem() {
    auto pattern = (std::filesystem::temp_directory_path() / "amperity-emulator-ca-XXXXXX.pem").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    int const fd = ::mkstemps(buf.data(), 4);
    if (fd < 0)
        throw std::system_error(errno, std::generic_category(),
                                "amperity::emulator::fixture: cannot create a temporary CA file");
    ::close(fd);
    return std::string(buf.data());
}

} // namespace

struct fixture::impl {
    boost::asio::io_context io;
    options opts;
    std::optional<server> srv;
    std::thread thread;
    std::string ca_file;
    bool stopped = false;

    explicit impl(options o) : opts(std::move(o)) {
        srv.emplace(io.get_executor(), opts);
        srv->start();
        try {
            if (opts.tls) {
                ca_file = make_temp_pem();
                srv->write_ca(ca_file);
            }
        } catch (...) {
            remove_ca();
            srv->stop();
            io.run(); // lets the closed acceptor's handlers finish
            throw;
        }
        thread = std::thread([this] { io.run(); });
    }

    void remove_ca() noexcept {
        if (ca_file.empty()) return;
        std::error_code ec;
        std::filesystem::remove(ca_file, ec);
        ca_file.clear();
    }

    void stop() noexcept {
        if (stopped) return;
        stopped = true;
        srv->stop();
        // stop() leaves no work once its handlers ran: run() returns by itself.
        if (thread.joinable()) thread.join();
        remove_ca();
    }
};

fixture::fixture(options opts) : impl_(std::make_unique<impl>(std::move(opts))) {}

fixture::~fixture() { stop(); }

void fixture::stop() { impl_->stop(); }

amperity::client_options fixture::client_options() const {
    amperity::client_options o;
    o.base_url = impl_->srv->base_url();
    o.tenant = impl_->opts.tenant;
    o.ca_file = impl_->ca_file;
    if (!impl_->opts.api_versions.empty()) o.api_version = impl_->opts.api_versions.front();
    if (!impl_->opts.tokens.empty())
        o.auth = amperity::bearer_token{amperity::secret(impl_->opts.tokens.front())};
    else
        o.auth = amperity::client_credentials{impl_->opts.client_id,
                                              amperity::secret(impl_->opts.client_secret), token_url()};
    return o;
}

std::string fixture::base_url() const { return impl_->srv->base_url(); }

std::string fixture::token_url() const { return impl_->srv->base_url() + "/v0/oauth2/token"; }

unsigned short fixture::port() const { return impl_->srv->port(); }

std::string const& fixture::ca_file() const { return impl_->ca_file; }

options const& fixture::emulator_options() const { return impl_->opts; }

void fixture::inject(fault f) { impl_->srv->inject(std::move(f)); }

amperity::emulator::stats fixture::stats() const { return impl_->srv->get_stats(); }

std::uint64_t fixture::runs_started() const { return impl_->srv->get_stats().runs_started; }

void fixture::reset() { impl_->srv->reset(); }

} // namespace amperity::emulator
