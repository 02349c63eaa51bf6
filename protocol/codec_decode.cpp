// Decoding: every frame is hostile until proven otherwise (codec.hpp). A cursor over the
// top-level array's fields reads each with its type checked; bins are referenced, not copied.
#include <cstring>
#include <limits>
#include <new>
#include <string>

#include <msgpack.hpp>

#include "protocol/codec.hpp"
#include "protocol/field_reader.hpp"
#include "protocol/liveness.hpp"
#include "protocol/shared_segment.hpp"

namespace slae::protocol {
namespace {

constexpr std::size_t kMaxFields = 32;  // the longest message (method_result) has 25

using detail::FieldReader;

Body decode_body(MessageType type, FieldReader& in) {
  constexpr auto kInt32Max = std::numeric_limits<std::int32_t>::max();
  switch (type) {
    case MessageType::ready: {
      Ready m;
      m.pid = in.signed_int("pid");
      m.cores = static_cast<std::int32_t>(in.signed_int("cores", kInt32Max));
      m.host = in.str("host");
      m.boot_id = in.str("boot_id");
      if (m.host.size() > kMaxReadyText || m.boot_id.size() > kMaxReadyText)
        throw ProtocolError("ready: host or boot_id longer than " + std::to_string(kMaxReadyText) +
                            " bytes");
      return m;
    }
    case MessageType::setup: {
      Setup m;
      m.node_index = static_cast<std::int32_t>(in.signed_int("node_index", kInt32Max));
      RowBlock& b = m.block;
      b.global_rows = in.signed_int("global_rows", kInt32Max);
      b.range.begin = in.signed_int("row_begin");
      b.range.end = in.signed_int("row_end");
      b.chunk_rows = in.signed_int("chunk_rows", kInt32Max);
      b.row_ptr = in.array<std::int64_t>("row_ptr");
      b.local_col = in.array<std::int32_t>("local_col");
      b.values = in.array<double>("values");
      b.inv_diag = in.array<double>("inv_diag");
      b.rhs = in.array<double>("rhs");
      b.ghost_cols = in.array<std::int64_t>("ghost_cols");
      m.exports = in.array<std::int32_t>("exports");
      m.early_exports = in.flag("early_exports");
      m.segment = in.str("segment");
      if (!m.segment.empty() && !is_shared_segment_name(m.segment)) {
        throw ProtocolError("setup message: field 'segment' is not a shared-memory name");
      }
      return m;
    }
    case MessageType::setup_ack:
      return SetupAck{in.flag("shared_memory")};
    case MessageType::start: {
      Start m;
      const std::uint64_t method = in.unsigned_int("method");
      if (method < static_cast<std::uint64_t>(Method::jacobi) ||
          method > static_cast<std::uint64_t>(Method::sor)) {
        throw ProtocolError("start message: unknown method " + std::to_string(method));
      }
      m.method = static_cast<Method>(method);
      m.omega = in.float64("omega");
      m.x0 = in.doubles("x0");
      m.r0 = in.doubles("r0");
      m.p0 = in.doubles("p0");
      m.collect_every = static_cast<std::uint32_t>(in.signed_int("collect_every", 1 << 30));
      if (m.collect_every < 1) throw ProtocolError("start message: collect_every is 0");
      m.colours = in.array<std::int32_t>("colours");
      m.colour_count = static_cast<std::uint32_t>(in.signed_int("colour_count", kMaxColours));
      const bool multicolour = m.method == Method::gauss_seidel || m.method == Method::sor;
      if (multicolour != (m.colour_count > 0)) {
        throw ProtocolError("start message: a colour count belongs to gauss-seidel and sor alone");
      }
      for (const std::int32_t c : m.colours) {
        if (c < 0 || static_cast<std::uint32_t>(c) >= m.colour_count)
          throw ProtocolError("start message: a row's colour is outside the colour count");
      }
      return m;
    }
    case MessageType::iterate:
      return Iterate{in.doubles("ghost_values")};
    case MessageType::exports:
      return Exports{in.doubles("values")};
    case MessageType::block_result: {
      BlockResult m;
      m.row_begin = in.signed_int("row_begin");
      m.row_end = in.signed_int("row_end");
      m.residual_sq = in.doubles("residual_sq");
      m.x_next = in.doubles("x_next");
      return m;
    }
    case MessageType::cg_direction: {
      CgDirection m;
      m.beta = in.float64("beta");
      m.ghost_values = in.doubles("ghost_values");
      return m;
    }
    case MessageType::cg_curvature:
      return CgCurvature{in.doubles("pq")};
    case MessageType::cg_step:
      return CgStep{in.float64("alpha")};
    case MessageType::cg_residual: {
      CgResidual m;
      m.rz = in.doubles("rz");
      m.rr = in.doubles("rr");
      m.exports = in.doubles("exports");
      return m;
    }
    case MessageType::collect:
      return Collect{static_cast<Collected>(in.signed_int("what", 2))};
    case MessageType::block_values: {
      BlockValues m;
      m.row_begin = in.signed_int("row_begin");
      m.row_end = in.signed_int("row_end");
      m.values = in.doubles("values");
      return m;
    }
    case MessageType::double_task: {
      DoubleTask m;
      m.chunk = in.signed_int("chunk");
      m.values = in.doubles("values");
      return m;
    }
    case MessageType::double_result: {
      DoubleResult m;
      m.chunk = in.signed_int("chunk");
      m.values = in.doubles("values");
      return m;
    }
    case MessageType::heartbeat: {
      const std::int64_t ms =
          in.int_in("interval_ms", kMinHeartbeatInterval.count(), kMaxHeartbeatInterval.count());
      return Heartbeat{static_cast<std::uint32_t>(ms)};
    }
    case MessageType::welcome:
      return Welcome{in.signed_int("worker")};
    case MessageType::shutdown:
      return Shutdown{};
    case MessageType::error:
      return ErrorReport{in.str("message")};
    case MessageType::release:
      return Release{};
    default:
      return decode_customer_body(type, in);
  }
  throw ProtocolError("unknown message type " + std::to_string(static_cast<int>(type)));
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
