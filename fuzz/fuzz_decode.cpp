// libFuzzer target: decode<T> (the direct basic_parser decoder) for every root type the API
// sends or receives, differentially against oracle::dom_decode<T> (the DOM reference decoder).
// The first byte picks the type (modulo the number of types); the rest is the document.
// Checks: no crash, leak or UB (ASan + UBSan); when both decoders accept a document they
// produce the same value; an accepted value re-encodes to JSON both decoders accept again
// with the same value (round trip).
#include <amperity/codec.hpp>
#include <amperity/model.hpp>
#include <oracle/dom_codec.hpp> // tests/oracle: the DOM reference decoder

#include "roots.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace {

using amperity_fuzz::roots;

template <class T>
void check(std::string_view doc) {
    auto const direct = amperity::decode<T>(doc);
    auto const dom = amperity::oracle::dom_decode<T>(doc);
    if (direct && dom && !(*direct == *dom)) std::abort(); // the decoders disagree
    if (direct) {
        auto const again = amperity::encode(*direct);
        auto const round = amperity::decode<T>(again);
        if (!round || !(*round == *direct)) std::abort(); // encode/decode is not a round trip
    }
}

template <std::size_t... I>
void dispatch(std::size_t which, std::string_view doc, std::index_sequence<I...>) {
    ((which == I ? check<std::tuple_element_t<I, roots>>(doc) : void()), ...);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    if (size == 0) return 0;
    constexpr auto n = std::tuple_size_v<roots>;
    std::string_view const doc(reinterpret_cast<char const*>(data + 1), size - 1);
    dispatch(data[0] % n, doc, std::make_index_sequence<n>{});
    return 0;
}
