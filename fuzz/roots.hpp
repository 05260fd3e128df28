// The root types of fuzz_decode, in the order its first input byte selects them: the error
// body, the run-workflow request, and the response of every operation of the spec (taken from
// amperity::all_operations, so a new operation is fuzzed without an edit here). fuzz_seeds
// uses selector<T>() to write seeds for it.
#ifndef AMPERITY_FUZZ_ROOTS_HPP
#define AMPERITY_FUZZ_ROOTS_HPP

#include <amperity/model.hpp>

#include <cstddef>
#include <tuple>
#include <type_traits>

namespace amperity_fuzz {

template <class Op>
using response_of = typename Op::response_type;

template <class... Op>
auto root_types(std::tuple<Op...>*)
    -> std::tuple<amperity::error_response, amperity::workflow_run_request, response_of<Op>...>;

using roots = decltype(root_types(static_cast<amperity::all_operations*>(nullptr)));

/// The selector byte of T (its first index in `roots`).
template <class T, std::size_t I = 0>
constexpr unsigned char selector() {
    if constexpr (std::is_same_v<std::tuple_element_t<I, roots>, T>) return I;
    else return selector<T, I + 1>();
}

} // namespace amperity_fuzz

#endif // AMPERITY_FUZZ_ROOTS_HPP
