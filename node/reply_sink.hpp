#pragma once
// Where a node's replies go. The session hands replies to a sink instead of a socket, so tests
// can drive it with no ZeroMQ at all; slae-node's sink sends on its DEALER.
#include "protocol/messages.hpp"
#include "protocol/payload_buffer.hpp"

namespace slae::node {

class ReplySink {
 public:
  virtual ~ReplySink() = default;
  /// Sends a reply. Its vectors may point into the session's buffers: send before returning.
  virtual void send(const protocol::Message& reply) = 0;
  /// Sends a reply whose trailing vector starts at payload.values().data(), without copying it
  /// (see payload_buffer.hpp).
  virtual void send(const protocol::Message& reply, protocol::PayloadBuffer& payload) = 0;
};

}  // namespace slae::node
