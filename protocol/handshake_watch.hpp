#pragma once
// What became of a connection to a broker. ZeroMQ hides a failed handshake (it just retries),
// so a customer or worker whose key the broker refuses would only see silence: this watches the
// socket's handshake events and says what went wrong (the key refused, or keys on one side
// only). And it tells whether a connection that was made has since been dropped (the broker's
// process ended, or its heartbeats stopped: protocol/liveness.hpp), which ZeroMQ would mend by
// reconnecting, unseen, to a broker that has given us up meanwhile.
#include <optional>
#include <string>

#include <zmq.hpp>

namespace slae::protocol {

class HandshakeWatch {
 public:
  /// Watches socket (before it connects); context is the socket's.
  HandshakeWatch(zmq::context_t& context, zmq::socket_t& socket);
  ~HandshakeWatch();
  HandshakeWatch(const HandshakeWatch&) = delete;
  HandshakeWatch& operator=(const HandshakeWatch&) = delete;

  /// A failure since the last call that will not mend by retrying (our key refused, keys on
  /// one side only), in words; never blocks. Empty when none.
  std::optional<std::string> failure();

  /// The latest failure of any kind seen so far (a handshake cut short, say), in words: to
  /// explain a silence. Empty when none.
  const std::string& last_seen() const { return last_seen_; }

  /// Whether a handshake has succeeded and that connection is still up; never blocks.
  bool connected();
  /// Whether a connection that was made has been dropped since this watch began; it stays
  /// true, whatever ZeroMQ reconnects after. Never blocks.
  bool dropped();

 private:
  /// Reads the events waiting; returns the latest lasting failure among them, if any.
  std::optional<std::string> drain();

  std::string last_seen_;
  bool connected_ = false;
  bool dropped_ = false;
  std::optional<std::string> unread_failure_;  ///< seen by connected() or dropped()
  zmq::socket_t& watched_;
  zmq::socket_t monitor_;
};

}  // namespace slae::protocol
