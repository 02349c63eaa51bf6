#include "protocol/zap_handler.hpp"

#include <array>
#include <chrono>
#include <stdexcept>

#include "protocol/curve_keys.hpp"
#include "protocol/key_files.hpp"
#include "protocol/key_ring.hpp"
#include "solver/printable.hpp"

namespace slae::protocol {
namespace {

constexpr const char* kZapEndpoint = "inproc://zeromq.zap.01";  // fixed by RFC 27
constexpr auto kStopCheck = std::chrono::milliseconds(50);
constexpr std::size_t kRequestFrames = 7;  // version, id, domain, address, identity, mechanism,
                                           // credentials (CURVE: one, the client's key)

std::string text_of(const zmq::message_t& frame) {
  return std::string(static_cast<const char*>(frame.data()), frame.size());
}

// "w:lab3" -> "lab3"; a user id without roles ("node-3") is its own name
std::string owner_of(const std::string& user) {
  const PeerRoles roles = roles_of(user);
  return roles.owner.empty() ? user : roles.owner;
}

}  // namespace

ZapHandler::ZapHandler(zmq::context_t& context, std::map<std::string, std::string> allowed,
                       std::function<void(const std::string&)> log)
    : log_(std::move(log)) {
  replace(allowed);
  // Bind on the caller's thread, so that the handler is in place before this constructor
  // returns (and so before the server socket binds); then hand the socket to the thread.
  auto socket = std::make_shared<zmq::socket_t>(context, zmq::socket_type::rep);
  socket->set(zmq::sockopt::linger, 0);
  socket->bind(kZapEndpoint);
  thread_ = std::thread([this, socket] {
    serve(*socket);
    socket->close();
  });
}

void ZapHandler::replace(const std::map<std::string, std::string>& allowed) {
  std::map<std::string, std::string> next;
  for (const auto& [key, user] : allowed)
    next.emplace(protocol::z85_to_binary(key), user);
  std::lock_guard lock(mutex_);
  for (const auto& [key, user] : allowed_)
    if (next.count(key) == 0) former_[key] = user;
  for (const auto& entry : next)
    former_.erase(entry.first);
  allowed_ = std::move(next);
  refused_keys_.clear();  // under the new list, each refusal is news again
}

ZapHandler::~ZapHandler() {
  stop_ = true;
  thread_.join();
}

void ZapHandler::serve(zmq::socket_t& socket) {
  while (!stop_) {
    zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
    try {
      zmq::poll(&item, 1, kStopCheck);
      if (item.revents & ZMQ_POLLIN) answer(socket);
    } catch (const zmq::error_t& e) {
      if (e.num() == ETERM) return;
      if (e.num() != EINTR) throw;
    }
  }
}

// Reads one request and answers it: 200 with the user id for an allowed key, 400 otherwise.
// A request that is not a well-formed CURVE request is refused too (a REP socket must answer).
void ZapHandler::answer(zmq::socket_t& socket) {
  std::array<zmq::message_t, kRequestFrames> request;
  std::size_t frames = 0;
  bool more = true;
  while (more) {
    zmq::message_t frame;
    (void)socket.recv(frame, zmq::recv_flags::none);
    more = frame.more();
    if (frames < kRequestFrames) request[frames] = std::move(frame);
    ++frames;
  }
  const bool well_formed =
      frames == kRequestFrames && text_of(request[0]) == "1.0" && text_of(request[5]) == "CURVE";
  const std::string key = well_formed ? text_of(request[6]) : std::string();
  std::string user, former;
  bool ok = false;
  {
    std::lock_guard lock(mutex_);
    if (const auto it = allowed_.find(key); well_formed && it != allowed_.end()) {
      ok = true;
      user = it->second;
    } else if (const auto was = former_.find(key); was != former_.end()) {
      former = was->second;
    }
    if (!ok && log_ && refused_keys_.insert(key).second) {
      // the key itself is never printed: its fingerprint names it (protocol/key_files.hpp)
      std::string line = "refused a connection: ";
      if (key.size() != 32) {
        line += "not a CURVE client";
      } else {
        line += "key " + protocol::key_fingerprint(protocol::binary_to_z85(key));
        line += former.empty() ? " is not one of ours"
                               : " (of " + printable(owner_of(former), 80) + ") has been revoked";
      }
      log_(line);
    }
  }
  if (!ok) ++refused_;  // after the log line: whoever sees the count sees the line too
  const std::string reply[] = {"1.0",
                               frames > 1 ? text_of(request[1]) : std::string(),
                               ok ? "200" : "400",
                               ok ? "OK" : "not allowed",
                               user,
                               std::string()};
  for (std::size_t i = 0; i < std::size(reply); ++i) {
    socket.send(zmq::buffer(reply[i]),
                i + 1 < std::size(reply) ? zmq::send_flags::sndmore : zmq::send_flags::none);
  }
}

}  // namespace slae::protocol
