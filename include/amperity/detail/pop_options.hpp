// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
// No include guard: ends what <amperity/detail/push_options.hpp> began.

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
