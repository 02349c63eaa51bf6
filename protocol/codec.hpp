#pragma once
// Messages to msgpack bytes and back. Decoding treats every byte as hostile: it bounds every
// allocation, checks every type and size, insists that the whole frame is consumed, and reports
// anything wrong as ProtocolError (never another exception type, never a crash).
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include "protocol/messages.hpp"

namespace slae::protocol {

class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The largest frame either side accepts (also set as ZMQ_MAXMSGSIZE, so an oversize frame is
/// dropped by ZeroMQ from its header, before it is allocated).
inline constexpr std::size_t kMaxFrameBytes = std::size_t{1} << 31;
/// The longest error text a node may send.
inline constexpr std::size_t kMaxErrorText = 4096;
/// Every message opens with these fields: version, type, job, epoch, iteration.
inline constexpr std::size_t kHeaderFields = 5;

/// A reusable output buffer: encoding into the same buffer again reuses its memory.
struct FrameBuffer {
  std::vector<char> bytes;
  void write(const char* data, std::size_t size) { bytes.insert(bytes.end(), data, data + size); }
};

/// Encodes message into out (which is cleared first).
void encode(const Message& message, FrameBuffer& out);

/// The message's last field when it is a vector (iterate, block_result, exports, cg_direction,
/// cg_residual, block_values, double_task, double_result), else nullptr.
const PackedDoubles* trailing_vector(const Body& body);

/// Encodes everything but the bytes of the trailing vector (its bin header included), so that
/// prefix + the vector's bytes is the whole frame. Throws std::logic_error when the message has
/// no trailing vector.
void encode_prefix(const Message& message, FrameBuffer& out);

/// Decodes frames, reusing its msgpack zone from one frame to the next (a decoder per socket
/// keeps the receive loop from allocating a fresh zone for every message).
class Decoder {
 public:
  Decoder();
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  /// Decodes one frame. PackedDoubles in the result point into frame: keep frame alive while
  /// they are used. Throws ProtocolError on anything malformed, including a foreign version.
  Message decode(std::span<const std::byte> frame);

 private:
  struct Zone;
  std::unique_ptr<Zone> zone_;
};

/// One-off decoding (tests, tools).
Message decode(std::span<const std::byte> frame);

/// A message's header and type, read without decoding the rest: what a broker needs to route a
/// frame it passes on whole (the receiver decodes it all). Checks what it reads as decode()
/// does (an array of at least 5 fields, our version, a known type, integers in range) and
/// throws ProtocolError otherwise; says nothing of the fields after the header.
struct Peeked {
  Header header;
  MessageType type = MessageType::heartbeat;
};
Peeked peek(std::span<const std::byte> frame);

/// The protocol version a frame declares (its first field), when it has one: so that a peer of
/// another version can be told so instead of being dropped as garbage.
std::optional<std::uint64_t> version_of(std::span<const std::byte> frame);

}  // namespace slae::protocol
