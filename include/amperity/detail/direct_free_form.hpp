// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_DIRECT_FREE_FORM_HPP
#define AMPERITY_DETAIL_DIRECT_FREE_FORM_HPP

// A free-form member (a boost::json::value, such as workflow_error::data) as the direct
// decoder builds it: a boost::json::value_stack fed by the parser handler, plus the path inside
// the value so far, for error messages.

#include <amperity/detail/codec_common.hpp>
#include <amperity/detail/direct_slots.hpp>

#include <boost/json/value.hpp>
#include <boost/json/value_stack.hpp>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <system_error>
#include <string>
#include <string_view>
#include <vector>

namespace amperity::detail {

class free_form_builder {
public:
    /// Nesting inside the value being built; 0 when not inside one.
    std::size_t depth() const noexcept { return depth_; }
    boost::json::value_stack& stack() noexcept { return stack_; }

    /// A free-form value starts at `target` (a slot of kind any).
    AMPERITY_COLD void begin(slot const& target) {
        target_ = target;
        stack_.reset();
    }

    /// A value starts inside a free-form container: count it for error paths.
    void value() {
        segment& top = path_[depth_ - 1];
        if (top.is_array) ++top.index;
    }

    void open(bool is_array) {
        if (depth_ != 0) value();
        if (path_.size() <= depth_) path_.emplace_back();
        segment& seg = path_[depth_++];
        seg.is_array = is_array;
        seg.index = 0;
        seg.key.clear();
    }

    /// A container closes; the outermost one completes the value.
    bool close() {
        if (--depth_ == 0) commit();
        return true;
    }

    /// The key of the member that starts next.
    void key(std::string_view k) { path_[depth_ - 1].key.assign(k.data(), k.size()); }

    /// Moves the finished value into the target.
    void commit() {
        boost::json::value v = stack_.release();
        *static_cast<boost::json::value*>(target_.target) = std::move(v);
    }

    void clear() noexcept { depth_ = 0; }

    /// The JSONPath steps inside the value, appended to `path`.
    void append_path(std::string& path) const {
        for (std::size_t i = 0; i < depth_; ++i) {
            segment const& a = path_[i];
            path += a.is_array ? index_path(a.index - 1) : member_path(a.key);
        }
    }

    /// A free-form double: correctly rounded, and finite (JSON cannot express infinity); false
    /// when the text is out of the range of a double.
    static bool exact_double(double parsed, std::string_view text, double& out) {
        double v = 0;
        auto const r = std::from_chars(text.data(), text.data() + text.size(), v);
        if (r.ec == std::errc() && r.ptr == text.data() + text.size() && std::isfinite(v)) {
            out = v;
            return true;
        }
        if (r.ec == std::errc::result_out_of_range && std::isfinite(parsed) &&
            std::fabs(parsed) < 1.0) {
            // Underflow: the parser's zero (or subnormal) is as close as a double gets.
            out = parsed;
            return true;
        }
        return false;
    }

private:
    struct segment {
        bool is_array = false;
        std::size_t index = 0; // elements started so far (arrays)
        std::string key;       // the last key (objects)
    };

    std::size_t depth_ = 0;
    slot target_{};
    boost::json::value_stack stack_{};
    std::vector<segment> path_;
};

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_DIRECT_FREE_FORM_HPP
