#pragma once
// ZeroMQ framing and socket options: the one place that knows how a Message becomes frames.
// Coordinator side: ROUTER, frames [peer identity, message]. Node side: DEALER, frames [message].
#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include <zmq.hpp>

#include "protocol/codec.hpp"
#include "protocol/payload_buffer.hpp"

namespace slae::protocol {

/// Options every socket of ours gets: a bounded frame size (checked by ZeroMQ from the frame's
/// header, before it allocates anything; a peer that declares more is disconnected), a short
/// linger so that shutdown never hangs, kernel buffers large enough that a multi-megabyte block
/// crosses in a few system calls rather than hundreds, and a bound on how long a connection
/// may take to finish its handshake.
void configure_common(zmq::socket_t& socket, std::size_t max_message_bytes = kMaxFrameBytes);
/// ROUTER_MANDATORY: an unroutable send fails loudly instead of being dropped.
void configure_router(zmq::socket_t& socket, std::size_t max_message_bytes = kMaxFrameBytes);

/// ZMTP heartbeats on every connection the socket makes or accepts from now on: it pings every
/// `interval`, each ping telling the peer to drop the connection when it hears nothing for
/// zmtp_ttl(interval); and it drops a connection whose answer to a ping is `timeout` late. The
/// pings and their answers are ZeroMQ's own (its I/O thread sends them), so they go on while
/// our thread is busy with a message, and stop only when the process does (protocol/liveness.hpp).
void configure_heartbeats(zmq::socket_t& socket, std::chrono::milliseconds interval,
                          std::chrono::milliseconds timeout);

/// One received message: the frames it came in. A decoded Message's PackedDoubles point into
/// `frame`'s data; that data stays where it is when the Received is moved, except for frames
/// of a few dozen bytes that ZeroMQ stores inline, so keep offsets, not pointers, across moves.
struct Received {
  zmq::message_t identity;  ///< ROUTER only: who sent it
  zmq::message_t frame;
  std::span<const std::byte> bytes() const {
    return {static_cast<const std::byte*>(frame.data()), frame.size()};
  }
};

/// Non-blocking receive on a ROUTER. Returns nothing if no message is waiting; a message with
/// the wrong number of frames is dropped (and nothing returned for it).
std::optional<Received> receive_from_router(zmq::socket_t& router);
/// Non-blocking receive on a DEALER.
std::optional<Received> receive_from_dealer(zmq::socket_t& dealer);

/// Sends to one peer through a ROUTER (the encoded frame is copied into ZeroMQ). Returns the
/// frame's size, or 0 if the peer is gone or its queue is full.
std::size_t send_to(zmq::socket_t& router, const zmq::message_t& identity, const Message& message,
                    FrameBuffer& scratch);
/// The same without copying the trailing vector (codec.hpp), which must begin at
/// payload.values().data(): the prefix is encoded into the payload's headroom and ZeroMQ sends
/// the buffer in place (payload.in_flight() until it is done). Falls back to copying when the
/// vector lies elsewhere or the prefix does not fit.
std::size_t send_to(zmq::socket_t& router, const zmq::message_t& identity, const Message& message,
                    PayloadBuffer& payload, FrameBuffer& scratch);

// ---- frames, for code that moves them between sockets itself (the broker and its jobs)

/// The encoded frame as a ZeroMQ message: small ones copied (the buffer is reused), large ones
/// (a node's setup, tens of MB) handed over whole, saving a copy and its fresh pages.
zmq::message_t frame_of(FrameBuffer& buffer);
/// message encoded as one frame.
zmq::message_t frame_for(const Message& message, FrameBuffer& scratch);
/// The same, referencing payload in place when the message's trailing vector lies there (see
/// send_to), else copied.
zmq::message_t frame_for(const Message& message, PayloadBuffer& payload, FrameBuffer& scratch);
/// A frame referencing payload in place, or nothing when the message cannot be sent that way.
std::optional<zmq::message_t> zero_copy_frame(const Message& message, PayloadBuffer& payload,
                                              FrameBuffer& scratch);
/// Sends frame to identity through a ROUTER without blocking; false when the peer is gone or its
/// queue is full (ROUTER_MANDATORY).
bool route(zmq::socket_t& router, std::span<const std::byte> identity, zmq::message_t frame);
/// The same, telling the two failures apart.
enum class Routed { sent, full, gone };
Routed route_checked(zmq::socket_t& router, std::span<const std::byte> identity,
                     zmq::message_t frame);
/// Both, for an identity kept as a string (as a broker keeps its peers').
inline bool route(zmq::socket_t& router, const std::string& identity, zmq::message_t frame) {
  return route(router, std::as_bytes(std::span(identity)), std::move(frame));
}
inline Routed route_checked(zmq::socket_t& router, const std::string& identity,
                            zmq::message_t frame) {
  return route_checked(router, std::as_bytes(std::span(identity)), std::move(frame));
}
/// Receives one multipart message of `parts` frames into out[0..parts) without blocking; drops
/// messages of any other shape. False when nothing is waiting. No container is allocated per
/// message: the frames go straight into the caller's slots.
bool receive_shaped(zmq::socket_t& socket, zmq::message_t* out, std::size_t parts);

/// Sends through a DEALER (blocking while the queue is full). Returns the frame's size.
std::size_t send(zmq::socket_t& dealer, const Message& message, FrameBuffer& scratch);
std::size_t send(zmq::socket_t& dealer, const Message& message, PayloadBuffer& payload,
                 FrameBuffer& scratch);

}  // namespace slae::protocol
