// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_DIRECT_CODEC_HPP
#define AMPERITY_DETAIL_DIRECT_CODEC_HPP

// The direct decoder: a boost::json::basic_parser handler that writes into the generated
// structs as the parser reads, without building a DOM. It must agree with the DOM codec
// (dom_codec.hpp) on every result and every error; tests/unit/codec_differential.cpp checks it.
//
// How it works. The handler keeps a stack of frames, one per open object or array of the
// target type. A frame knows the object it fills (a type-erased pointer plus a table of
// functions instantiated per generated struct) and, for objects, a 64-bit mask of the members
// seen so far. A key goes through the generated `object_schema<T>::find` (a switch on the key's
// length and one distinguishing byte, then one constant-length compare), which yields a `slot`:
// the kind of value expected and where to write it. Scalars are written in place (strings are
// assigned into the existing std::string, reusing its capacity; timestamps and enums parsed
// from the parser's view of the input). Unknown members are skipped by counting nesting.
// Free-form members (boost::json::value) are built with a boost::json::value_stack.
//
// Errors. The first problem in document order wins, but only once the whole text is known to
// be JSON: after a decoding error the handler stops writing and lets the parser finish, so
// invalid JSON anywhere is reported as such, exactly as the DOM codec (which parses first)
// does. A required member that is missing is reported when its object closes; one that is
// null, where it appears. The path is rebuilt from the frame stack only when an error occurs.
//
// Where it is stricter than the DOM codec (documented in the README, pinned by tests):
// - a member the spec knows appearing twice in one object is an error (duplicate_member); the
//   DOM keeps the last one silently;
// - an integer member written as a decimal is judged by its exact decimal value, not by the
//   double it rounds to: 1.0000000000000001 is refused (it has a fractional part);
// - numbers in free-form members are converted with std::from_chars (correctly rounded), where
//   Boost.JSON before 1.83 may be one ulp off.

#include <amperity/detail/dom_codec.hpp>
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

#if defined(__GNUC__) || defined(__clang__)
#define AMPERITY_HOT_INLINE [[gnu::always_inline]] inline
#define AMPERITY_COLD [[gnu::cold, gnu::noinline]]
#define AMPERITY_FLATTEN [[gnu::flatten]]
#else
#define AMPERITY_HOT_INLINE inline
#define AMPERITY_COLD
#define AMPERITY_FLATTEN
#endif

namespace amperity::detail {

/// What a slot expects.
enum class slot_kind : std::uint8_t {
    skip,         ///< an unknown member: read and dropped
    string,       ///< std::string
    integer,      ///< std::int64_t
    boolean,      ///< bool
    timestamp,    ///< amperity::timestamp
    date_or_time, ///< amperity::date_or_time
    enumeration,  ///< closed or open enum (enum_ops)
    object,       ///< a generated struct (struct_ops)
    array,        ///< std::vector (array_ops)
    any,          ///< boost::json::value, free-form
};

struct slot;

/// Per generated struct: how to find and bind its members, and how to finish it.
struct struct_ops {
    bool (*bind)(void* object, std::string_view key, int& field, slot& out);
    void (*finish)(void* object, std::uint64_t seen) noexcept;
    std::string_view (*wire)(int field) noexcept;
    char const* (*expected)(int field) noexcept; // for "missing required field (expected ...)"
    std::uint64_t required;                       // bit i: field i is required
};

/// Per std::vector<E>: the slot of element i (grown on demand), and the final size.
struct array_ops {
    void (*element)(void* vector, std::size_t index, slot& out);
    void (*finish)(void* vector, std::size_t size) noexcept;
};

/// Per enum: assign from the wire string; false for a closed enum's unknown value.
struct enum_ops {
    bool (*assign)(void* target, std::string_view wire);
    std::string_view expected;
};

/// Where the next value goes. For an optional member the std::optional is engaged when its key
/// is read (as the DOM codec does before reading the value), `target` points at the value
/// inside, and `holder`/`disengage` reset it if the value turns out to be null.
struct slot {
    slot_kind kind = slot_kind::skip;
    bool member = false; // a struct member: null means absent (an error if required)
    void* target = nullptr;
    void const* ops = nullptr; // struct_ops, array_ops or enum_ops
    void* holder = nullptr;    // the std::optional, for optional members
    void (*disengage)(void*) noexcept = nullptr;
};

template <class M>
void disengage_optional(void* p) noexcept {
    static_cast<std::optional<M>*>(p)->reset();
}

template <class M>
constexpr slot_kind kind_of() noexcept {
    if constexpr (std::is_same_v<M, std::string>) return slot_kind::string;
    else if constexpr (std::is_same_v<M, std::int64_t>) return slot_kind::integer;
    else if constexpr (std::is_same_v<M, bool>) return slot_kind::boolean;
    else if constexpr (std::is_same_v<M, timestamp>) return slot_kind::timestamp;
    else if constexpr (std::is_same_v<M, date_or_time>) return slot_kind::date_or_time;
    else if constexpr (std::is_same_v<M, json::value>) return slot_kind::any;
    else if constexpr (closed_enum<M> || open_enum_type<M>) return slot_kind::enumeration;
    else if constexpr (described_object<M>) return slot_kind::object;
    else if constexpr (is_vector<M>::value) return slot_kind::array;
    else static_assert(sizeof(M) == 0, "amperity: no direct decoding for this member type");
}

template <class M>
AMPERITY_FLATTEN bool assign_enum(void* target, std::string_view wire) {
    if constexpr (closed_enum<M>) {
        auto e = lookup_enum<M>(wire);
        if (!e) return false;
        *static_cast<M*>(target) = *e;
        return true;
    } else {
        static_cast<M*>(target)->assign_wire(wire);
        return true;
    }
}

template <class M>
constexpr std::string_view enum_expected() noexcept {
    if constexpr (closed_enum<M>) return enum_traits<M>::expected;
    else return "a string";
}

template <class M>
inline constexpr enum_ops enum_table{&assign_enum<M>, enum_expected<M>()};

template <class T>
struct struct_table;
template <class V>
struct array_table;

template <class M>
constexpr void const* ops_of() noexcept {
    if constexpr (kind_of<M>() == slot_kind::enumeration) return &enum_table<M>;
    else if constexpr (kind_of<M>() == slot_kind::object) return &struct_table<M>::ops;
    else if constexpr (kind_of<M>() == slot_kind::array) return &array_table<M>::ops;
    else return nullptr;
}

/// The slot for a value of type M at `target` (a plain value: root or array element).
template <class M>
slot value_slot(M& target) noexcept {
    slot s;
    s.kind = kind_of<M>();
    s.target = &target;
    s.ops = ops_of<M>();
    return s;
}

/// The slot for a struct member (possibly optional).
template <class M>
void member_slot(M& target, slot& s) {
    if constexpr (is_optional<M>::value) {
        using V = typename M::value_type;
        if (!target) target.emplace();
        s.kind = kind_of<V>();
        s.member = true;
        s.target = &*target;
        s.ops = ops_of<V>();
        s.holder = &target;
        s.disengage = &disengage_optional<V>;
    } else {
        s = value_slot(target);
        s.member = true;
    }
}

template <class T>
struct struct_table {
    using fields_t = std::remove_cvref_t<decltype(object_schema<T>::fields)>;
    static constexpr std::size_t size = std::tuple_size_v<fields_t>;
    static_assert(size <= 64, "amperity: the direct decoder tracks at most 64 members");

    template <std::size_t... I>
    static void bind_member(T& object, int field, slot& out, std::index_sequence<I...>) {
        // A chain of compares against constants, which compilers fold into a jump table.
        (void)((field == static_cast<int>(I)
                    ? (member_slot(object.*(std::get<I>(object_schema<T>::fields).member), out),
                       true)
                    : false) ||
               ...);
    }

    AMPERITY_FLATTEN static bool bind(void* object, std::string_view key, int& field, slot& out) {
        int const i = object_schema<T>::find(key);
        if (i < 0) return false;
        field = i;
        bind_member(*static_cast<T*>(object), i, out, std::make_index_sequence<size>{});
        return true;
    }

    template <std::size_t... I>
    static void finish_impl(T& object, std::uint64_t seen, std::index_sequence<I...>) noexcept {
        // Members absent from this document must not keep values from a previous decode.
        (
            [&] {
                constexpr auto const& fd = std::get<I>(object_schema<T>::fields);
                using member_type = std::remove_cvref_t<decltype(object.*(fd.member))>;
                if constexpr (is_optional<member_type>::value)
                    if (!(seen & (std::uint64_t{1} << I))) (object.*(fd.member)).reset();
            }(),
            ...);
    }
    static void finish(void* object, std::uint64_t seen) noexcept {
        finish_impl(*static_cast<T*>(object), seen, std::make_index_sequence<size>{});
    }

    template <std::size_t... I>
    static constexpr std::uint64_t required_mask(std::index_sequence<I...>) noexcept {
        return ((std::get<I>(object_schema<T>::fields).required ? std::uint64_t{1} << I : 0) |
                ... | std::uint64_t{0});
    }

    template <std::size_t... I>
    static constexpr auto make_wires(std::index_sequence<I...>) noexcept {
        return std::array<std::string_view, size>{std::get<I>(object_schema<T>::fields).wire...};
    }
    static constexpr auto wires = make_wires(std::make_index_sequence<size>{});
    static std::string_view wire(int field) noexcept {
        return wires[static_cast<std::size_t>(field)];
    }

    template <std::size_t I>
    static char const* expected_of() noexcept {
        constexpr auto const& fd = std::get<I>(object_schema<T>::fields);
        using member_type = std::remove_cvref_t<decltype(std::declval<T&>().*(fd.member))>;
        return expected_text<member_type>();
    }
    template <std::size_t... I>
    static constexpr auto make_expected(std::index_sequence<I...>) noexcept {
        using fn = char const* (*)() noexcept;
        return std::array<fn, size>{&expected_of<I>...};
    }
    static constexpr auto expecteds = make_expected(std::make_index_sequence<size>{});
    static char const* expected(int field) noexcept {
        return expecteds[static_cast<std::size_t>(field)]();
    }

    static constexpr struct_ops ops{&bind, &finish, &wire, &expected,
                                    required_mask(std::make_index_sequence<size>{})};
};

template <class V>
struct array_table {
    static void element(void* vector, std::size_t index, slot& out) {
        auto& v = *static_cast<V*>(vector);
        // Elements left from a previous decode are reused (their strings keep capacity).
        if (index == v.size()) v.emplace_back();
        out = value_slot(v[index]);
    }
    static void finish(void* vector, std::size_t size) noexcept {
        auto& v = *static_cast<V*>(vector);
        while (v.size() > size) v.pop_back(); // resize() would need a default constructor call
    }
    static constexpr array_ops ops{&element, &finish};
};

/// The exact value of a JSON number literal, if it is an integer below 10^15 in magnitude
/// (the DOM codec's limit for integers written as decimals). Never rounds.
struct exact_integer {
    enum class verdict { ok, out_of_range, fractional } result = verdict::ok;
    std::int64_t value = 0;
};

inline exact_integer judge_integer_literal(std::string_view text) noexcept {
    // value = S * 10^x, S the significant digits without leading or trailing zeros (k of
    // them). It is below 10^15 in magnitude iff k + x <= 15, and an integer iff x >= 0; then
    // k <= 15, so the first 16 digits are all we ever need to keep.
    exact_integer r;
    std::size_t i = 0;
    bool const negative = i < text.size() && text[i] == '-';
    if (negative) ++i;
    char kept[16];
    std::int64_t k = 0;        // significant digits so far
    std::int64_t zeros = 0;    // trailing zeros among them
    std::int64_t fraction = 0; // digits after the point
    auto take = [&](char c) {
        if (k == 0 && c == '0') return; // a leading zero
        if (k < 16) kept[k] = c;
        ++k;
        zeros = c == '0' ? zeros + 1 : 0;
    };
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) take(text[i]);
    if (i < text.size() && text[i] == '.')
        for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++fraction) {
            if (k == 0 && text[i] == '0') continue;
            take(text[i]);
        }
    std::int64_t e = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool const eneg = i < text.size() && text[i] == '-';
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
            if (e < 1'000'000'000) e = e * 10 + (text[i] - '0'); // saturates far beyond any limit
        if (eneg) e = -e;
    }
    k -= zeros;
    if (k == 0) return r; // zero, however it is written
    std::int64_t const x = e - fraction + zeros;
    if (k + x > 15) {
        r.result = exact_integer::verdict::out_of_range;
        return r;
    }
    if (x < 0) {
        r.result = exact_integer::verdict::fractional;
        return r;
    }
    std::int64_t v = 0;
    for (std::int64_t d = 0; d < k; ++d) v = v * 10 + (kept[d] - '0');
    for (std::int64_t d = 0; d < x; ++d) v *= 10;
    r.value = negative ? -v : v;
    return r;
}

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
        any_depth_ = 0;
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
        if (any_depth_ != 0) {
            any_.push_object(n);
            return any_close();
        }
        frame& f = stack_[depth_ - 1];
        auto const& ops = *static_cast<struct_ops const*>(f.ops);
        if (std::uint64_t const missing = ops.required & ~f.seen) {
            int const field = std::countr_zero(missing);
            f.field = -1; // the path ends at this object, then names the member
            fail(errc::missing_field, std::string("missing required field (expected ") +
                                          ops.expected(field) + ")");
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
        if (any_depth_ != 0) {
            any_.push_array(n);
            return any_close();
        }
        frame& f = stack_[depth_ - 1];
        static_cast<array_ops const*>(f.ops)->finish(f.object, static_cast<std::size_t>(f.seen));
        --depth_;
        return true;
    }

    bool on_key_part(std::string_view s, std::size_t, boost::system::error_code&) {
        if (skip_ != 0 || failed_) return true;
        if (any_depth_ != 0) any_.push_chars(s);
        key_.append(s.data(), s.size());
        return true;
    }

    AMPERITY_HOT_INLINE bool on_key(std::string_view s, std::size_t, boost::system::error_code&) {
        if ((skip_ | any_depth_) != 0 || failed_ || !key_.empty()) [[unlikely]]
            return on_key_slow(s);
        return bind_key(s);
    }

    bool on_string_part(std::string_view s, std::size_t, boost::system::error_code&) {
        if (skip_ != 0 || failed_) return true;
        if (any_depth_ != 0) return any_.push_chars(s), true;
        text_.append(s.data(), s.size());
        return true;
    }

    AMPERITY_HOT_INLINE bool on_string(std::string_view s, std::size_t, boost::system::error_code&) {
        if (skip_ != 0 || failed_) return true;
        if (any_depth_ != 0) return any_value(), any_.push_string(s), true;
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
        if (any_depth_ != 0) return any_value(), any_.push_int64(i), true;
        slot const& s = next_slot();
        switch (s.kind) {
        case slot_kind::skip: return true;
        case slot_kind::integer: *static_cast<std::int64_t*>(s.target) = i; return true;
        case slot_kind::any: return any_scalar(s, [&] { any_.push_int64(i); });
        default: return type_error(s, "an integer");
        }
    }

    bool on_uint64(std::uint64_t u, std::string_view, boost::system::error_code&) {
        number_.clear();
        if (skip_ != 0 || failed_) return true;
        if (any_depth_ != 0) return any_value(), any_.push_uint64(u), true;
        slot const& s = next_slot();
        switch (s.kind) {
        case slot_kind::skip: return true;
        case slot_kind::integer:
            if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                return fail(errc::number_out_of_range,
                            "expected an integer, got " + std::to_string(u) +
                                " which does not fit in 64 bits");
            *static_cast<std::int64_t*>(s.target) = static_cast<std::int64_t>(u);
            return true;
        case slot_kind::any: return any_scalar(s, [&] { any_.push_uint64(u); });
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
        if (any_depth_ != 0) {
            any_value();
            double v = 0;
            if (exact_double(d, text, v)) any_.push_double(v);
        } else {
            slot const& sl = next_slot();
            switch (sl.kind) {
            case slot_kind::skip: break;
            case slot_kind::integer: {
                auto const r = judge_integer_literal(text);
                if (r.result == exact_integer::verdict::out_of_range)
                    fail(errc::number_out_of_range, "expected an integer, got a number that "
                                                         "is not an exact 64-bit integer");
                else if (r.result == exact_integer::verdict::fractional)
                    fail(errc::number_out_of_range,
                              "expected an integer, got a number with a fractional part");
                else
                    *static_cast<std::int64_t*>(sl.target) = r.value;
                break;
            }
            case slot_kind::any: {
                double v = 0;
                any_scalar(sl, [&] {
                    if (exact_double(d, text, v)) any_.push_double(v);
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
        if (any_depth_ != 0) return any_value(), any_.push_bool(b), true;
        slot const& s = next_slot();
        switch (s.kind) {
        case slot_kind::skip: return true;
        case slot_kind::boolean: *static_cast<bool*>(s.target) = b; return true;
        case slot_kind::any: return any_scalar(s, [&] { any_.push_bool(b); });
        default: return type_error(s, "a boolean");
        }
    }

    bool on_null(boost::system::error_code&) {
        if (skip_ != 0 || failed_) return true;
        if (any_depth_ != 0) return any_value(), any_.push_null(), true;
        slot const& s = next_slot();
        if (s.kind == slot_kind::skip) return true;
        if (s.member) {
            if (s.holder) {
                s.disengage(s.holder);
                return true;
            }
            return fail(errc::missing_field, std::string("missing required field (expected ") +
                                                 expected_text_of(s) + ")");
        }
        if (s.kind == slot_kind::any) return any_scalar(s, [&] { any_.push_null(); });
        return type_error(s, "null");
    }

private:
    /// An object or array starts: a struct or vector to fill, free-form JSON, or a value to skip.
    AMPERITY_HOT_INLINE bool open_container(bool is_array) {
        if (skip_ != 0) return ++skip_, true;
        if (failed_) return true;
        if (any_depth_ != 0) return any_open(is_array), true;
        slot const& s = next_slot();
        if (s.kind == (is_array ? slot_kind::array : slot_kind::object)) {
            push(s.target, s.ops, is_array);
            return true;
        }
        switch (s.kind) {
        case slot_kind::skip: skip_ = 1; return true;
        case slot_kind::any: any_begin(s), any_open(is_array); return true;
        default: return type_error(s, is_array ? "an array" : "an object");
        }
    }

    AMPERITY_HOT_INLINE bool bind_key(std::string_view key) {
        frame& f = stack_[depth_ - 1];
        int field = -1;
        if (!static_cast<struct_ops const*>(f.ops)->bind(f.object, key, field, pending_)) {
            pending_.kind = slot_kind::skip;
            return true;
        }
        std::uint64_t const bit = std::uint64_t{1} << field;
        f.field = field;
        if (f.seen & bit) [[unlikely]]
            return fail(errc::duplicate_member, "member appears more than once in the object");
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
        if (any_depth_ != 0) {
            any_.push_key(s);
            any_path_[any_depth_ - 1].key.assign(key.data(), key.size());
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

    struct any_segment {
        bool is_array = false;
        std::size_t index = 0; // elements started so far (arrays)
        std::string key;       // the last key (objects)
    };

    void push(void* object, void const* ops, bool is_array) {
        if (depth_ == max_json_depth + 1) {
            // Unreachable: the parser refuses documents deeper than max_json_depth first.
            fail(errc::invalid_json, "invalid JSON: too deep");
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
        case slot_kind::string: {
            // clear + append: the plain copy into existing capacity (assign goes through the
            // general, aliasing-safe replace).
            auto& str = *static_cast<std::string*>(s.target);
            str.clear();
            str.append(value.data(), value.size());
            return true;
        }
        case slot_kind::timestamp: {
            timestamp fast{};
            if (parse_timestamp_fast(value, fast, &date_cache_)) {
                *static_cast<timestamp*>(s.target) = fast;
                return true;
            }
            auto r = parse_timestamp_general(value);
            if (!r)
                return fail(errc::invalid_timestamp,
                            "expected an ISO 8601 date-time such as 2025-04-18T15:33:51.724Z, got " +
                                quoted_excerpt(value) + " (" + std::string(describe(r.error)) +
                                " at character " + std::to_string(r.position) + ")");
            *static_cast<timestamp*>(s.target) = r.value;
            return true;
        }
        case slot_kind::date_or_time: {
            auto r = date_or_time::parse(value);
            if (!r)
                return fail(errc::invalid_timestamp,
                            "expected YYYY-MM-DD or an ISO 8601 date-time, got " +
                                quoted_excerpt(value) + " (" + std::string(describe(r.error)) +
                                " at character " + std::to_string(r.position) + ")");
            *static_cast<date_or_time*>(s.target) = r.value;
            return true;
        }
        case slot_kind::enumeration: {
            auto const& ops = *static_cast<enum_ops const*>(s.ops);
            if (ops.assign(s.target, value)) return true;
            return fail(errc::invalid_enum_value,
                        "expected " + std::string(ops.expected) + ", got " + quoted_excerpt(value));
        }
        case slot_kind::any: return any_scalar(s, [&] { any_.push_string(value); });
        default: return type_error(s, "a string");
        }
    }

    static char const* expected_text_of(slot const& s) noexcept {
        switch (s.kind) {
        case slot_kind::string: return "a string";
        case slot_kind::integer: return "an integer";
        case slot_kind::boolean: return "a boolean";
        case slot_kind::timestamp: return "an ISO 8601 date-time string";
        case slot_kind::date_or_time: return "a date or date-time string";
        case slot_kind::array: return "an array";
        case slot_kind::object: return "an object";
        default: return "a string";
        }
    }

    /// The DOM codec's wording of what a slot accepts, in type errors.
    static char const* accepts(slot const& s) noexcept {
        switch (s.kind) {
        case slot_kind::date_or_time: return "a date or ISO 8601 date-time string";
        default: return expected_text_of(s);
        }
    }

    AMPERITY_COLD bool type_error(slot const& s, char const* got) {
        return fail(errc::unexpected_type, std::string("expected ") + accepts(s) + ", got " + got);
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
        for (std::size_t i = 0; i < any_depth_; ++i) {
            any_segment const& a = any_path_[i];
            failure_.path += a.is_array ? "[" + std::to_string(a.index - 1) + "]"
                                        : member_path(a.key);
        }
        return true; // keep parsing: invalid JSON later in the text takes precedence
    }

    // ---- free-form members ----------------------------------------------------------------

    AMPERITY_COLD void any_begin(slot const& s) {
        any_target_ = s;
        any_.reset();
    }

    /// A value starts inside a free-form container: count it for error paths.
    void any_value() {
        any_segment& top = any_path_[any_depth_ - 1];
        if (top.is_array) ++top.index;
    }

    void any_open(bool is_array) {
        if (any_depth_ != 0) any_value();
        if (any_path_.size() <= any_depth_) any_path_.emplace_back();
        any_segment& seg = any_path_[any_depth_++];
        seg.is_array = is_array;
        seg.index = 0;
        seg.key.clear();
    }

    bool any_close() {
        if (--any_depth_ == 0) any_commit();
        return true;
    }

    template <class Push>
    bool any_scalar(slot const& s, Push push) {
        any_begin(s);
        push();
        if (!failed_) any_commit();
        return true;
    }

    void any_commit() {
        json::value v = any_.release();
        *static_cast<json::value*>(any_target_.target) = std::move(v);
    }

    /// A free-form double: correctly rounded, and finite (JSON cannot express infinity).
    AMPERITY_COLD bool exact_double(double parsed, std::string_view text, double& out) {
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
        fail(errc::number_out_of_range, "number out of the range of a double");
        return false;
    }

    frame stack_[max_json_depth + 1]{};
    std::size_t depth_ = 0;
    std::size_t skip_ = 0;      // > 0: inside an unknown member's value, at this nesting
    std::size_t any_depth_ = 0; // > 0: inside a free-form value, at this nesting
    slot pending_{};            // the member whose key was read last
    slot any_target_{};
    json::value_stack any_{};
    std::vector<any_segment> any_path_;
    bool failed_ = false;
    decode_failure failure_{};
    swar_date_cache date_cache_{}; // the last timestamp's date, already converted
    std::string key_;    // a key delivered in parts (escapes)
    std::string text_;   // a string delivered in parts
    std::string number_; // a number delivered in parts
};

/// Parses `text` into `out` through `parser` (whose handler and buffers are reused).
template <class T>
bool direct_decode(json::basic_parser<direct_handler>& parser, std::string_view text, T& out,
                   decode_failure& f) {
    parser.reset();
    parser.handler().begin(value_slot(out));
    boost::system::error_code ec;
    std::size_t const n = parser.write_some(true, text.data(), text.size(), ec);
    if (!ec && n < text.size()) {
        f = {};
        f.code = errc::invalid_json;
        f.detail = "invalid JSON: unexpected characters after the document at byte " +
                   std::to_string(n);
        return false;
    }
    if (!ec) parser.write_some(false, nullptr, 0, ec);
    if (ec) {
        f = {};
        f.code = errc::invalid_json;
        f.detail = text.empty() ? std::string("invalid JSON: empty input")
                                : "invalid JSON at byte " + std::to_string(n) + ": " + ec.message();
        return false;
    }
    if (parser.handler().failed()) {
        f = std::move(parser.handler().failure());
        return false;
    }
    return true;
}

inline json::parse_options direct_parse_options() noexcept {
    json::parse_options opts;
    opts.max_depth = max_json_depth;
    return opts;
}

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_DIRECT_CODEC_HPP
