// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_REDACT_HPP
#define AMPERITY_DETAIL_REDACT_HPP

// Blanking secrets a server echoes back. A hostile or careless server can put the bearer token,
// an OAuth-issued token or the client secret into an error body, a header or a JSON value, and
// from there it would reach diagnostics, logs and the CLI's output. A redactor holds every secret
// a client has (bounded: the static ones plus the last `max_history` issued tokens) and replaces
// any piece of one in a text: every run of bytes covered by an occurrence of `piece_length`
// consecutive bytes of a secret (the whole secret when it is shorter) becomes "[redacted]".
// Text is scrubbed before it is cut, so a secret straddling a cut cannot leave a prefix behind
// (scrub_prefix).
//
// Cost: one pass over the text per distinct window length with a hash lookup per byte, so even a
// 16 MiB message is scrubbed in milliseconds; error paths only.

#include <amperity/error.hpp>
#include <amperity/secret.hpp>

#include <algorithm>
#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace amperity::detail {

class redactor {
public:
    /// A piece of a secret this long is never shown (shorter secrets: the whole secret).
    static constexpr std::size_t piece_length = 12;
    /// Secrets shorter than this are not searched for (they would blank ordinary words).
    static constexpr std::size_t min_secret_length = 4;
    /// Issued (rotating) secrets kept after they were replaced.
    static constexpr std::size_t max_history = 8;
    static constexpr std::string_view marker = "[redacted]";

    /// A secret held for the client's lifetime (bearer token, client secret, proxy password).
    void add_permanent(secret const& s) { add(permanent_, s); }
    /// A secret issued at run time (an OAuth access token); the oldest beyond max_history go.
    void add_issued(secret const& s) {
        add(issued_, s);
        while (issued_.size() > max_history) issued_.pop_front();
    }

    bool empty() const noexcept { return permanent_.empty() && issued_.empty(); }
    std::size_t longest() const noexcept {
        std::size_t n = 0;
        for (auto const* list : {&permanent_, &issued_})
            for (auto const& s : *list) n = std::max(n, s.size());
        return n;
    }

    /// `text` with every piece of every secret replaced by "[redacted]".
    std::string scrub(std::string_view text) const {
        if (empty() || text.empty()) return std::string(text);
        std::vector<bool> hidden(text.size(), false);
        bool any = false;
        for (auto const* list : {&permanent_, &issued_})
            for (auto const& s : *list) any |= mark(text, s.reveal(), hidden);
        if (!any) return std::string(text);
        std::string out;
        out.reserve(text.size());
        for (std::size_t i = 0; i < text.size();) {
            if (!hidden[i]) {
                out += text[i++];
                continue;
            }
            out += marker;
            while (i < text.size() && hidden[i]) ++i;
        }
        return out;
    }

    /// At most `max_bytes` of the scrubbed text (cut on a UTF-8 boundary). Only a window of
    /// `max_bytes` + the longest secret is scrubbed: whatever it hides is all that can reach the
    /// first `max_bytes` bytes.
    std::string scrub_prefix(std::string_view text, std::size_t max_bytes) const {
        auto const window = text.substr(0, std::min(text.size(), max_bytes + longest()));
        auto const scrubbed = scrub(window);
        return std::string(utf8_prefix(scrubbed, max_bytes));
    }

    /// Scrubs `s` in place.
    void scrub_in_place(std::string& s) const {
        if (!empty() && !s.empty()) s = scrub(s);
    }

private:
    static void add(std::deque<secret>& list, secret const& s) {
        if (s.size() < min_secret_length) return;
        for (auto const& held : list)
            if (held == s) return;
        list.push_back(s);
    }

    /// Marks the bytes of `text` covered by a piece of `value`; true when any was found.
    static bool mark(std::string_view text, std::string_view value, std::vector<bool>& hidden) {
        auto const w = std::min(value.size(), piece_length);
        if (text.size() < w) return false;
        bool found = false;
        if (w == value.size()) {
            for (auto at = text.find(value); at != std::string_view::npos;
                 at = text.find(value, at + 1)) {
                std::fill_n(hidden.begin() + static_cast<std::ptrdiff_t>(at), w, true);
                found = true;
            }
            return found;
        }
        std::unordered_set<std::string_view> pieces;
        pieces.reserve(value.size() - w + 1);
        for (std::size_t i = 0; i + w <= value.size(); ++i) pieces.insert(value.substr(i, w));
        for (std::size_t i = 0; i + w <= text.size(); ++i) {
            if (pieces.contains(text.substr(i, w))) {
                std::fill_n(hidden.begin() + static_cast<std::ptrdiff_t>(i), w, true);
                found = true;
            }
        }
        return found;
    }

    std::deque<secret> permanent_;
    std::deque<secret> issued_;
};

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_REDACT_HPP
