#include "protocol/codec.hpp"

#include <bit>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

#include <msgpack.hpp>

namespace slae::protocol {

static_assert(std::endian::native == std::endian::little,
              "the wire carries little-endian arrays as raw bytes; a big-endian host would need "
              "byte swapping in pack_array/unpack_array");

namespace {

constexpr std::size_t kHeaderFields = 5;  // version, type, job, epoch, iteration
constexpr std::size_t kMaxFields = 16;

using Packer = msgpack::packer<FrameBuffer>;

void pack_bytes(Packer& pk, std::span<const std::byte> bytes) {
  // msgpack bin lengths are 32-bit: refuse rather than wrap around.
  if (bytes.size() > kMaxFrameBytes) throw ProtocolError("an array is too large for one frame");
  pk.pack_bin(static_cast<std::uint32_t>(bytes.size()));
  pk.pack_bin_body(reinterpret_cast<const char*>(bytes.data()),
                   static_cast<std::uint32_t>(bytes.size()));
}

template <typename T>
void pack_array(Packer& pk, std::span<const T> values) {
  pack_bytes(pk, std::as_bytes(values));
}

void pack_doubles(Packer& pk, const PackedDoubles& values) {
  pack_bytes(pk, values.bytes);
}

std::size_t body_fields(const Body& body) {
  struct Count {
    std::size_t operator()(const Hello&) const { return 1; }
    std::size_t operator()(const Setup&) const { return 10; }
    std::size_t operator()(const Iterate&) const { return 1; }
    std::size_t operator()(const BlockResult&) const { return 4; }
    std::size_t operator()(const DoubleTask&) const { return 2; }
    std::size_t operator()(const DoubleResult&) const { return 2; }
    std::size_t operator()(const ErrorReport&) const { return 1; }
    std::size_t operator()(const SetupAck&) const { return 0; }
    std::size_t operator()(const Heartbeat&) const { return 0; }
    std::size_t operator()(const Shutdown&) const { return 0; }
  };
  return std::visit(Count{}, body);
}

struct BodyPacker {
  Packer& pk;
  void operator()(const Hello& m) const { pk.pack_int64(m.pid); }
  void operator()(const Setup& m) const {
    const RowBlock& b = m.block;
    pk.pack_int32(m.node_index);
    pk.pack_int64(b.global_rows);
    pk.pack_int64(b.range.begin);
    pk.pack_int64(b.range.end);
    pack_array<std::int64_t>(pk, b.row_ptr);
    pack_array<std::int32_t>(pk, b.local_col);
    pack_array<double>(pk, b.values);
    pack_array<double>(pk, b.inv_diag);
    pack_array<double>(pk, b.rhs);
    pack_array<std::int64_t>(pk, b.ghost_cols);
  }
  void operator()(const Iterate& m) const { pack_doubles(pk, m.ghost_values); }
  void operator()(const BlockResult& m) const {
    pk.pack_int64(m.row_begin);
    pk.pack_int64(m.row_end);
    pk.pack_double(m.residual_sq);
    pack_doubles(pk, m.x_next);
  }
  void operator()(const DoubleTask& m) const {
    pk.pack_int64(m.chunk);
    pack_doubles(pk, m.values);
  }
  void operator()(const DoubleResult& m) const {
    pk.pack_int64(m.chunk);
    pack_doubles(pk, m.values);
  }
  void operator()(const ErrorReport& m) const {
    const std::string text = m.message.substr(0, kMaxErrorText);
    pk.pack(text);
  }
  void operator()(const SetupAck&) const {}
  void operator()(const Heartbeat&) const {}
  void operator()(const Shutdown&) const {}
};

// ---- decoding: a cursor over the top-level array's fields, each read with its type checked.

class FieldReader {
 public:
  FieldReader(const msgpack::object_array& array, MessageType type) : array_(array), type_(type) {}

  std::size_t remaining() const { return array_.size - next_; }

  std::uint64_t unsigned_int(const char* what) {
    const msgpack::object& o = field(what);
    if (o.type != msgpack::type::POSITIVE_INTEGER) fail(what, "is not a non-negative integer");
    return o.via.u64;
  }
  std::int64_t signed_int(const char* what,
                          std::int64_t max = std::numeric_limits<std::int64_t>::max()) {
    const std::uint64_t v = unsigned_int(what);
    if (v > static_cast<std::uint64_t>(max)) fail(what, "is out of range");
    return static_cast<std::int64_t>(v);
  }
  double float64(const char* what) {
    const msgpack::object& o = field(what);
    // msgpack-c packs a whole-valued double (0.0, 4.0) as an integer: accept both.
    switch (o.type) {
      case msgpack::type::FLOAT64:
      case msgpack::type::FLOAT32:
        return o.via.f64;
      case msgpack::type::POSITIVE_INTEGER:
        return static_cast<double>(o.via.u64);
      case msgpack::type::NEGATIVE_INTEGER:
        return static_cast<double>(o.via.i64);
      default:
        fail(what, "is not a number");
    }
  }
  std::span<const std::byte> bin(const char* what, std::size_t element_size) {
    const msgpack::object& o = field(what);
    if (o.type != msgpack::type::BIN) fail(what, "is not binary");
    if (o.via.bin.size % element_size != 0)
      fail(what, "has a length that is not a whole number of elements");
    return {reinterpret_cast<const std::byte*>(o.via.bin.ptr), o.via.bin.size};
  }
  template <typename T>
  std::vector<T> array(const char* what) {
    const auto bytes = bin(what, sizeof(T));
    std::vector<T> out(bytes.size() / sizeof(T));
    if (!bytes.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
    return out;
  }
  std::string str(const char* what) {
    const msgpack::object& o = field(what);
    if (o.type != msgpack::type::STR) fail(what, "is not a string");
    return std::string(o.via.str.ptr, o.via.str.size);
  }

 private:
  const msgpack::object& field(const char* what) {
    if (next_ >= array_.size) fail(what, "is missing");
    return array_.ptr[next_++];
  }
  [[noreturn]] void fail(const char* what, const char* problem) const {
    throw ProtocolError(std::string(type_name(type_)) + " message: field '" + what + "' " +
                        problem);
  }

  const msgpack::object_array& array_;
  MessageType type_;
  std::size_t next_ = kHeaderFields;
};

Body decode_body(MessageType type, FieldReader& in) {
  switch (type) {
    case MessageType::hello:
      return Hello{in.signed_int("pid")};
    case MessageType::setup: {
      Setup m;
      m.node_index = static_cast<std::int32_t>(
          in.signed_int("node_index", std::numeric_limits<std::int32_t>::max()));
      RowBlock& b = m.block;
      b.global_rows = in.signed_int("global_rows", std::numeric_limits<std::int32_t>::max());
      b.range.begin = in.signed_int("row_begin");
      b.range.end = in.signed_int("row_end");
      b.row_ptr = in.array<std::int64_t>("row_ptr");
      b.local_col = in.array<std::int32_t>("local_col");
      b.values = in.array<double>("values");
      b.inv_diag = in.array<double>("inv_diag");
      b.rhs = in.array<double>("rhs");
      b.ghost_cols = in.array<std::int64_t>("ghost_cols");
      return m;
    }
    case MessageType::setup_ack:
      return SetupAck{};
    case MessageType::iterate:
      return Iterate{PackedDoubles(in.bin("ghost_values", sizeof(double)))};
    case MessageType::block_result: {
      BlockResult m;
      m.row_begin = in.signed_int("row_begin");
      m.row_end = in.signed_int("row_end");
      m.residual_sq = in.float64("residual_sq");
      m.x_next = PackedDoubles(in.bin("x_next", sizeof(double)));
      return m;
    }
    case MessageType::double_task: {
      DoubleTask m;
      m.chunk = in.signed_int("chunk");
      m.values = PackedDoubles(in.bin("values", sizeof(double)));
      return m;
    }
    case MessageType::double_result: {
      DoubleResult m;
      m.chunk = in.signed_int("chunk");
      m.values = PackedDoubles(in.bin("values", sizeof(double)));
      return m;
    }
    case MessageType::heartbeat:
      return Heartbeat{};
    case MessageType::shutdown:
      return Shutdown{};
    case MessageType::error:
      return ErrorReport{in.str("message")};
  }
  throw ProtocolError("unknown message type " + std::to_string(static_cast<int>(type)));
}

// Bins and strings are referenced, not copied: a multi-megabyte vector is read in place.
bool reference_bins(msgpack::type::object_type type, std::size_t, void*) {
  return type == msgpack::type::BIN || type == msgpack::type::STR;
}

}  // namespace

void PackedDoubles::copy_to(std::span<double> out) const {
  if (out.size() != size()) throw std::length_error("PackedDoubles::copy_to: size mismatch");
  if (!bytes.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
}

std::vector<double> PackedDoubles::to_vector() const {
  std::vector<double> out(size());
  copy_to(out);
  return out;
}

MessageType type_of(const Body& body) {
  static constexpr MessageType kTypes[] = {MessageType::hello,         MessageType::setup,
                                           MessageType::setup_ack,     MessageType::iterate,
                                           MessageType::block_result,  MessageType::double_task,
                                           MessageType::double_result, MessageType::heartbeat,
                                           MessageType::shutdown,      MessageType::error};
  static_assert(std::size(kTypes) == std::variant_size_v<Body>);
  return kTypes[body.index()];
}

const char* type_name(MessageType type) {
  switch (type) {
    case MessageType::hello:
      return "hello";
    case MessageType::setup:
      return "setup";
    case MessageType::setup_ack:
      return "setup_ack";
    case MessageType::iterate:
      return "iterate";
    case MessageType::block_result:
      return "block_result";
    case MessageType::double_task:
      return "double_task";
    case MessageType::double_result:
      return "double_result";
    case MessageType::heartbeat:
      return "heartbeat";
    case MessageType::shutdown:
      return "shutdown";
    case MessageType::error:
      return "error";
  }
  return "unknown";
}

void encode(const Message& message, FrameBuffer& out) {
  out.bytes.clear();
  Packer pk(out);
  pk.pack_array(static_cast<std::uint32_t>(kHeaderFields + body_fields(message.body)));
  pk.pack_uint32(kVersion);
  pk.pack_uint8(static_cast<std::uint8_t>(type_of(message.body)));
  pk.pack_uint64(message.header.job);
  pk.pack_uint32(message.header.epoch);
  pk.pack_uint64(message.header.iteration);
  std::visit(BodyPacker{pk}, message.body);
}

Message decode(std::span<const std::byte> frame) {
  if (frame.size() > kMaxFrameBytes) throw ProtocolError("frame larger than the protocol allows");
  // Limits sized to our messages: one flat array of at most kMaxFields scalars, strings and
  // bins; no maps, no ext, no nesting. Without them a 5-byte frame can claim 4 billion elements.
  const msgpack::unpack_limit limits(kMaxFields, 0, kMaxErrorText, kMaxFrameBytes, 0, 2);
  msgpack::object_handle handle;
  std::size_t offset = 0;
  try {
    handle = msgpack::unpack(reinterpret_cast<const char*>(frame.data()), frame.size(), offset,
                             reference_bins, nullptr, limits);
  } catch (const std::exception& e) {
    throw ProtocolError(std::string("not a valid msgpack frame: ") + e.what());
  }
  if (offset != frame.size()) throw ProtocolError("trailing bytes after the message");
  const msgpack::object& root = handle.get();
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
  if (raw_type < 1 || raw_type > static_cast<std::uint64_t>(MessageType::error)) {
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

}  // namespace slae::protocol
