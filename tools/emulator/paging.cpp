// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.

#include "paging.hpp"

#include "random.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <charconv>
#include <span>
#include <stdexcept>

namespace amperity::emulator::detail {

page_tokens::page_tokens() {
    renew();
}

void page_tokens::renew() {
    random_bytes(key_);
}

std::string page_tokens::make(std::string_view list, std::uint64_t position) const {
    std::string const pos = std::to_string(position);
    return pos + "." + mac(list, pos);
}

std::optional<std::uint64_t> page_tokens::read(std::string_view list,
                                               std::string_view token) const {
    auto const dot = token.find('.');
    if (dot == std::string_view::npos)
        return std::nullopt;
    auto const pos = token.substr(0, dot);
    if (!constant_time_equal(token.substr(dot + 1), mac(list, pos)))
        return std::nullopt;
    std::uint64_t v = 0;
    auto const [end, ec] = std::from_chars(pos.data(), pos.data() + pos.size(), v);
    if (ec != std::errc() || end != pos.data() + pos.size())
        return std::nullopt;
    return v;
}

/// HMAC-SHA256 over "<list>\n<position>", its first 12 bytes in hex.
std::string page_tokens::mac(std::string_view list, std::string_view position) const {
    std::string const data = std::string(list) + '\n' + std::string(position);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (!HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
              reinterpret_cast<unsigned char const*>(data.data()), data.size(), digest.data(),
              &size))
        throw std::runtime_error("HMAC failed");
    return to_hex(std::span(digest.data(), std::min<std::size_t>(12, size)));
}

} // namespace amperity::emulator::detail
