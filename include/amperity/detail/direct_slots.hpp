// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_DETAIL_DIRECT_SLOTS_HPP
#define AMPERITY_DETAIL_DIRECT_SLOTS_HPP

// The direct decoder's view of the target types (direct_codec.hpp has the parser handler): a
// slot is where the next value goes and what kind of value it must be; struct_table<T>,
// array_table<V> and enum_table<E> are the per-type functions a slot points to, instantiated
// from the generated field tables. Also the exact reading of integer literals.

#include <amperity/detail/codec_common.hpp>
#include <amperity/detail/schema.hpp>
#include <amperity/enum.hpp>
#include <amperity/time.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
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

namespace json = boost::json;

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
    /// The member named `key`: its slot in `out` and its field index, or -1 (out untouched).
    int (*bind)(void* object, std::string_view key, slot& out);
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

    AMPERITY_FLATTEN static int bind(void* object, std::string_view key, slot& out) {
        int const i = object_schema<T>::find(key);
        if (i >= 0) bind_member(*static_cast<T*>(object), i, out, std::make_index_sequence<size>{});
        return i;
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
/// What a slot holds, in "missing required field (expected ...)" (expected_text<M> by kind).
inline char const* expected_text_of(slot const& s) noexcept {
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
inline char const* accepts(slot const& s) noexcept {
    switch (s.kind) {
    case slot_kind::date_or_time: return "a date or ISO 8601 date-time string";
    default: return expected_text_of(s);
    }
}

} // namespace amperity::detail

#endif // AMPERITY_DETAIL_DIRECT_SLOTS_HPP
