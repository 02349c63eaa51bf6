// Decoding: every frame is hostile until proven otherwise (codec.hpp). A cursor over the
// top-level array's fields reads each with the type and limits the message's layout gives
// (wire_layout.hpp), then the message's own cross-field checks; bins are referenced, not copied.
// Nothing here names a message.
#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <new>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <msgpack.hpp>

#include "protocol/codec.hpp"
#include "protocol/field_reader.hpp"

namespace slae::protocol {
namespace {

using detail::FieldReader;

// An integer field's range, as its layout gives it, within what the member type holds.
template <class T, class F>
constexpr std::uint64_t largest(const F& f) {
  return std::min<std::uint64_t>(f.max, std::numeric_limits<T>::max());
}

// One field, read with the type and limits its layout gives.
template <class F, class T>
void read_field(FieldReader& in, const F& f, T& out) {
  if constexpr (std::is_same_v<T, bool>) {
    out = in.flag(f.name);
  } else if constexpr (std::is_enum_v<T>) {
    using U = std::underlying_type_t<T>;
    out = static_cast<T>(in.int_in(f.name, f.min, static_cast<std::int64_t>(largest<U>(f))));
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    out = in.unsigned_int(f.name);
    if (out < static_cast<std::uint64_t>(f.min) || out > f.max) in.fail(f.name, "is out of range");
  } else if constexpr (std::is_integral_v<T>) {
    const auto hi = static_cast<std::int64_t>(largest<T>(f));
    // a negative value is refused as not an integer of ours unless the field allows one
    out =
        static_cast<T>(f.min < 0 ? in.any_int_in(f.name, f.min, hi) : in.int_in(f.name, f.min, hi));
  } else if constexpr (std::is_same_v<T, double>) {
    out = in.float64(f.name);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (f.is_binary) {
      const auto bytes = in.bin(f.name, 1);
      out.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    } else {
      out = in.str(f.name);
      const std::size_t longest = std::min(f.longest, wire::kMaxText);
      if (out.size() > longest)
        in.fail(f.name, "is longer than " + std::to_string(longest) + " bytes");
    }
  } else if constexpr (std::is_same_v<T, PackedDoubles>) {
    out = in.doubles(f.name);
  } else if constexpr (std::is_same_v<T, std::span<const std::byte>>) {
    out = in.bin(f.name, f.element_bytes);
  } else {
    static_assert(wire::is_vector<T>);
    out = in.array<typename T::value_type>(f.name);
    if (out.size() > f.longest)
      in.fail(f.name, "has more than " + std::to_string(f.longest) + " elements");
  }
}

template <class M>
Body decode_as(FieldReader& in) {
  M message{};
  std::apply([&](const auto&... f) { (read_field(in, f, f.of(message)), ...); }, M::wire().fields);
  if constexpr (requires { message.malformed(); }) {
    if (const char* why = message.malformed())
      throw ProtocolError(std::string(M::wire().name) + " message: " + why);
  }
  return message;
}

using BodyDecoder = Body (*)(FieldReader&);

template <std::size_t... I>
constexpr std::array<BodyDecoder, sizeof...(I)> decoders_of(std::index_sequence<I...>) {
  return {&decode_as<std::variant_alternative_t<I, Body>>...};
}

// Index: type - 1 (Body's alternatives are in wire-type order).
constexpr auto kDecoders = decoders_of(std::make_index_sequence<std::variant_size_v<Body>>{});

template <std::size_t... I>
constexpr std::size_t longest_body(std::index_sequence<I...>) {
  return std::max({std::variant_alternative_t<I, Body>::wire().field_count...});
}

// The most fields a frame may have: the header and the longest body.
constexpr std::size_t kMaxFields =
    kHeaderFields + longest_body(std::make_index_sequence<std::variant_size_v<Body>>{});

Body decode_body(MessageType type, FieldReader& in) {
  return kDecoders[static_cast<std::size_t>(type) - 1](in);
}

// Bins and strings are referenced, not copied: a multi-megabyte vector is read in place.
bool reference_bins(msgpack::type::object_type type, std::size_t, void*) {
  return type == msgpack::type::BIN || type == msgpack::type::STR;
}

Message decode_object(const msgpack::object& root) {
  if (root.type != msgpack::type::ARRAY || root.via.array.size < kHeaderFields) {
    throw ProtocolError("a message must be an array of at least 5 fields");
  }
  const msgpack::object* f = root.via.array.ptr;
  for (std::size_t i = 0; i < kHeaderFields; ++i) {
    if (f[i].type != msgpack::type::POSITIVE_INTEGER) {
      throw ProtocolError("message header field " + std::to_string(i) + " is not an integer");
    }
  }
  if (f[0].via.u64 != kVersion) {
    throw ProtocolError("protocol version " + std::to_string(f[0].via.u64) + " (expected " +
                        std::to_string(kVersion) + ")");
  }
  const std::uint64_t raw_type = f[1].via.u64;
  if (raw_type < 1 || raw_type > kLastMessageType) {
    throw ProtocolError("unknown message type " + std::to_string(raw_type));
  }
  if (f[3].via.u64 > std::numeric_limits<std::uint32_t>::max()) {
    throw ProtocolError("epoch out of range");
  }
  Message message;
  const auto type = static_cast<MessageType>(raw_type);
  message.header.job = f[2].via.u64;
  message.header.epoch = static_cast<std::uint32_t>(f[3].via.u64);
  message.header.iteration = f[4].via.u64;
  FieldReader reader(root.via.array, type);
  message.body = decode_body(type, reader);
  if (reader.remaining() != 0) {
    throw ProtocolError(std::string(type_name(type)) + " message has extra fields");
  }
  return message;
}

}  // namespace

struct Decoder::Zone {
  msgpack::zone zone;
};

Decoder::Decoder() : zone_(std::make_unique<Zone>()) {}
Decoder::~Decoder() = default;

Message Decoder::decode(std::span<const std::byte> frame) {
  if (frame.size() > kMaxFrameBytes) throw ProtocolError("frame larger than the protocol allows");
  // Limits sized to our messages: one flat array of at most kMaxFields scalars, strings and
  // bins; no maps, no ext, no nesting. Without them a 5-byte frame can claim 4 billion elements.
  const msgpack::unpack_limit limits(kMaxFields, 0, kMaxErrorText, kMaxFrameBytes, 0, 2);
  zone_->zone.clear();  // keeps its first chunk: no allocation for our small object trees
  std::size_t offset = 0;
  msgpack::object root;
  try {
    bool referenced = false;
    root = msgpack::unpack(zone_->zone, reinterpret_cast<const char*>(frame.data()), frame.size(),
                           offset, referenced, reference_bins, nullptr, limits);
  } catch (const std::exception& e) {
    throw ProtocolError(std::string("not a valid msgpack frame: ") + e.what());
  }
  if (offset != frame.size()) throw ProtocolError("trailing bytes after the message");
  try {
    return decode_object(root);
  } catch (const std::bad_alloc&) {
    // a well-formed frame near the size limit whose arrays do not fit: drop it like any other
    // message we cannot take, rather than ending the whole run
    throw ProtocolError("message too large to hold in memory");
  }
}

Message decode(std::span<const std::byte> frame) {
  Decoder decoder;
  return decoder.decode(frame);
}

namespace {

// Reads one msgpack unsigned integer (any of its encodings) at `at`, advancing it.
std::uint64_t peek_uint(std::span<const std::byte> frame, std::size_t& at, const char* what) {
  if (at >= frame.size()) throw ProtocolError(std::string("header field ") + what + " is missing");
  const auto marker = static_cast<unsigned char>(frame[at++]);
  if (marker <= 0x7f) return marker;  // positive fixint
  std::size_t width = 0;
  switch (marker) {
    case 0xcc:
      width = 1;
      break;
    case 0xcd:
      width = 2;
      break;
    case 0xce:
      width = 4;
      break;
    case 0xcf:
      width = 8;
      break;
    default:
      throw ProtocolError(std::string("header field ") + what + " is not a non-negative integer");
  }
  if (frame.size() - at < width)
    throw ProtocolError(std::string("header field ") + what + " is cut short");
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i)
    value = (value << 8) | static_cast<unsigned char>(frame[at++]);  // big-endian
  return value;
}

}  // namespace

std::optional<std::uint64_t> version_of(std::span<const std::byte> frame) {
  if (frame.empty()) return std::nullopt;
  const auto marker = static_cast<unsigned char>(frame[0]);
  std::size_t at = (marker & 0xf0) == 0x90 ? 1 : marker == 0xdc ? 3 : marker == 0xdd ? 5 : 0;
  if (at == 0 || at > frame.size()) return std::nullopt;
  try {
    return peek_uint(frame, at, "version");
  } catch (const ProtocolError&) {
    return std::nullopt;
  }
}

Peeked peek(std::span<const std::byte> frame) {
  std::size_t at = 0;
  if (frame.empty()) throw ProtocolError("an empty frame");
  const auto marker = static_cast<unsigned char>(frame[at++]);
  std::uint64_t fields = 0;
  if ((marker & 0xf0) == 0x90) {
    fields = marker & 0x0f;
  } else if (marker == 0xdc || marker == 0xdd) {
    const std::size_t width = marker == 0xdc ? 2 : 4;
    if (frame.size() - at < width) throw ProtocolError("a message's array header is cut short");
    for (std::size_t i = 0; i < width; ++i)
      fields = (fields << 8) | static_cast<unsigned char>(frame[at++]);
  } else {
    throw ProtocolError("a message must be an array of at least 5 fields");
  }
  if (fields < kHeaderFields)
    throw ProtocolError("a message must be an array of at least 5 fields");
  const std::uint64_t version = peek_uint(frame, at, "version");
  if (version != kVersion) {
    throw ProtocolError("protocol version " + std::to_string(version) + " (expected " +
                        std::to_string(kVersion) + ")");
  }
  const std::uint64_t raw_type = peek_uint(frame, at, "type");
  if (raw_type < 1 || raw_type > kLastMessageType)
    throw ProtocolError("unknown message type " + std::to_string(raw_type));
  Peeked out;
  out.type = static_cast<MessageType>(raw_type);
  out.header.job = peek_uint(frame, at, "job");
  const std::uint64_t epoch = peek_uint(frame, at, "epoch");
  if (epoch > std::numeric_limits<std::uint32_t>::max()) throw ProtocolError("epoch out of range");
  out.header.epoch = static_cast<std::uint32_t>(epoch);
  out.header.iteration = peek_uint(frame, at, "iteration");
  return out;
}

}  // namespace slae::protocol
