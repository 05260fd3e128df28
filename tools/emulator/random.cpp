// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

#include "random.hpp"

#include "text.hpp"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace amperity::emulator::detail {

void random_bytes(std::span<unsigned char> out) {
    if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1)
        throw std::runtime_error("RAND_bytes failed");
}

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> b(bytes);
    random_bytes(b);
    return to_hex(b);
}

std::string uuid() {
    std::array<unsigned char, 16> b{};
    random_bytes(b);
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40); // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80); // RFC 4122 variant
    std::string const h = to_hex(b);
    return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) +
           '-' + h.substr(20);
}

std::string random_alnum(std::size_t n) {
    static constexpr std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string r;
    r.reserve(n);
    std::array<unsigned char, 64> buf{};
    while (r.size() < n) {
        random_bytes(buf);
        for (unsigned char c : buf) {
            // 248 = 4 * 62: rejecting the rest keeps the distribution uniform.
            if (c < 248 && r.size() < n)
                r += alphabet[c % alphabet.size()];
        }
    }
    return r;
}

} // namespace amperity::emulator::detail
