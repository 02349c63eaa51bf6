#include "protocol/transport.hpp"

#include <algorithm>
#include <cstring>

#include "protocol/liveness.hpp"

namespace slae::protocol {
namespace {

constexpr int kLingerMs = 200;
constexpr int kHandshakeMs = 5000;  // a stranger's half-done handshake is dropped after this
constexpr int kKernelBufferBytes = 4 << 20;  // capped by net.core.[rw]mem_max

constexpr std::size_t kHandOverBytes = std::size_t{1} << 20;

void free_handed_over(void*, void* hint) {
  delete static_cast<std::vector<char>*>(hint);
}

}  // namespace

zmq::message_t frame_of(FrameBuffer& buffer) {
  if (buffer.bytes.size() < kHandOverBytes) {
    return zmq::message_t(buffer.bytes.data(), buffer.bytes.size());
  }
  auto* owned = new std::vector<char>(std::move(buffer.bytes));
  buffer.bytes = {};
  try {
    return zmq::message_t(owned->data(), owned->size(), &free_handed_over, owned);
  } catch (...) {
    delete owned;
    throw;
  }
}

std::optional<zmq::message_t> zero_copy_frame(const Message& message, PayloadBuffer& payload,
                                              FrameBuffer& scratch) {
  const PackedDoubles* tail = trailing_vector(message.body);
  const auto values = payload.values();
  if (!tail || tail->bytes.data() != reinterpret_cast<const std::byte*>(values.data()) ||
      tail->bytes.size() > values.size_bytes()) {
    return std::nullopt;
  }
  encode_prefix(message, scratch);
  const std::size_t prefix = scratch.bytes.size();
  if (prefix > PayloadBuffer::kHeadroom) return std::nullopt;
  payload.wait_until_free();
  std::byte* start = payload.frame_start(prefix);
  std::memcpy(start, scratch.bytes.data(), prefix);
  void* hint = payload.lend();
  try {
    return zmq::message_t(start, prefix + tail->bytes.size(), &PayloadBuffer::release, hint);
  } catch (...) {
    PayloadBuffer::release(nullptr, hint);  // never handed to ZeroMQ: give it back ourselves
    throw;
  }
}

bool receive_shaped(zmq::socket_t& socket, zmq::message_t* out, std::size_t parts) {
  while (true) {
    if (!socket.recv(out[0], zmq::recv_flags::dontwait)) return false;
    std::size_t got = 1;
    bool more = out[0].more();
    while (more) {
      zmq::message_t extra;
      zmq::message_t& slot = got < parts ? out[got] : extra;
      (void)socket.recv(slot, zmq::recv_flags::none);  // the rest of a multipart is here
      more = slot.more();
      ++got;
    }
    if (got == parts) return true;  // else: not ours, drop it and look at the next one
  }
}

zmq::message_t frame_for(const Message& message, FrameBuffer& scratch) {
  encode(message, scratch);
  return frame_of(scratch);
}

zmq::message_t frame_for(const Message& message, PayloadBuffer& payload, FrameBuffer& scratch) {
  if (auto frame = zero_copy_frame(message, payload, scratch)) return std::move(*frame);
  return frame_for(message, scratch);
}

Routed route_checked(zmq::socket_t& router, std::span<const std::byte> identity,
                     zmq::message_t frame) {
  try {
    zmq::message_t id(identity.data(), identity.size());
    if (!router.send(id, zmq::send_flags::sndmore | zmq::send_flags::dontwait)) return Routed::full;
    return router.send(frame, zmq::send_flags::dontwait).has_value() ? Routed::sent : Routed::full;
  } catch (const zmq::error_t& e) {
    if (e.num() == EHOSTUNREACH) return Routed::gone;
    throw;
  }
}

bool route(zmq::socket_t& router, std::span<const std::byte> identity, zmq::message_t frame) {
  return route_checked(router, identity, std::move(frame)) == Routed::sent;
}

namespace {

bool route_to(zmq::socket_t& router, const zmq::message_t& identity, zmq::message_t frame) {
  return route(
      router,
      std::span<const std::byte>(static_cast<const std::byte*>(identity.data()), identity.size()),
      std::move(frame));
}

}  // namespace

void configure_common(zmq::socket_t& socket, std::size_t max_message_bytes) {
  socket.set(zmq::sockopt::linger, kLingerMs);
  socket.set(zmq::sockopt::maxmsgsize,
             static_cast<std::int64_t>(std::min(max_message_bytes, kMaxFrameBytes)));
  socket.set(zmq::sockopt::handshake_ivl, kHandshakeMs);
  socket.set(zmq::sockopt::sndbuf, kKernelBufferBytes);
  socket.set(zmq::sockopt::rcvbuf, kKernelBufferBytes);
}

void configure_router(zmq::socket_t& socket, std::size_t max_message_bytes) {
  configure_common(socket, max_message_bytes);
  socket.set(zmq::sockopt::router_mandatory, 1);
}

void configure_heartbeats(zmq::socket_t& socket, std::chrono::milliseconds interval,
                          std::chrono::milliseconds timeout) {
  socket.set(zmq::sockopt::heartbeat_ivl, static_cast<int>(interval.count()));
  socket.set(zmq::sockopt::heartbeat_ttl, static_cast<int>(zmtp_ttl(interval).count()));
  socket.set(zmq::sockopt::heartbeat_timeout, static_cast<int>(timeout.count()));
}

std::optional<Received> receive_from_router(zmq::socket_t& router) {
  Received r;
  zmq::message_t parts[2];
  if (!receive_shaped(router, parts, 2)) return std::nullopt;
  r.identity = std::move(parts[0]);
  r.frame = std::move(parts[1]);
  return r;
}

std::optional<Received> receive_from_dealer(zmq::socket_t& dealer) {
  Received r;
  if (!receive_shaped(dealer, &r.frame, 1)) return std::nullopt;
  return r;
}

std::size_t send_to(zmq::socket_t& router, const zmq::message_t& identity, const Message& message,
                    FrameBuffer& scratch) {
  encode(message, scratch);
  const std::size_t size = scratch.bytes.size();
  return route_to(router, identity, frame_of(scratch)) ? size : 0;
}

std::size_t send_to(zmq::socket_t& router, const zmq::message_t& identity, const Message& message,
                    PayloadBuffer& payload, FrameBuffer& scratch) {
  auto frame = zero_copy_frame(message, payload, scratch);
  if (!frame) return send_to(router, identity, message, scratch);
  const std::size_t size = frame->size();
  return route_to(router, identity, std::move(*frame)) ? size : 0;
}

std::size_t send(zmq::socket_t& dealer, const Message& message, FrameBuffer& scratch) {
  encode(message, scratch);
  const std::size_t size = scratch.bytes.size();
  dealer.send(frame_of(scratch), zmq::send_flags::none);
  return size;
}

std::size_t send(zmq::socket_t& dealer, const Message& message, PayloadBuffer& payload,
                 FrameBuffer& scratch) {
  auto frame = zero_copy_frame(message, payload, scratch);
  if (!frame) return send(dealer, message, scratch);
  const std::size_t size = frame->size();
  dealer.send(*frame, zmq::send_flags::none);
  return size;
}

}  // namespace slae::protocol
