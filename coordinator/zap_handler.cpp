#include "coordinator/zap_handler.hpp"

#include <array>
#include <chrono>
#include <stdexcept>

#include "protocol/curve_keys.hpp"

namespace slae::coordinator {
namespace {

constexpr const char* kZapEndpoint = "inproc://zeromq.zap.01";  // fixed by RFC 27
constexpr auto kStopCheck = std::chrono::milliseconds(50);
constexpr std::size_t kRequestFrames = 7;  // version, id, domain, address, identity, mechanism,
                                           // credentials (CURVE: one, the client's key)

std::string text_of(const zmq::message_t& frame) {
  return std::string(static_cast<const char*>(frame.data()), frame.size());
}

}  // namespace

ZapHandler::ZapHandler(zmq::context_t& context, std::map<std::string, std::string> allowed,
                       std::function<void(const std::string&)> log)
    : log_(std::move(log)) {
  for (const auto& [key, user] : allowed)
    allowed_.emplace(protocol::z85_to_binary(key), user);
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
  const auto it = allowed_.find(key);
  const bool ok = well_formed && it != allowed_.end();
  if (!ok) {
    if (log_ && refused_keys_.insert(key).second) {
      log_("refused a connection: " +
           (key.size() == 32 ? "its key " + protocol::binary_to_z85(key) + " is not one of ours"
                             : std::string("not a CURVE client")));
    }
    ++refused_;  // after the log line: whoever sees the count sees the line too
  }
  const std::string reply[] = {"1.0",
                               frames > 1 ? text_of(request[1]) : std::string(),
                               ok ? "200" : "400",
                               ok ? "OK" : "not allowed",
                               ok ? it->second : std::string(),
                               std::string()};
  for (std::size_t i = 0; i < std::size(reply); ++i) {
    socket.send(zmq::buffer(reply[i]),
                i + 1 < std::size(reply) ? zmq::send_flags::sndmore : zmq::send_flags::none);
  }
}

}  // namespace slae::coordinator
