#pragma once
// Why a connection to a broker never gets anywhere. ZeroMQ hides a failed handshake (it just
// retries), so a customer or worker whose key the broker refuses would only see silence. This
// watches the socket's handshake events and says what went wrong: the key refused, or keys on
// one side only.
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

 private:
  std::string last_seen_;
  zmq::socket_t& watched_;
  zmq::socket_t monitor_;
};

}  // namespace slae::protocol
