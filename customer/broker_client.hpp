#pragma once
// The customer's connection to a broker: one DEALER, heartbeats while it waits (so that the
// broker knows it is still there and frees its workers when it is not), and the broker's
// silence as an error. What the messages mean is the caller's business.
#include <chrono>
#include <optional>
#include <string>

#include <zmq.hpp>

#include "coordinator/cluster/cluster_error.hpp"
#include "protocol/codec.hpp"
#include "protocol/curve_keys.hpp"
#include "protocol/handshake_watch.hpp"
#include "protocol/liveness.hpp"
#include "protocol/messages.hpp"
#include "protocol/transport.hpp"

namespace slae::customer {

/// The broker said nothing for the silence limit: it is gone, stopped, or cut off from us.
class BrokerSilent : public coordinator::ClusterError {
 public:
  using ClusterError::ClusterError;
};

class BrokerClient {
 public:
  using Clock = std::chrono::steady_clock;

  /// Connects to endpoint (ZeroMQ connects in the background: a broker that is not there shows
  /// as silence). silence_limit: how long the broker may say nothing before next() gives up.
  /// keys: our pair and the broker's public key, for a broker that checks keys (CURVE).
  BrokerClient(std::string endpoint, std::chrono::milliseconds silence_limit,
               const std::optional<protocol::NodeKeys>& keys = std::nullopt);

  void send(const protocol::Message& message);

  /// Sends a question the broker answers at once (a status request, a cancel) and returns the
  /// answer, as next() would; the silence limit counts from the question (an answer is all we
  /// hear from a broker while we have no job there).
  protocol::Message ask(const protocol::Message& question, protocol::Received& frame,
                        const std::string& waiting_for);

  /// The next message from the broker other than a heartbeat; its vectors point into `frame`.
  /// Sends heartbeats while it waits. Throws BrokerSilent when the broker has said nothing for
  /// the silence limit (naming the endpoint; `waiting_for` says for what), ClusterError when it
  /// said something this customer cannot take, and
  /// coordinator::Interrupted on SIGINT/SIGTERM.
  protocol::Message next(protocol::Received& frame, const std::string& waiting_for);

  /// The next message other than a heartbeat within `within`, or nothing: for the last words of
  /// a job after an interruption, so a pending signal does not stop it, nor does the broker's
  /// silence or a message this customer cannot take (nothing is thrown).
  std::optional<protocol::Message> farewell(protocol::Received& frame,
                                            std::chrono::milliseconds within);

  const std::string& endpoint() const { return endpoint_; }

 private:
  /// next() and farewell(): until a message arrives, or the deadline passes (nullopt; next()
  /// has none and throws BrokerSilent instead).
  std::optional<protocol::Message> wait(protocol::Received& frame, const std::string& waiting_for,
                                        std::optional<Clock::time_point> deadline);

  std::string endpoint_;
  std::chrono::milliseconds silence_limit_;
  zmq::context_t context_{1};
  zmq::socket_t dealer_;
  protocol::HandshakeWatch handshake_;  ///< after dealer_: stops watching before it closes
  protocol::FrameBuffer scratch_;
  protocol::Decoder decoder_;
  /// How often we beat: the broker's interval, once a heartbeat of its has told us
  std::chrono::milliseconds interval_ = protocol::kHeartbeatInterval;
  Clock::time_point last_heard_;
  Clock::time_point last_sent_;
};

}  // namespace slae::customer
