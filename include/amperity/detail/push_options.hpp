// Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
// No include guard: included at the top of every header that defines coroutines, paired with
// <amperity/detail/pop_options.hpp> at its end (the Asio idiom: asio/detail/push_options.hpp).
//
// GCC 12 reports a false -Wmismatched-new-delete at the end of a coroutine whose frame Asio
// allocates (awaitable_frame_base's operator new and sized operator delete, seen after
// inlining): GCC bug 109224 (middle-end). Silenced for the library's coroutines only; the
// Release-matrix cell g++ RelWithDebInfo showed it. A precompiled header loses these pragmas
// (GCC bug 64117): do not put library headers in a PCH of a build that needs the silence.

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
