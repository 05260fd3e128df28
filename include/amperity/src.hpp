// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
#ifndef AMPERITY_SRC_HPP
#define AMPERITY_SRC_HPP

// Separate compilation, for programs that make calls from many translation units: define
// AMPERITY_SEPARATE_COMPILATION for every translation unit of the program (e.g.
// `target_compile_definitions(app PRIVATE AMPERITY_SEPARATE_COMPILATION)`) and include this
// header in exactly one of them. The client's call coroutines are then compiled there once;
// every other translation unit only declares them. Header-only use (the default) needs nothing.

#if !defined(AMPERITY_SEPARATE_COMPILATION)
#error "<amperity/src.hpp> is for programs built with AMPERITY_SEPARATE_COMPILATION defined in every translation unit"
#endif

#include <amperity/client.hpp>

namespace amperity::detail {
#define AMPERITY_DETAIL_INSTANTIATE_CALL(Op) AMPERITY_DETAIL_CALL_SIGNATURES(template, Op)
#define AMPERITY_DETAIL_INSTANTIATE_PAGES(Op) AMPERITY_DETAIL_PAGES_SIGNATURES(template, Op)
AMPERITY_DETAIL_FOR_EACH_OPERATION(AMPERITY_DETAIL_INSTANTIATE_CALL)
AMPERITY_DETAIL_FOR_EACH_PAGINATED_OPERATION(AMPERITY_DETAIL_INSTANTIATE_PAGES)
#undef AMPERITY_DETAIL_INSTANTIATE_CALL
#undef AMPERITY_DETAIL_INSTANTIATE_PAGES
} // namespace amperity::detail

#endif // AMPERITY_SRC_HPP
