// Encoding (the decoder is in codec_decode.cpp) and the small helpers of the message types.
#include "protocol/codec.hpp"

#include <bit>
#include <cstring>
#include <string>
#include <type_traits>

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

template <typename T>
void pack_array(Packer& pk, std::span<const T> values) {
  pack_bytes(pk, std::as_bytes(values));
}

// Packs each body's fields. `trailing_body` false leaves out the bytes of the last vector
// (encode_prefix); every other field is always written whole.
struct BodyPacker {
  Packer& pk;
  bool trailing_body = true;

  void vec(const PackedDoubles& v) const { pack_bytes(pk, v.bytes); }
  void trailing(const PackedDoubles& v) const { pack_bytes(pk, v.bytes, trailing_body); }

  void operator()(const Ready& m) const {
    pk.pack_int64(m.pid);
    pk.pack_int32(m.cores);
    pk.pack(m.host);
    pk.pack(m.boot_id);
  }
  void operator()(const Setup& m) const {
    const RowBlock& b = m.block;
    pk.pack_int32(m.node_index);
    pk.pack_int64(b.global_rows);
    pk.pack_int64(b.range.begin);
    pk.pack_int64(b.range.end);
    pk.pack_int64(b.chunk_rows);
    pack_array<std::int64_t>(pk, b.row_ptr);
    pack_array<std::int32_t>(pk, b.local_col);
    pack_array<double>(pk, b.values);
    pack_array<double>(pk, b.inv_diag);
    pack_array<double>(pk, b.rhs);
    pack_array<std::int64_t>(pk, b.ghost_cols);
    pack_array<std::int32_t>(pk, m.exports);
    pk.pack_uint8(m.early_exports ? 1 : 0);
    pk.pack(m.segment);
  }
  void operator()(const Start& m) const {
    pk.pack_uint8(static_cast<std::uint8_t>(m.method));
    pk.pack_double(m.omega);
    vec(m.x0);
    vec(m.r0);
    vec(m.p0);
    pk.pack_uint32(m.collect_every);
    pack_array<std::int32_t>(pk, m.colours);
    pk.pack_uint32(m.colour_count);
  }
  void operator()(const Iterate& m) const { trailing(m.ghost_values); }
  void operator()(const Exports& m) const { trailing(m.values); }
  void operator()(const BlockResult& m) const {
    pk.pack_int64(m.row_begin);
    pk.pack_int64(m.row_end);
    vec(m.residual_sq);
    trailing(m.x_next);
  }
  void operator()(const CgDirection& m) const {
    pk.pack_double(m.beta);
    trailing(m.ghost_values);
  }
  void operator()(const CgCurvature& m) const { vec(m.pq); }
  void operator()(const CgStep& m) const { pk.pack_double(m.alpha); }
  void operator()(const CgResidual& m) const {
    vec(m.rz);
    vec(m.rr);
    trailing(m.exports);
  }
  void operator()(const BlockValues& m) const {
    pk.pack_int64(m.row_begin);
    pk.pack_int64(m.row_end);
    trailing(m.values);
  }
  void operator()(const DoubleTask& m) const {
    pk.pack_int64(m.chunk);
    trailing(m.values);
  }
  void operator()(const DoubleResult& m) const {
    pk.pack_int64(m.chunk);
    trailing(m.values);
  }
  void operator()(const ErrorReport& m) const {
    const std::string text = m.message.substr(0, kMaxErrorText);
    pk.pack(text);
  }
  void operator()(const SetupAck& m) const { pk.pack_uint8(m.shared_memory ? 1 : 0); }
  void operator()(const Release&) const {}
  void operator()(const Submit& m) const {
    pk.pack_uint8(static_cast<std::uint8_t>(m.kind));
    pk.pack_int64(m.rows);
    pk.pack_int64(m.nnz);
    pk.pack_int32(m.nodes);
    pack_array<std::uint8_t>(pk, m.methods);
    pk.pack_double(m.omega);
    pk.pack_double(m.tolerance);
    pk.pack_int64(m.max_iterations);
    pk.pack_uint8(m.with_exact ? 1 : 0);
    pk.pack_uint8(m.error_history ? 1 : 0);
    pk.pack_uint8(m.share_memory ? 1 : 0);
    pk.pack_uint32(m.collect_every);
    pk.pack_int64(m.checkpoint_every);
    pk.pack_uint8(m.resume ? 1 : 0);
    pk.pack_int64(m.resume_iteration);
    pack_array<double>(pk, m.omegas);
  }
  void operator()(const Accepted&) const {}
  void operator()(const Refused& m) const { pk.pack(m.reason.substr(0, kMaxErrorText)); }
  void operator()(const JobData& m) const {
    pack_bytes(pk, m.row_ptr);
    pack_bytes(pk, m.col_idx);
    vec(m.values);
    vec(m.rhs);
    vec(m.exact);
    pk.pack_double(m.resume_beta);
    pk.pack_double(m.resume_best);
    pk.pack_int64(m.resume_restarts);
    pk.pack_int64(m.resume_fruitless);
    vec(m.resume_history);
    vec(m.resume_r);
    vec(m.resume_p);
    vec(m.resume_x);
  }
  void operator()(const Progress& m) const {
    pk.pack_int32(m.method);
    pk.pack_double(m.relative_residual);
  }
  void operator()(const MethodResult& m) const {
    pk.pack_int32(m.method);
    pk.pack_uint8(m.outcome);
    pk.pack_int64(m.iterations);
    pk.pack_double(m.relative_residual);
    pk.pack_double(m.recursive_residual);
    pk.pack_int64(m.restarts);
    pk.pack(m.note.substr(0, kMaxErrorText));
    pk.pack_double(m.seconds);
    pk.pack_int64(m.sweeps);
    pk.pack_uint64(m.bytes_to_nodes);
    pk.pack_uint64(m.bytes_from_nodes);
    pack_array<std::int64_t>(pk, m.traffic);
    vec(m.residual_history);
    vec(m.seconds_history);
    vec(m.error_history);
    pk.pack_uint64(m.stale_messages_dropped);
    pk.pack_double(m.lambda_min);
    pk.pack_double(m.lambda_max);
    pk.pack_int64(m.spectrum_iterations);
    pack_array<std::int64_t>(pk, m.rows_per_colour);
    vec(m.x);
  }
  void operator()(const JobEventNote& m) const {
    pk.pack_uint8(m.kind);
    pk.pack_int32(m.method);
    pk.pack_int64(m.iteration);
    pk.pack_double(m.seconds);
    pk.pack_int64(m.count);
    pk.pack(m.how.substr(0, kMaxErrorText));
    pk.pack(m.detail.substr(0, kMaxErrorText));
  }
  void operator()(const JobCheckpoint& m) const {
    pk.pack_int32(m.method);
    pk.pack_double(m.beta);
    pk.pack_double(m.best);
    pk.pack_int64(m.restarts);
    pk.pack_int64(m.fruitless);
    vec(m.history);
    vec(m.r);
    vec(m.p);
    vec(m.x);
  }
  void operator()(const JobStarted& m) const {
    pk.pack_int32(m.shared_memory_nodes);
    pk.pack_double(m.distribution_seconds);
    pk.pack_int64(m.chunk_rows);
    pk.pack_double(m.queued_seconds);
    pack_array<std::int64_t>(pk, m.parts);
  }
  void operator()(const JobDone& m) const { vec(m.values); }
  void operator()(const JobFailed& m) const {
    pk.pack_int32(m.exit_code);
    pk.pack(m.reason.substr(0, kMaxErrorText));
  }
  void operator()(const StatusRequest&) const {}
  void operator()(const Status& m) const { pack_bytes(pk, std::as_bytes(std::span(m.json))); }
  void operator()(const Cancel& m) const {
    pk.pack_uint8(static_cast<std::uint8_t>(m.how));
    pk.pack(m.by.substr(0, kMaxErrorText));
  }
  void operator()(const JobQueued& m) const {
    pk.pack_int32(m.position);
    pk.pack_int32(m.length);
    pk.pack_int32(m.busy);
    pk.pack_int32(m.workers);
  }
  void operator()(const CancelReply& m) const {
    pk.pack_uint8(m.cancelled ? 1 : 0);
    pk.pack(m.text.substr(0, kMaxErrorText));
  }
  void operator()(const Collect& m) const { pk.pack_uint8(static_cast<std::uint8_t>(m.what)); }
  void operator()(const Heartbeat& m) const { pk.pack_uint32(m.interval_ms); }
  void operator()(const Welcome& m) const { pk.pack_int64(m.worker); }
  void operator()(const Shutdown&) const {}
};

// Fields after the header, per type (the packer above writes exactly these).
std::size_t body_fields(MessageType type) {
  switch (type) {
    case MessageType::setup:
      return 14;
    case MessageType::start:
      return 8;
    case MessageType::block_result:
    case MessageType::ready:
      return 4;
    case MessageType::cg_residual:
      return 3;
    case MessageType::block_values:
      return 3;
    case MessageType::cg_direction:
    case MessageType::double_task:
    case MessageType::double_result:
      return 2;
    case MessageType::iterate:
    case MessageType::exports:
    case MessageType::cg_curvature:
    case MessageType::cg_step:
    case MessageType::error:
    case MessageType::setup_ack:
    case MessageType::collect:
    case MessageType::heartbeat:
    case MessageType::welcome:
      return 1;
    case MessageType::shutdown:
    case MessageType::release:
    case MessageType::accepted:
    case MessageType::status_request:
      return 0;
    case MessageType::job_queued:
      return 4;
    case MessageType::submit:
      return 16;
    case MessageType::refused:
    case MessageType::status:
      return 1;
    case MessageType::job_data:
      return 13;
    case MessageType::job_started:
      return 5;
    case MessageType::job_done:
      return 1;
    case MessageType::progress:
    case MessageType::job_failed:
    case MessageType::cancel:
    case MessageType::cancel_reply:
      return 2;
    case MessageType::method_result:
      return 21;
    case MessageType::job_event:
      return 7;
    case MessageType::job_checkpoint:
      return 9;
  }
  return 0;
}

// The bytes of a message's arrays, so that a large frame is allocated once: grown by doubling,
// a 30 MB setup would be copied twice over and fault in twice the fresh pages.
struct BulkBytes {
  std::size_t operator()(const Setup& m) const {
    const RowBlock& b = m.block;
    return b.row_ptr.size() * 8 + b.local_col.size() * 4 + b.values.size() * 8 +
           b.inv_diag.size() * 8 + b.rhs.size() * 8 + b.ghost_cols.size() * 8 +
           m.exports.size() * 4 + m.segment.size();
  }
  std::size_t operator()(const Start& m) const {
    return m.x0.bytes.size() + m.r0.bytes.size() + m.p0.bytes.size() + m.colours.size() * 4;
  }
  std::size_t operator()(const JobData& m) const {
    return m.row_ptr.size() + m.col_idx.size() + m.values.bytes.size() + m.rhs.bytes.size() +
           m.exact.bytes.size() + m.resume_history.bytes.size() + m.resume_r.bytes.size() +
           m.resume_p.bytes.size() + m.resume_x.bytes.size();
  }
  std::size_t operator()(const JobCheckpoint& m) const {
    return m.history.bytes.size() + m.r.bytes.size() + m.p.bytes.size();
  }
  std::size_t operator()(const MethodResult& m) const {
    return m.residual_history.bytes.size() + m.seconds_history.bytes.size() +
           m.error_history.bytes.size() + m.x.bytes.size() + m.rows_per_colour.size() * 8;
  }
  std::size_t operator()(const JobStarted& m) const { return m.parts.size() * 8; }
  std::size_t operator()(const JobDone& m) const { return m.values.bytes.size(); }
  std::size_t operator()(const Status& m) const { return m.json.size(); }
  std::size_t operator()(const auto&) const { return 0; }  // the trailing vector, if any, aside
};

void encode_with(const Message& message, FrameBuffer& out, bool trailing_body) {
  out.bytes.clear();
  if (trailing_body) {
    const PackedDoubles* tail = trailing_vector(message.body);
    out.bytes.reserve(std::visit(BulkBytes{}, message.body) + (tail ? tail->bytes.size() : 0) +
                      512);
  }
  Packer pk(out);
  const MessageType type = type_of(message.body);
  pk.pack_array(static_cast<std::uint32_t>(kHeaderFields + body_fields(type)));
  pk.pack_uint32(kVersion);
  pk.pack_uint8(static_cast<std::uint8_t>(type));
  pk.pack_uint64(message.header.job);
  pk.pack_uint32(message.header.epoch);
  pk.pack_uint64(message.header.iteration);
  std::visit(BodyPacker{pk, trailing_body}, message.body);
}

// The last field of each message type, when it is a vector.
struct TrailingVector {
  const PackedDoubles* operator()(const Iterate& m) const { return &m.ghost_values; }
  const PackedDoubles* operator()(const Exports& m) const { return &m.values; }
  const PackedDoubles* operator()(const BlockResult& m) const { return &m.x_next; }
  const PackedDoubles* operator()(const CgDirection& m) const { return &m.ghost_values; }
  const PackedDoubles* operator()(const CgResidual& m) const { return &m.exports; }
  const PackedDoubles* operator()(const BlockValues& m) const { return &m.values; }
  const PackedDoubles* operator()(const DoubleTask& m) const { return &m.values; }
  const PackedDoubles* operator()(const DoubleResult& m) const { return &m.values; }
  const PackedDoubles* operator()(const JobCheckpoint& m) const { return &m.x; }
  const PackedDoubles* operator()(const auto&) const { return nullptr; }
};

}  // namespace

const PackedDoubles* trailing_vector(const Body& body) {
  return std::visit(TrailingVector{}, body);
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
