#pragma once
// A vector that arrived in a ZeroMQ frame, kept in that frame instead of being copied out, or
// one that a node wrote into shared memory. The coordinator holds the nodes' blocks of the
// iterate this way: an 8 MB block is received once (or not at all) and read in place until it
// is no longer needed.
#include <cstddef>
#include <span>

#include <zmq.hpp>

#include "protocol/messages.hpp"
#include "protocol/transport.hpp"

namespace slae::coordinator {

class HeldVector {
 public:
  HeldVector() = default;
  /// Takes received's frame; `values` must point into it. (The offset is kept, not the
  /// pointer: ZeroMQ stores frames of a few dozen bytes inside the message object itself.)
  HeldVector(protocol::Received& received, const protocol::PackedDoubles& values)
      : offset_(static_cast<std::size_t>(values.bytes.data() -
                                         static_cast<const std::byte*>(received.frame.data()))),
        count_(values.size()),
        frame_(std::move(received.frame)),
        held_(true) {}
  /// Values that stay where they are (a node's block in shared memory).
  explicit HeldVector(std::span<const double> values)
      : count_(values.size()), direct_(values.data()), held_(true) {}

  bool held() const { return held_; }
  std::size_t size() const { return count_; }
  protocol::PackedDoubles view() const {
    if (direct_) return protocol::PackedDoubles(std::span<const double>(direct_, count_));
    return protocol::PackedDoubles(std::span<const std::byte>(
        static_cast<const std::byte*>(frame_.data()) + offset_, count_ * sizeof(double)));
  }
  void clear() {
    if (frame_.size() != 0) frame_.rebuild(std::size_t{0});
    count_ = 0;
    offset_ = 0;
    direct_ = nullptr;
    held_ = false;
  }

 private:
  std::size_t offset_ = 0;
  std::size_t count_ = 0;
  zmq::message_t frame_;
  const double* direct_ = nullptr;
  bool held_ = false;
};

}  // namespace slae::coordinator
