#pragma once
// Storage for one vector that is sent without being copied. The owner computes the values in
// place (a node's sweep writes x_{k+1} straight into it); the transport encodes the message's
// prefix into the headroom right in front of the values and hands ZeroMQ the bytes
// [prefix | values] by reference. On these machines copying an 8 MB vector costs about a
// quarter of a whole sweep, and the gather path used to copy it five times.
//
// ZeroMQ reports from its I/O thread when it has finished with the bytes. Until then the values
// must not change: call wait_until_free() before writing. The storage is reference-counted
// between the owner and ZeroMQ, so destroying a PayloadBuffer never waits, even when a frame is
// stuck in the queue of a stopped peer: the memory goes when ZeroMQ lets go of it.
#include <atomic>
#include <cstddef>
#include <span>

namespace slae::protocol {

class PayloadBuffer {
 public:
  /// Room for the prefix of any message: the header plus the small vectors that precede the
  /// trailing one (cg_residual: two vectors of up to 2048 chunk sums). A longer prefix makes
  /// the transport fall back to copying.
  static constexpr std::size_t kHeadroom = 64 * 1024;

  /// Room for `doubles` values, allocated and touched now (first touches are expensive here).
  explicit PayloadBuffer(std::size_t doubles = 0);
  ~PayloadBuffer();
  PayloadBuffer(const PayloadBuffer&) = delete;
  PayloadBuffer& operator=(const PayloadBuffer&) = delete;
  PayloadBuffer(PayloadBuffer&& other) noexcept;
  PayloadBuffer& operator=(PayloadBuffer&& other) noexcept;

  /// The values, 64-byte aligned. Do not write while in_flight().
  std::span<double> values();
  std::span<const double> values() const;
  std::size_t size() const;

  /// True while ZeroMQ still holds the bytes of the last send.
  bool in_flight() const;
  /// Blocks until ZeroMQ has released them (normally it already has).
  void wait_until_free() const;

  // ---- for the transport
  struct Storage;
  /// The last `prefix_size` bytes of the headroom, followed by the values: where the frame
  /// starts. Requires prefix_size <= kHeadroom.
  std::byte* frame_start(std::size_t prefix_size);
  /// Marks the buffer lent to ZeroMQ; returns the hint for release(). Throws std::logic_error
  /// if it is already lent.
  void* lend();
  /// ZeroMQ's free callback (zmq_free_fn): the bytes are free again.
  static void release(void* data, void* hint);

 private:
  Storage* storage_ = nullptr;
};

}  // namespace slae::protocol
