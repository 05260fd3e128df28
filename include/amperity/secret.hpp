// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_SECRET_HPP
#define AMPERITY_SECRET_HPP

// A string that must never be printed: access tokens and client secrets. It cannot be streamed
// or converted to a string implicitly; the only way to read it is reveal(), which the
// transport calls when it writes the Authorization header or the token request body. Error
// messages, diagnostics and logs never contain one (tests check the emulator's token appears
// in no captured output).

#include <algorithm>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>

namespace amperity {

/// A string that must never be printed (tokens, client secrets): not streamable, wiped from
/// memory when destroyed or overwritten; read it only with reveal().
class secret {
public:
    secret() = default;
    /// Takes ownership of `value`.
    explicit secret(std::string value) noexcept : value_(std::move(value)) {}

    /// Copies the secret.
    secret(secret const&) = default;
    /// Copies the secret, wiping the old value.
    secret& operator=(secret const& other) {
        if (this != &other) {
            wipe();
            value_ = other.value_;
        }
        return *this;
    }
    /// Moves the secret; `other` is wiped.
    secret(secret&& other) noexcept : value_(std::move(other.value_)) { other.wipe(); }
    /// Moves the secret, wiping the old value and `other`.
    secret& operator=(secret&& other) noexcept {
        if (this != &other) {
            wipe();
            value_ = std::move(other.value_);
            other.wipe();
        }
        return *this;
    }
    ~secret() { wipe(); }

    /// True when there is no secret.
    bool empty() const noexcept { return value_.empty(); }
    /// Its length in bytes.
    std::size_t size() const noexcept { return value_.size(); }

    /// The secret itself. Call it only where the value goes on the wire.
    std::string_view reveal() const noexcept { return value_; }

    /// Constant-time comparison (the emulator compares presented tokens with these).
    friend bool operator==(secret const& a, secret const& b) noexcept {
        if (a.value_.size() != b.value_.size()) return false;
        unsigned char diff = 0;
        for (std::size_t i = 0; i < a.value_.size(); ++i)
            diff = static_cast<unsigned char>(diff | (a.value_[i] ^ b.value_[i]));
        return diff == 0;
    }

    // Deliberately not printable: `std::cout << token` does not compile.
    template <class Char, class Traits>
    friend std::basic_ostream<Char, Traits>& operator<<(std::basic_ostream<Char, Traits>&,
                                                        secret const&) = delete;

private:
    void wipe() noexcept {
        // The whole capacity: a short value lives in the string object itself, and a moved-from
        // string keeps its old bytes past size(). resize() within capacity never allocates.
        value_.resize(value_.capacity());
        // Overwrite through a volatile pointer so the stores are not optimised away.
        volatile char* p = value_.data();
        for (std::size_t i = 0; i < value_.size(); ++i) p[i] = 0;
        value_.clear();
    }

    std::string value_;
};

} // namespace amperity

#endif // AMPERITY_SECRET_HPP
