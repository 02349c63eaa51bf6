// The broker's peers as connections: how many are open (--max-peers), which went away (the
// socket monitor, then a probe of each), and which are hung up on: a peer that keeps sending
// bad messages, or whose key was revoked. Part of class Broker (broker.hpp).
#include <sys/socket.h>

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "coordinator/broker/broker.hpp"
#include "protocol/key_ring.hpp"
#include "protocol/liveness.hpp"
#include "protocol/transport.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {

namespace proto = slae::protocol;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kStrikeMemory = std::chrono::seconds(60);  // a peer's bad messages are forgotten
constexpr auto kHungUpMemory = std::chrono::seconds(10);  // its queued messages are ignored

}  // namespace

void Broker::on_monitor_events() {
  bool disconnected = false;
  for (;;) {
    zmq::message_t parts[2];
    if (!proto::receive_shaped(monitor_, parts, 2)) break;
    if (parts[0].size() < 6) continue;
    std::uint16_t event = 0;
    std::int32_t value = 0;  // ACCEPTED: the new connection's descriptor
    std::memcpy(&event, parts[0].data(), sizeof event);
    std::memcpy(&value, static_cast<const char*>(parts[0].data()) + 2, sizeof value);
    if (event == ZMQ_EVENT_ACCEPTED) {
      ++connections_;
      if (options_.max_peers > 0 && connections_ > options_.max_peers && value >= 0) {
        // before any handshake: the connection is closed, its DISCONNECTED event follows
        ::shutdown(value, SHUT_RDWR);
        over_capacity_.note(std::to_string(options_.max_peers) + " (--max-peers)");
      }
    } else if (event == ZMQ_EVENT_DISCONNECTED) {
      connections_ = std::max(0, connections_ - 1);
      disconnected = true;
    }
  }
  if (!disconnected) return;
  // The event names a socket, not a peer: ask every peer, for a while (ZeroMQ may take a
  // moment to let go of the peer's pipe), whether it can still be sent to.
  probe_until_ = Clock::now() + std::chrono::seconds(1);
  probe_peers();
}

void Broker::probe_peers() {
  proto::encode(proto::Message{{}, heartbeat()}, scratch_);
  const auto beat = [&] { return zmq::message_t(scratch_.bytes.data(), scratch_.bytes.size()); };
  std::vector<WorkerId> gone;
  for (const auto& [id, w] : workers_.all()) {
    if (proto::route_checked(router_, w.identity, beat()) == proto::Routed::gone)
      gone.push_back(id);
  }
  const auto now = Clock::now();
  const auto expiry = proto::peer_expiry(options_.heartbeat_interval);
  for (const WorkerId id : gone) {
    WorkerEntry& w = *workers_.find(id);
    // A connection dropped after a long silence is one whose heartbeats stopped (ZeroMQ drops
    // it: a frozen process, a link down); one that ended its process is dropped at once.
    const auto silent = now - w.last_heard;
    if (silent < expiry) {
      lose_worker(w, "disconnected", "connection");
      continue;
    }
    char why[96];
    std::snprintf(why, sizeof why, "went silent: no heartbeat for %.1f s",
                  std::chrono::duration<double>(silent).count());
    lose_worker(w, why, "heartbeat");
  }
  std::vector<std::string> left;
  for (const auto& [identity, c] : customers_) {
    if (proto::route_checked(router_, identity, beat()) == proto::Routed::gone)
      left.push_back(identity);
  }
  for (const std::string& identity : left)
    lose_customer(identity, "disconnected");
}

bool Broker::strike(RateLimitedLog& log, const std::string& identity, const zmq::message_t& frame,
                    const std::string& what) {
  log.note(what);
  Strikes& s = strikes_[identity];
  s.last = Clock::now();
  if (++s.count < options_.max_strikes) return false;
  hang_up(identity, frame,
          "sent " + std::to_string(s.count) + " bad messages (the latest: " + what + ")");
  return true;
}

void Broker::hang_up(const std::string& identity, const zmq::message_t& frame,
                     const std::string& why) {
  // A ROUTER cannot close one peer's connection, but the frame knows the descriptor it came on
  // (ZMQ_SRCFD): shutting it down makes ZeroMQ drop the connection as if the peer had. The
  // descriptor is still that connection's: the frame was read from it on this very turn.
  const int fd = zmq_msg_get(const_cast<zmq_msg_t*>(frame.handle()), ZMQ_SRCFD);
  if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
  hung_up_[identity] = Clock::now();
  strikes_.erase(identity);
  std::string who = "a peer that has not joined";
  if (const auto revoked = revoked_peers_.find(identity); revoked != revoked_peers_.end()) {
    who = revoked->second;  // lost when its key was revoked: who it was
    revoked_peers_.erase(revoked);
  }
  if (WorkerEntry* worker = workers_.find_identity(identity)) {
    who = "worker " + std::to_string(worker->id) + " (" + describe(*worker) + ")";
    lose_worker(*worker, "was hung up on: it " + why);
  } else if (const auto c = customers_.find(identity); c != customers_.end()) {
    const std::string owner = protocol::roles_of(c->second.user).owner;
    who = owner.empty() ? "a customer" : "a customer (key of " + printable(owner, 64) + ")";
    lose_customer(identity, "was hung up on: it " + why);
  }
  hang_ups_.note(who + ", which " + why);
}

bool Broker::shunned(const std::string& identity, const zmq::message_t& frame) {
  if (revoked_peers_.count(identity) != 0) {
    hang_up(identity, frame, "holds a revoked key");
    return true;
  }
  return hung_up_.count(identity) != 0;
}

void Broker::forget_old_strikes(Clock::time_point now) {
  if (now < next_forget_) return;
  next_forget_ = now + std::chrono::seconds(1);
  std::erase_if(strikes_,
                [&](const auto& entry) { return now - entry.second.last > kStrikeMemory; });
  std::erase_if(hung_up_, [&](const auto& entry) { return now - entry.second > kHungUpMemory; });
}

}  // namespace slae::coordinator
