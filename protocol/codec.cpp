// Encoding (the decoder is in codec_decode.cpp): each message's fields in the order and form its
// layout gives (wire_layout.hpp); nothing here names a message.
#include "protocol/codec.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <msgpack.hpp>

namespace slae::protocol {

static_assert(std::endian::native == std::endian::little,
              "the wire carries little-endian arrays as raw bytes; a big-endian host would need "
              "byte swapping in pack_bytes and FieldReader::array");

namespace {

using Packer = msgpack::packer<FrameBuffer>;

void pack_bytes(Packer& pk, std::span<const std::byte> bytes, bool with_body = true) {
  // msgpack bin lengths are 32-bit: refuse rather than wrap around.
  if (bytes.size() > kMaxFrameBytes) throw ProtocolError("an array is too large for one frame");
  pk.pack_bin(static_cast<std::uint32_t>(bytes.size()));
  if (with_body) {
    pk.pack_bin_body(reinterpret_cast<const char*>(bytes.data()),
                     static_cast<std::uint32_t>(bytes.size()));
  }
}

// The bytes a bin field carries, whatever its member type.
template <class T>
std::span<const std::byte> bin_bytes(const T& value) {
  if constexpr (std::is_same_v<T, PackedDoubles>) {
    return value.bytes;
  } else if constexpr (std::is_same_v<T, std::span<const std::byte>>) {
    return value;
  } else {
    return std::as_bytes(std::span(value));  // std::vector of numbers, std::string as bin
  }
}

// One field, as its layout says. `trailing_body` false leaves out the bytes of the trailing
// vector (encode_prefix); every other field is always written whole.
template <class F, class T>
void pack_field(Packer& pk, const F& f, const T& value, bool trailing_body) {
  if constexpr (std::is_same_v<T, bool>) {
    pk.pack_uint8(value ? 1 : 0);
  } else if constexpr (std::is_enum_v<T>) {
    static_assert(std::is_unsigned_v<std::underlying_type_t<T>>);
    pk.pack_uint64(static_cast<std::uint64_t>(value));
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    pk.pack_int64(value);  // msgpack-c writes the shortest encoding of any width
  } else if constexpr (std::is_integral_v<T>) {
    pk.pack_uint64(value);
  } else if constexpr (std::is_same_v<T, double>) {
    pk.pack_double(value);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (f.is_binary) {
      pack_bytes(pk, bin_bytes(value));
    } else {
      // cut short rather than sent whole and refused: texts are for people, and bounded
      const auto size =
          static_cast<std::uint32_t>(std::min({value.size(), f.longest, wire::kMaxText}));
      pk.pack_str(size);
      pk.pack_str_body(value.data(), size);
    }
  } else {
    static_assert(std::is_same_v<T, PackedDoubles> ||
                  std::is_same_v<T, std::span<const std::byte>> || wire::is_vector<T>);
    pack_bytes(pk, bin_bytes(value), trailing_body || !f.is_trailing);
  }
}

template <class M>
void pack_body(Packer& pk, const M& message, bool trailing_body) {
  std::apply([&](const auto&... f) { (pack_field(pk, f, f.of(message), trailing_body), ...); },
             M::wire().fields);
}

// The bytes of a message's arrays and texts, so that a large frame is allocated once: grown by
// doubling, a 30 MB setup would be copied twice over and fault in twice the fresh pages.
template <class M>
std::size_t bulk_bytes(const M& message) {
  const auto bytes_of = [&](const auto& f) -> std::size_t {
    using T = std::remove_cvref_t<decltype(f.of(message))>;
    if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
      return 0;
    } else {
      return bin_bytes(f.of(message)).size();
    }
  };
  return std::apply([&](const auto&... f) { return (std::size_t{0} + ... + bytes_of(f)); },
                    M::wire().fields);
}

// The last field of a layout, when the layout marks it trailing.
template <class M>
const PackedDoubles* trailing_of(const M& message) {
  constexpr auto layout = M::wire();
  if constexpr (layout.field_count == 0) {
    return nullptr;
  } else {
    constexpr auto last = std::get<layout.field_count - 1>(layout.fields);
    if constexpr (last.is_trailing) {
      return &last.of(message);
    } else {
      return nullptr;
    }
  }
}

// Whether a layout is one the codec can follow: only its last field may be trailing, and then it
// is a vector of doubles; raw bytes say how long an element is.
template <class M>
constexpr bool well_formed_layout() {
  constexpr auto layout = M::wire();
  bool ok = true;
  std::size_t index = 0;
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              using T = std::remove_cvref_t<decltype(f.of(std::declval<const M&>()))>;
              if (f.is_trailing &&
                  (index + 1 != layout.field_count || !std::is_same_v<T, PackedDoubles>))
                ok = false;
              if (std::is_same_v<T, std::span<const std::byte>> && f.element_bytes == 0) ok = false;
              if (f.min > 0 && static_cast<std::uint64_t>(f.min) > f.max) ok = false;
              ++index;
            }(),
            ...);
      },
      layout.fields);
  return ok;
}

template <std::size_t... I>
constexpr bool well_formed_layouts(std::index_sequence<I...>) {
  return (well_formed_layout<std::variant_alternative_t<I, Body>>() && ...);
}
static_assert(well_formed_layouts(std::make_index_sequence<std::variant_size_v<Body>>{}),
              "a message's layout breaks a rule of wire_layout.hpp");

void encode_with(const Message& message, FrameBuffer& out, bool trailing_body) {
  out.bytes.clear();
  if (trailing_body) {
    out.bytes.reserve(std::visit([](const auto& m) { return bulk_bytes(m); }, message.body) + 512);
  }
  Packer pk(out);
  const MessageType type = type_of(message.body);
  const std::size_t body_fields =
      std::visit([](const auto& m) { return std::remove_cvref_t<decltype(m)>::wire().field_count; },
                 message.body);
  pk.pack_array(static_cast<std::uint32_t>(kHeaderFields + body_fields));
  pk.pack_uint32(kVersion);
  pk.pack_uint8(static_cast<std::uint8_t>(type));
  pk.pack_uint64(message.header.job);
  pk.pack_uint32(message.header.epoch);
  pk.pack_uint64(message.header.iteration);
  std::visit([&](const auto& m) { pack_body(pk, m, trailing_body); }, message.body);
}

}  // namespace

const PackedDoubles* trailing_vector(const Body& body) {
  return std::visit([](const auto& m) { return trailing_of(m); }, body);
}

void encode(const Message& message, FrameBuffer& out) {
  encode_with(message, out, true);
}

void encode_prefix(const Message& message, FrameBuffer& out) {
  if (!trailing_vector(message.body)) {
    throw std::logic_error(std::string("encode_prefix: a ") + type_name(type_of(message.body)) +
                           " message has no trailing vector");
  }
  encode_with(message, out, false);
}

}  // namespace slae::protocol
