#pragma once
// The shared-memory data plane for nodes on the coordinator's own machine.
//
// Through a socket, every byte of a node's 8 MB block of x_{k+1} is copied twice by the kernel
// (into the socket, out of it), and the copies evict the sweep's working set from the cache:
// measured on the 1e6-row Poisson matrix with 2 nodes, that is 8 ms an iteration instead of
// 3.3 ms. So a node started by the coordinator writes its blocks into a POSIX shared-memory
// object that the coordinator maps read-only; the block_result message still says when a
// block is ready, and still carries the residual sums, only without the block. The object's
// name travels in the setup message and is unlinked as soon as both sides have mapped it.
//
// Layout: three slots of [own rows | ghosts] (local_size doubles each); x_m lives in slot
// m % 3. Three suffice because nodes never run more than two iterations ahead of the
// coordinator's judgment (iterate_window.hpp), so a slot is rewritten only after its old
// iterate is no longer read.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

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
  /// Creates an object of `bytes` bytes (exclusive, mode 0600, random name), reserves its pages
  /// (so a full /dev/shm is an error now, not a SIGBUS later) and maps it read-only. Throws
  /// std::runtime_error.
  static SharedSegment create(std::size_t bytes);
  /// Opens and maps an existing object read-write; its size must be exactly `bytes`. Throws
  /// std::runtime_error.
  static SharedSegment open(const std::string& name, std::size_t bytes);

  SharedSegment(SharedSegment&& other) noexcept;
  SharedSegment& operator=(SharedSegment&& other) noexcept;
  SharedSegment(const SharedSegment&) = delete;
  SharedSegment& operator=(const SharedSegment&) = delete;
  /// Unmaps; removes the name too if this side created it and has not yet unlinked it.
  ~SharedSegment();

  const std::string& name() const { return name_; }
  /// Removes the name (mappings stay valid). Harmless to repeat, and on either side: the node
  /// unlinks as soon as it has mapped the object, the coordinator once the node has answered.
  void unlink();

  /// Removes the objects left behind by coordinators that were killed (SIGKILL leaves no
  /// chance to clean up) before their nodes had mapped them: names carry the creator's pid,
  /// and only objects of processes that no longer exist are removed. Returns how many.
  static int remove_stale();

  std::span<const double> doubles() const;
  /// The node's view. Throws std::logic_error on the coordinator's read-only mapping.
  std::span<double> writable_doubles();

 private:
  SharedSegment() = default;
  void release();

  std::string name_;
  void* address_ = nullptr;
  std::size_t bytes_ = 0;
  bool writable_ = false;
  bool owns_name_ = false;  ///< the name is still to be unlinked by this side
};

}  // namespace slae::protocol
