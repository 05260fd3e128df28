// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_DIRECT_CODEC_HPP
#define AMPERITY_DETAIL_DIRECT_CODEC_HPP

// The direct decoder: a boost::json::basic_parser handler that writes into the generated
// structs as the parser reads, without building a DOM. A stack of frames (one per open object
// or array of the target type) with a 64-bit seen-mask per object; keys go through the
// generated object_schema<T>::find to a slot (direct_slots.hpp); unknown members are skipped by
// counting nesting; free-form members are built by direct_free_form.hpp. The first error in
// document order wins, once the whole text is known to be JSON. It must agree with the DOM
// reference decoder (tests/oracle/dom_codec.hpp) on every result and every error
// (tests/unit/codec_differential.cpp); where it is stricter, and why, is in docs/design.md
// ("Direct decoder") and the README's decoding rules.

#include <amperity/detail/assign_chars.hpp>
#include <amperity/detail/codec_common.hpp>
#include <amperity/detail/direct_free_form.hpp>
#include <amperity/detail/direct_slots.hpp>
#include <amperity/detail/schema.hpp>
#include <amperity/enum.hpp>
#include <amperity/error.hpp>
#include <amperity/time.hpp>

#include <boost/json/array.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value_stack.hpp>

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>
namespace amperity::detail {

namespace json = boost::json;

/// The basic_parser handler. Not a template: one instantiation serves every target type.
class direct_handler {
public:
    // The same limits as boost::json::parser's handler, so both codecs refuse the same inputs.
    static constexpr std::size_t max_object_size = json::object::max_size();
    static constexpr std::size_t max_array_size = json::array::max_size();
    static constexpr std::size_t max_key_size = json::string::max_size();
    static constexpr std::size_t max_string_size = json::string::max_size();

    /// Starts a document whose root value goes to `root`.
    void begin(slot root) noexcept {
        depth_ = 0;
        skip_ = 0;
        any_.clear();
        pending_ = root;
        failed_ = false;
        failure_ = {};
        key_.clear();
        text_.clear();
        number_.clear();
    }

    bool failed() const noexcept { return failed_; }
    decode_failure& failure() noexcept { return failure_; }

    // ---- basic_parser events -----------------------------------------------------------
    bool on_document_begin(boost::system::error_code&) noexcept { return true; }
    bool on_document_end(boost::system::error_code&) noexcept { return true; }
    bool on_comment_part(std::string_view, boost::system::error_code&) noexcept { return true; }
    bool on_comment(std::string_view, boost::system::error_code&) noexcept { return true; }

    AMPERITY_HOT_INLINE bool on_object_begin(boost::system::error_code&) {
        return open_container(false);
    }

    AMPERITY_HOT_INLINE bool on_object_end(std::size_t n, boost::system::error_code&) {
        if (skip_ != 0) return --skip_, true;
        if (failed_) return true;
        if (any_.depth() != 0) {
            any_.stack().push_object(n);
            return any_.close();
        }
        frame& f = stack_[depth_ - 1];
        auto const& ops = *static_cast<struct_ops const*>(f.ops);
        if (std::uint64_t const missing = ops.required & ~f.seen) {
            int const field = std::countr_zero(missing);
            f.field = -1; // the path ends at this object, then names the member
            fail(errc::missing_field, message::missing_field(ops.expected(field)));
            failure_.path += member_path(ops.wire(field));
            return true;
        }
        ops.finish(f.object, f.seen);
        --depth_;
        return true;
    }

    AMPERITY_HOT_INLINE bool on_array_begin(boost::system::error_code&) {
        return open_container(true);
    }

    AMPERITY_HOT_INLINE bool on_array_end(std::size_t n, boost::system::error_code&) {
        if (skip_ != 0) return --skip_, true;
        if (failed_) return true;
        if (any_.depth() != 0) {
            any_.stack().push_array(n);
            return any_.close();
        }
        frame& f = stack_[depth_ - 1];
        static_cast<array_ops const*>(f.ops)->finish(f.object, static_cast<std::size_t>(f.seen));
        --depth_;
        return true;
    }

    bool on_key_part(std::string_view s, std::size_t, boost::system::error_code&) {
        if (skip_ != 0 || failed_) return true;
        if (any_.depth() != 0) any_.stack().push_chars(s);
        key_.append(s.data(), s.size());
        return true;
    }

    AMPERITY_HOT_INLINE bool on_key(std::string_view s, std::size_t, boost::system::error_code&) {
        if ((skip_ | any_.depth()) != 0 || failed_ || !key_.empty()) [[unlikely]]
            return on_key_slow(s);
        return bind_key(s);
    }

    bool on_string_part(std::string_view s, std::size_t, boost::system::error_code&) {
        if (skip_ != 0 || failed_) return true;
        if (any_.depth() != 0) return any_.stack().push_chars(s), true;
        text_.append(s.data(), s.size());
        return true;
    }

    AMPERITY_HOT_INLINE bool on_string(std::string_view s, std::size_t, boost::system::error_code&) {
        if (skip_ != 0 || failed_) return true;
        if (any_.depth() != 0) return any_.value(), any_.stack().push_string(s), true;
        std::string_view value = s;
        if (!text_.empty()) {
            text_.append(s.data(), s.size());
            value = text_;
        }
        slot const& s2 = next_slot();
        bool const ok = write_string(s2, value);
        text_.clear();
        return ok;
    }

    bool on_number_part(std::string_view s, boost::system::error_code&) {
        if (skip_ != 0 || failed_) return true;
        number_.append(s.data(), s.size());
        return true;
    }

    AMPERITY_HOT_INLINE bool on_int64(std::int64_t i, std::string_view, boost::system::error_code&) {
        number_.clear();
        if (skip_ != 0 || failed_) return true;
        if (any_.depth() != 0) return any_.value(), any_.stack().push_int64(i), true;
        slot const& s = next_slot();
        switch (s.kind) {
        case slot_kind::skip: return true;
        case slot_kind::integer: *static_cast<std::int64_t*>(s.target) = i; return true;
        case slot_kind::any: return any_scalar(s, [&] { any_.stack().push_int64(i); });
        default: return type_error(s, "an integer");
        }
    }

    bool on_uint64(std::uint64_t u, std::string_view, boost::system::error_code&) {
        number_.clear();
        if (skip_ != 0 || failed_) return true;
        if (any_.depth() != 0) return any_.value(), any_.stack().push_uint64(u), true;
        slot const& s = next_slot();
        switch (s.kind) {
        case slot_kind::skip: return true;
        case slot_kind::integer:
            if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                return fail(errc::number_out_of_range, message::integer_too_large(u));
            *static_cast<std::int64_t*>(s.target) = static_cast<std::int64_t>(u);
            return true;
        case slot_kind::any: return any_scalar(s, [&] { any_.stack().push_uint64(u); });
        default: return type_error(s, "an integer");
        }
    }

    bool on_double(double d, std::string_view s, boost::system::error_code&) {
        if (skip_ != 0 || failed_) return number_.clear(), true;
        std::string_view text = s;
        if (!number_.empty()) {
            number_.append(s.data(), s.size());
            text = number_;
        }
        if (any_.depth() != 0) {
            any_.value();
            double v = 0;
            if (exact_double(d, text, v)) any_.stack().push_double(v);
        } else {
            slot const& sl = next_slot();
            switch (sl.kind) {
            case slot_kind::skip: break;
            case slot_kind::integer: {
                auto const r = judge_integer_literal(text);
                if (r.result == exact_integer::verdict::out_of_range)
                    fail(errc::number_out_of_range, message::not_exact_integer);
                else if (r.result == exact_integer::verdict::fractional)
                    fail(errc::number_out_of_range, message::fractional);
                else
                    *static_cast<std::int64_t*>(sl.target) = r.value;
                break;
            }
            case slot_kind::any: {
                double v = 0;
                any_scalar(sl, [&] {
                    if (exact_double(d, text, v)) any_.stack().push_double(v);
                });
                break;
            }
            default: type_error(sl, "a number");
            }
        }
        number_.clear();
        return true; // errors are recorded; the parser always goes on (see fail)
    }

    bool on_bool(bool b, boost::system::error_code&) {
        if (skip_ != 0 || failed_) return true;
        if (any_.depth() != 0) return any_.value(), any_.stack().push_bool(b), true;
        slot const& s = next_slot();
        switch (s.kind) {
        case slot_kind::skip: return true;
        case slot_kind::boolean: *static_cast<bool*>(s.target) = b; return true;
        case slot_kind::any: return any_scalar(s, [&] { any_.stack().push_bool(b); });
        default: return type_error(s, "a boolean");
        }
    }

    bool on_null(boost::system::error_code&) {
        if (skip_ != 0 || failed_) return true;
        if (any_.depth() != 0) return any_.value(), any_.stack().push_null(), true;
        slot const& s = next_slot();
        if (s.kind == slot_kind::skip) return true;
        if (s.member) {
            if (s.holder) {
                s.disengage(s.holder);
                return true;
            }
            return fail(errc::missing_field, message::missing_field(expected_text_of(s)));
        }
        if (s.kind == slot_kind::any) return any_scalar(s, [&] { any_.stack().push_null(); });
        return type_error(s, "null");
    }

private:
    /// An object or array starts: a struct or vector to fill, free-form JSON, or a value to skip.
    AMPERITY_HOT_INLINE bool open_container(bool is_array) {
        if (skip_ != 0) return ++skip_, true;
        if (failed_) return true;
        if (any_.depth() != 0) return any_.open(is_array), true;
        slot const& s = next_slot();
        if (s.kind == (is_array ? slot_kind::array : slot_kind::object)) {
            push(s.target, s.ops, is_array);
            return true;
        }
        switch (s.kind) {
        case slot_kind::skip: skip_ = 1; return true;
        case slot_kind::any: any_.begin(s), any_.open(is_array); return true;
        default: return type_error(s, is_array ? "an array" : "an object");
        }
    }

    AMPERITY_HOT_INLINE bool bind_key(std::string_view key) {
        frame& f = stack_[depth_ - 1];
        int const field = static_cast<struct_ops const*>(f.ops)->bind(f.object, key, pending_);
        if (field < 0) {
            pending_.kind = slot_kind::skip;
            return true;
        }
        std::uint64_t const bit = std::uint64_t{1} << field;
        f.field = field;
        if (f.seen & bit) [[unlikely]]
            return fail(errc::duplicate_member, message::duplicate_member);
        f.seen |= bit;
        return true;
    }

    AMPERITY_COLD bool on_key_slow(std::string_view s) {
        if (skip_ != 0 || failed_) return true;
        std::string_view key = s;
        if (!key_.empty()) {
            key_.append(s.data(), s.size());
            key = key_;
        }
        if (any_.depth() != 0) {
            any_.stack().push_key(s);
            any_.key(key);
        } else {
            bind_key(key);
        }
        key_.clear();
        return true;
    }

    struct frame {
        void* object;
        void const* ops;     // struct_ops or array_ops
        std::uint64_t seen;  // objects: members seen; arrays: elements so far
        int field;           // objects: the member being read (-1: none yet)
        bool is_array;
    };


    void push(void* object, void const* ops, bool is_array) {
        if (depth_ == max_json_depth + 1) {
            // Unreachable: the parser refuses documents deeper than max_json_depth first.
            fail(errc::invalid_json, message::too_deep);
            return;
        }
        stack_[depth_++] = frame{object, ops, 0, -1, is_array};
    }

    /// The slot of the value starting now: the pending member, or the next array element.
    AMPERITY_HOT_INLINE slot const& next_slot() {
        if (depth_ != 0) {
            frame& f = stack_[depth_ - 1];
            if (f.is_array)
                static_cast<array_ops const*>(f.ops)->element(
                    f.object, static_cast<std::size_t>(f.seen++), pending_);
        }
        return pending_;
    }

    AMPERITY_HOT_INLINE bool write_string(slot const& s, std::string_view value) {
        switch (s.kind) {
        case slot_kind::skip: return true;
        case slot_kind::string:
            // A plain copy into the existing storage (assign goes through the general,
            // aliasing-safe replace; value points into the input or a scratch string).
            assign_chars(*static_cast<std::string*>(s.target), value);
            return true;
        case slot_kind::timestamp: {
            timestamp fast{};
            if (parse_timestamp_fast(value, fast, &date_cache_)) {
                *static_cast<timestamp*>(s.target) = fast;
                return true;
            }
            auto r = parse_timestamp_general(value);
            if (!r)
                return fail(errc::invalid_timestamp,
                            message::bad_timestamp(value, r.error, r.position));
            *static_cast<timestamp*>(s.target) = r.value;
            return true;
        }
        case slot_kind::date_or_time: {
            auto r = date_or_time::parse(value);
            if (!r)
                return fail(errc::invalid_timestamp,
                            message::bad_date_or_time(value, r.error, r.position));
            *static_cast<date_or_time*>(s.target) = r.value;
            return true;
        }
        case slot_kind::enumeration: {
            auto const& ops = *static_cast<enum_ops const*>(s.ops);
            if (ops.assign(s.target, value)) return true;
            return fail(errc::invalid_enum_value, message::bad_enum(ops.expected, value));
        }
        case slot_kind::any: return any_scalar(s, [&] { any_.stack().push_string(value); });
        default: return type_error(s, "a string");
        }
    }

    AMPERITY_COLD bool type_error(slot const& s, char const* got) {
        return fail(errc::unexpected_type, message::type_mismatch(accepts(s), got));
    }

    /// Records the first failure and its path; the parser goes on to validate the rest.
    AMPERITY_COLD bool fail(errc code, std::string detail) {
        failed_ = true;
        failure_.code = code;
        failure_.detail = std::move(detail);
        failure_.path.clear();
        for (std::size_t i = 0; i < depth_; ++i) {
            frame const& f = stack_[i];
            if (f.is_array) {
                failure_.path += '[';
                failure_.path += std::to_string(f.seen - 1);
                failure_.path += ']';
            } else if (f.field >= 0) {
                failure_.path += member_path(static_cast<struct_ops const*>(f.ops)->wire(f.field));
            }
        }
        any_.append_path(failure_.path);
        return true; // keep parsing: invalid JSON later in the text takes precedence
    }

    template <class Push>
    bool any_scalar(slot const& s, Push push) {
        any_.begin(s);
        push();
        if (!failed_) any_.commit();
        return true;
    }

    AMPERITY_COLD bool exact_double(double parsed, std::string_view text, double& out) {
        if (free_form_builder::exact_double(parsed, text, out)) return true;
        fail(errc::number_out_of_range, message::double_out_of_range);
        return false;
    }

    frame stack_[max_json_depth + 1]; // written by push() before it is read
    std::size_t depth_ = 0;
    std::size_t skip_ = 0;      // > 0: inside an unknown member's value, at this nesting
    slot pending_{};            // the member whose key was read last
    free_form_builder any_;     // a free-form value being built (depth() > 0: inside one)
    bool failed_ = false;
    decode_failure failure_{};
    swar_date_cache date_cache_{}; // the last timestamp's date, already converted
    std::string key_;    // a key delivered in parts (escapes)
    std::string text_;   // a string delivered in parts
    std::string number_; // a number delivered in parts
};

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_DIRECT_CODEC_HPP
