#pragma once
// A worker's connection to its broker: one DEALER, the `ready` that opens every connection, the
// heartbeats that keep it (protocol/liveness.hpp: ZeroMQ's on the connection, ours above), and a
// fresh socket when the connection was dropped or never made. What the worker does with the
// messages is NodeSession's business.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <zmq.hpp>

#include "node/reply_sink.hpp"
#include "protocol/codec.hpp"
#include "protocol/curve_keys.hpp"
#include "protocol/handshake_watch.hpp"
#include "protocol/liveness.hpp"
#include "protocol/messages.hpp"
#include "protocol/transport.hpp"

namespace slae::node {

/// What the worker says of itself in `ready`: its pid, cores, host name and boot id.
protocol::Ready describe_this_worker();

class BrokerLink final : public ReplySink {
 public:
  using Clock = std::chrono::steady_clock;

  /// Connects to endpoint (with CURVE when keys are given) and says ready. interval: the
  /// heartbeat interval to keep until the broker tells its own. context: the caller's, kept
  /// until the link is gone (slae-node's own; one shared by the threads of a test cluster).
  /// self: what each ready says (describe_this_worker(); a test cluster's thread gives a pid
  /// of its own, or the broker would take it for the same worker as its neighbours).
  BrokerLink(zmq::context_t& context, std::string endpoint, std::optional<protocol::NodeKeys> keys,
             std::chrono::milliseconds interval = protocol::kHeartbeatInterval,
             protocol::Ready self = describe_this_worker());

  /// Waits up to `timeout` for a message; sends a heartbeat when one is due. Returns the frame,
  /// or nothing when none arrived in time.
  std::optional<protocol::Received> poll(std::chrono::milliseconds timeout);

  /// The broker's heartbeat told us its interval: our heartbeats keep to it from now on (the
  /// connection's own from the next connection: ZeroMQ fixes them when it connects).
  void adopt(const protocol::Heartbeat& beat) {
    interval_ = protocol::announced_interval(beat.interval_ms);
  }
  /// The interval we beat at, the broker's once we heard it.
  std::chrono::milliseconds interval() const { return interval_; }

  /// Time since the broker last said anything (or since the connection was opened).
  Clock::duration silence() const { return Clock::now() - last_heard_; }
  /// Time without a connection to the broker: zero while one is up, else since this socket
  /// was opened or its connection was dropped.
  Clock::duration unconnected();
  /// Whether the connection we had was dropped: the broker's process ended, or the broker or
  /// its link stopped answering ZeroMQ's heartbeats. The broker has given us up then.
  bool dropped() { return watch_->dropped(); }

  /// Drops the socket, and whatever it had queued, unsent, and connects a fresh one, saying
  /// ready again. (Frames still in ZeroMQ's hands may point into a session's buffers: those are
  /// counted, protocol/payload_buffer.hpp, and outlive them.)
  void reconnect();

  const std::string& endpoint() const { return endpoint_; }

  /// Why the handshake failed since the last call (our key refused, keys on one side only).
  std::optional<std::string> handshake_failure() { return watch_->failure(); }

  void send(const protocol::Message& reply) override;
  void send(const protocol::Message& reply, protocol::PayloadBuffer& payload) override;

 private:
  void open();
  void beat();

  std::string endpoint_;
  std::optional<protocol::NodeKeys> keys_;
  protocol::Ready self_;
  zmq::context_t& context_;
  zmq::socket_t dealer_;
  std::optional<protocol::HandshakeWatch> watch_;  ///< of dealer_; reset before it closes
  protocol::FrameBuffer scratch_;
  std::chrono::milliseconds interval_ = protocol::kHeartbeatInterval;
  Clock::time_point last_heard_;
  Clock::time_point last_sent_;
  Clock::time_point opened_;
};

}  // namespace slae::node
