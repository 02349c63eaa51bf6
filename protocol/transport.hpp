#pragma once
// ZeroMQ framing and socket options: the one place that knows how a Message becomes frames.
// Coordinator side: ROUTER, frames [peer identity, message]. Node side: DEALER, frames [message].
#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include <zmq.hpp>

#include "protocol/codec.hpp"

namespace slae::protocol {

/// Options every socket of ours gets: a bounded frame size (checked by ZeroMQ before it
/// allocates), a short linger so that shutdown never hangs.
void configure_common(zmq::socket_t& socket);
/// ROUTER_MANDATORY: an unroutable send fails loudly instead of being dropped.
void configure_router(zmq::socket_t& socket);

/// One received message: the frames it came in and, decoded from them, the message. The
/// message's PackedDoubles point into `frame`, so keep this object where it is while using them.
struct Received {
  zmq::message_t identity;  ///< ROUTER only: who sent it
  zmq::message_t frame;
};

/// Non-blocking receive on a ROUTER. Returns nothing if no message is waiting; a message with
/// the wrong number of frames is dropped (and nothing returned for it).
std::optional<Received> receive_from_router(zmq::socket_t& router);
/// Non-blocking receive on a DEALER.
std::optional<Received> receive_from_dealer(zmq::socket_t& dealer);

/// Decodes a received frame (throws ProtocolError).
Message decode_frame(const Received& received);

/// Sends to one peer through a ROUTER. Returns false if the peer is gone or its queue is full.
bool send_to(zmq::socket_t& router, const zmq::message_t& identity, const Message& message,
             FrameBuffer& scratch);
/// Sends through a DEALER (blocking while the queue is full).
void send(zmq::socket_t& dealer, const Message& message, FrameBuffer& scratch);

}  // namespace slae::protocol
