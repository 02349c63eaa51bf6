#include "protocol/handshake_watch.hpp"

#include <atomic>
#include <cstdint>
#include <cstring>

#include "protocol/transport.hpp"

namespace slae::protocol {
namespace {

constexpr int kFailures = ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
                          ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;
constexpr int kConnection = ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_DISCONNECTED;

std::string describe(std::uint16_t event, std::uint32_t value, bool with_keys) {
  if (event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) {
    return "the broker refused our key (status " + std::to_string(value) +
           "): it is in none of the broker's key directories, or it was revoked";
  }
  if (event == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL && value == 0x11000002) {
    // ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH: one side uses CURVE, the other does not
    return with_keys ? "the broker does not use keys: connect without --key and --broker-key"
                     : "the broker checks keys: give --key (our NAME.key) and --broker-key (the "
                       "broker's .pub file)";
  }
  if (with_keys) {
    return "the secure handshake with the broker failed: is --broker-key the broker's public "
           "key?";
  }
  return "the handshake with the broker failed";
}

}  // namespace

HandshakeWatch::HandshakeWatch(zmq::context_t& context, zmq::socket_t& socket)
    : watched_(socket), monitor_(context, zmq::socket_type::pair) {
  // A name of its own in the context: a watch made where the last one was (a reconnect), or one
  // per worker thread of an in-process cluster, must not meet a binding ZeroMQ has not let go.
  static std::atomic<std::uint64_t> watches{0};
  const std::string endpoint = "inproc://slae-handshake-" + std::to_string(++watches);
  if (zmq_socket_monitor(socket.handle(), endpoint.c_str(), kFailures | kConnection) != 0)
    throw zmq::error_t();
  monitor_.connect(endpoint);
}

HandshakeWatch::~HandshakeWatch() {
  zmq_socket_monitor(watched_.handle(), nullptr, 0);
}

std::optional<std::string> HandshakeWatch::failure() {
  auto latest = drain();
  if (!latest) latest = std::move(unread_failure_);
  unread_failure_.reset();
  return latest;
}

bool HandshakeWatch::connected() {
  if (auto failure = drain()) unread_failure_ = std::move(failure);
  return connected_;
}

bool HandshakeWatch::dropped() {
  if (auto failure = drain()) unread_failure_ = std::move(failure);
  return dropped_;
}

std::optional<std::string> HandshakeWatch::drain() {
  std::optional<std::string> latest;
  for (;;) {
    zmq::message_t parts[2];
    if (!receive_shaped(monitor_, parts, 2) || parts[0].size() < 6) return latest;
    std::uint16_t event = 0;
    std::uint32_t value = 0;
    std::memcpy(&event, parts[0].data(), sizeof event);
    std::memcpy(&value, static_cast<const char*>(parts[0].data()) + 2, sizeof value);
    if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
      connected_ = true;
      continue;
    }
    if (event == ZMQ_EVENT_DISCONNECTED) {
      // a connection cut before its handshake finished was never ours to lose
      dropped_ = dropped_ || connected_;
      connected_ = false;
      continue;
    }
    const bool with_keys = watched_.get(zmq::sockopt::mechanism) == ZMQ_CURVE;
    last_seen_ = describe(event, value, with_keys);
    const bool lasting = event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH ||
                         (event == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL && value == 0x11000002);
    if (lasting) latest = last_seen_;
  }
}

}  // namespace slae::protocol
