#pragma once
// The ZAP handler (ZeroMQ RFC 27) of a CURVE-secured ROUTER: libzmq asks it about every client
// that completes the CURVE handshake, and lets in only those it answers 200 for. It runs on a
// thread of its own, so that a handshake never waits for the coordinator's loop, and admits
// exactly the public keys it was given, each with a user id ("node-3") that libzmq then attaches
// to every message of that client (zmq_msg_gets "User-Id"). It must exist before the socket
// binds; with ZAP_ENFORCE_DOMAIN (protocol/curve_keys.hpp) a handler that is not running
// refuses everyone. A standing broker replaces the list on SIGHUP: from then on a revoked key
// is refused (and named by its former owner in the log).
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include <zmq.hpp>

namespace slae::protocol {

class ZapHandler {
 public:
  /// allowed: Z85 public key -> user id. log receives one line per refused key (once per key).
  ZapHandler(zmq::context_t& context, std::map<std::string, std::string> allowed,
             std::function<void(const std::string&)> log = {});
  ~ZapHandler();
  ZapHandler(const ZapHandler&) = delete;
  ZapHandler& operator=(const ZapHandler&) = delete;

  /// Clients refused so far.
  std::size_t refused() const { return refused_.load(); }

  /// Admits exactly these keys from now on (any thread). Keys no longer admitted are
  /// remembered with their user ids, to name them when they are refused.
  void replace(const std::map<std::string, std::string>& allowed);

 private:
  void serve(zmq::socket_t& socket);
  void answer(zmq::socket_t& socket);

  mutable std::mutex mutex_;                    ///< guards allowed_ and former_
  std::map<std::string, std::string> allowed_;  ///< raw 32-byte key -> user id
  std::map<std::string, std::string> former_;   ///< revoked keys -> their user ids
  std::function<void(const std::string&)> log_;
  std::set<std::string> refused_keys_;  ///< logged once each (under mutex_)
  std::atomic<std::size_t> refused_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace slae::protocol
