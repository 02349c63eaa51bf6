#pragma once
// The messages node and coordinator exchange, as plain structs. PROTOCOL.md is the
// specification; protocol/codec.cpp is the only code that turns these into bytes and back.
//
// Every message carries a header (protocol version, type, job id, epoch, iteration) so that a
// broker can route several jobs over one socket and a restarted iteration can be told from a
// stale one. Vectors travel as msgpack `bin` of raw little-endian float64 (see PackedDoubles).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "solver/row_block.hpp"

namespace slae::protocol {

inline constexpr std::uint32_t kVersion = 1;

enum class MessageType : std::uint8_t {
  hello = 1,          ///< node -> coordinator: I am here
  setup = 2,          ///< coordinator -> node: your row block
  setup_ack = 3,      ///< node -> coordinator: block accepted
  iterate = 4,        ///< coordinator -> node: ghost values of x_k, sweep
  block_result = 5,   ///< node -> coordinator: your rows of x_{k+1} and your share of ||r_k||^2
  double_task = 6,    ///< coordinator -> node: double this chunk
  double_result = 7,  ///< node -> coordinator: the doubled chunk
  heartbeat = 8,      ///< either way: still alive
  shutdown = 9,       ///< coordinator -> node: exit now
  error = 10,         ///< node -> coordinator: I could not do what you asked
};

struct Header {
  std::uint64_t job = 0;        ///< which job the message belongs to (0: none)
  std::uint32_t epoch = 0;      ///< bumped whenever the job's assignment of blocks changes
  std::uint64_t iteration = 0;  ///< k of x_k the message is about (0 outside iterations)
};

/// A read-only view of float64 values as bytes: on send it views the sender's vector, on
/// receipt it points (possibly unaligned) into the received frame. Valid only while that memory
/// lives; copy_to() moves the values into aligned storage.
struct PackedDoubles {
  std::span<const std::byte> bytes;
  PackedDoubles() = default;
  explicit PackedDoubles(std::span<const std::byte> b) : bytes(b) {}
  explicit PackedDoubles(std::span<const double> values) : bytes(std::as_bytes(values)) {}
  std::size_t size() const { return bytes.size() / sizeof(double); }
  void copy_to(std::span<double> out) const;  ///< throws std::length_error on size mismatch
  std::vector<double> to_vector() const;
};

struct Hello {
  std::int64_t pid = 0;  ///< the node's process id, for diagnostics
};
struct Setup {
  std::int32_t node_index = 0;  ///< the node's position in the partition
  RowBlock block;
};
struct SetupAck {};
struct Iterate {
  PackedDoubles ghost_values;  ///< values of x_k at the block's ghost columns, in their order
};
struct BlockResult {
  std::int64_t row_begin = 0;
  std::int64_t row_end = 0;
  double residual_sq = 0.0;  ///< sum over the block's rows of (b - A x_k)_i^2
  PackedDoubles x_next;      ///< rows [row_begin, row_end) of x_{k+1}
};
struct DoubleTask {
  std::int64_t chunk = 0;  ///< chunk number, the key for reassembly
  PackedDoubles values;
};
struct DoubleResult {
  std::int64_t chunk = 0;
  PackedDoubles values;
};
struct Heartbeat {};
struct Shutdown {};
struct ErrorReport {
  std::string message;
};

using Body = std::variant<Hello, Setup, SetupAck, Iterate, BlockResult, DoubleTask, DoubleResult,
                          Heartbeat, Shutdown, ErrorReport>;

struct Message {
  Header header;
  Body body;
};

/// The wire type of a body (the variant's alternative).
MessageType type_of(const Body& body);
/// "hello", "setup", ... for logs and errors.
const char* type_name(MessageType type);

}  // namespace slae::protocol
