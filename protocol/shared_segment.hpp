#pragma once
// The shared-memory data plane for nodes on the coordinator's own machine.
//
// Through a socket, every byte of a node's 8 MB block of x_{k+1} is copied twice by the kernel
// (into the socket, out of it), and the copies evict the sweep's working set from the cache:
// measured on the 1e6-row Poisson matrix with 2 nodes, that is 8 ms an iteration instead of
// 3.3 ms. So a node on the coordinator's machine writes its blocks into a shared-memory segment
// that the coordinator maps read-only; the block_result message still says when a block is
// ready, and still carries the residual sums, only without the block.
//
// Layout: three slots of [own rows | ghosts] (local_size doubles each); x_m lives in slot
// m % 3. Three suffice because nodes never run more than two iterations ahead of the
// coordinator's judgment (iterate_window.hpp), so a slot is rewritten only after its old
// iterate is no longer read.
//
// The segment is a memfd (an anonymous file in memory) sealed against shrinking and growing: a
// node, however buggy or hostile, cannot truncate it under the coordinator's mapping (which
// would kill the coordinator with SIGBUS at its next read), and a node checks the seals, so the
// coordinator cannot do that to it either. The setup message names the segment
// /proc/<pid>/fd/<fd>, a path only processes of the same user may open, and which stops working
// once the creator closes its descriptor, as it does when the node has mapped the segment.
// Nothing is ever left in /dev/shm, however the coordinator dies.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace slae::protocol {

inline constexpr int kSharedSlots = 3;

/// Bytes of a segment for a block of local_size doubles ([own | ghosts]).
std::size_t shared_iterate_bytes(std::int64_t local_size);
/// Slot of x_m within the segment's doubles.
template <typename T>
std::span<T> shared_iterate_slot(std::span<T> all, std::int64_t local_size, std::uint64_t m) {
  const auto size = static_cast<std::size_t>(local_size);
  return all.subspan(static_cast<std::size_t>(m % kSharedSlots) * size, size);
}

class SharedSegment {
 public:
  /// Creates a sealed memfd of `bytes` bytes, reserves its pages (so a full memory is an error
  /// now, not a SIGBUS later) and maps it read-only. Throws std::runtime_error.
  static SharedSegment create(std::size_t bytes);
  /// Opens a segment by the name its creator gave, checks that it is sealed against shrinking
  /// and growing and has exactly `bytes` bytes, and maps it read-write. Throws
  /// std::runtime_error.
  static SharedSegment open(const std::string& name, std::size_t bytes);

  SharedSegment(SharedSegment&& other) noexcept;
  SharedSegment& operator=(SharedSegment&& other) noexcept;
  SharedSegment(const SharedSegment&) = delete;
  SharedSegment& operator=(const SharedSegment&) = delete;
  /// Unmaps (and closes the descriptor if it is still open).
  ~SharedSegment();

  /// "/proc/<pid>/fd/<fd>" on the creator's side while its descriptor is open; the name opened
  /// on the other side.
  const std::string& name() const { return name_; }
  /// Closes the descriptor: the name stops working, the mappings stay. Harmless to repeat.
  void release_name();

  std::span<const double> doubles() const;
  /// The node's view. Throws std::logic_error on the coordinator's read-only mapping.
  std::span<double> writable_doubles();

 private:
  SharedSegment() = default;
  void release();

  std::string name_;
  int fd_ = -1;
  void* address_ = nullptr;
  std::size_t bytes_ = 0;
  bool writable_ = false;
};

/// Whether `name` is of the form the creator gives ("/proc/<pid>/fd/<fd>"): what a node accepts
/// in a setup message.
bool is_shared_segment_name(std::string_view name);

}  // namespace slae::protocol
