#include "protocol/transport.hpp"

#include <vector>

namespace slae::protocol {
namespace {

constexpr int kLingerMs = 200;

zmq::message_t to_frame(const FrameBuffer& buffer) {
  return zmq::message_t(buffer.bytes.data(), buffer.bytes.size());
}

// Reads every frame of one multipart message; nothing if none is waiting.
std::optional<std::vector<zmq::message_t>> receive_parts(zmq::socket_t& socket) {
  std::vector<zmq::message_t> parts;
  zmq::message_t part;
  if (!socket.recv(part, zmq::recv_flags::dontwait)) return std::nullopt;
  parts.push_back(std::move(part));
  while (parts.back().more()) {
    zmq::message_t next;
    (void)socket.recv(next, zmq::recv_flags::none);  // the rest of a multipart is already here
    parts.push_back(std::move(next));
  }
  return parts;
}

}  // namespace

void configure_common(zmq::socket_t& socket) {
  socket.set(zmq::sockopt::linger, kLingerMs);
  socket.set(zmq::sockopt::maxmsgsize, static_cast<std::int64_t>(kMaxFrameBytes));
}

void configure_router(zmq::socket_t& socket) {
  configure_common(socket);
  socket.set(zmq::sockopt::router_mandatory, 1);
}

std::optional<Received> receive_from_router(zmq::socket_t& router) {
  while (auto parts = receive_parts(router)) {
    if (parts->size() != 2) continue;  // not ours: a well-behaved DEALER sends one frame
    return Received{std::move((*parts)[0]), std::move((*parts)[1])};
  }
  return std::nullopt;
}

std::optional<Received> receive_from_dealer(zmq::socket_t& dealer) {
  while (auto parts = receive_parts(dealer)) {
    if (parts->size() != 1) continue;
    return Received{zmq::message_t(), std::move((*parts)[0])};
  }
  return std::nullopt;
}

Message decode_frame(const Received& received) {
  return decode({static_cast<const std::byte*>(received.frame.data()), received.frame.size()});
}

bool send_to(zmq::socket_t& router, const zmq::message_t& identity, const Message& message,
             FrameBuffer& scratch) {
  encode(message, scratch);
  try {
    zmq::message_t id(identity.data(), identity.size());
    if (!router.send(id, zmq::send_flags::sndmore | zmq::send_flags::dontwait)) return false;
    return router.send(to_frame(scratch), zmq::send_flags::dontwait).has_value();
  } catch (const zmq::error_t& e) {
    if (e.num() == EHOSTUNREACH) return false;
    throw;
  }
}

void send(zmq::socket_t& dealer, const Message& message, FrameBuffer& scratch) {
  encode(message, scratch);
  dealer.send(to_frame(scratch), zmq::send_flags::none);
}

}  // namespace slae::protocol
