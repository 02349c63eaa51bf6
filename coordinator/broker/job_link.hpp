#pragma once
// How the broker's reactor and the jobs it serves talk, inside one process: each job has a
// DEALER whose routing id is its job id, connected to the broker's inproc ROUTER, and every
// message between them is two frames, [LinkEnvelope, payload]. A worker's frame is moved from
// one socket to the other, never copied or re-encoded. Nothing here crosses the network, so the
// envelope is a plain struct, and a claim, a grant or a new placement travels as the C++ value
// itself, owned by its frame (carry, take): the loop and its jobs share nothing but messages.
// PROTOCOL.md does not describe this link.
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <zmq.hpp>

namespace slae::coordinator {

enum class LinkKind : std::uint8_t {
  claim = 1,            ///< job -> broker: grant me workers; payload: carry(ClaimRequest), or empty
                        ///< for a customer's job (the broker has its request from the submit)
  granted = 2,          ///< broker -> job: payload carry(Grant); part: 0, or the regrant's seq
  to_worker = 3,        ///< job -> broker: payload is a frame for the worker of `part`
  from_worker = 4,      ///< broker -> job: payload is a frame from the worker of `part`
  worker_lost = 5,      ///< broker -> job: the worker of `part` is gone; payload: how '\0' why
  release = 6,          ///< job -> broker: done, its workers are free
  to_customer = 7,      ///< job -> broker: payload is a frame for the job's customer
  placement = 8,        ///< job -> broker: payload is the parts' rows (int64 begin, end per part)
  cancel = 9,           ///< broker -> job: stop (its workers are already released); payload:
                        ///< the customer's exit code (one byte), then why (cancel_payload)
  regrant = 10,         ///< job -> broker: place me again (a worker was lost); part: its seq;
                        ///< payload: carry(std::vector<RegrantSlot>)
  regrant_failed = 11,  ///< broker -> job: a slot wanting any idle worker found none
  claim_slot_lost = 12,  ///< broker -> job: the process its exact claim names at slot `part`
                         ///< ended before the grant; payload: how it ended
  claim_matched = 13,    ///< broker -> job: `part` of its exact claim's workers are idle now
};

struct LinkEnvelope {
  LinkKind kind = LinkKind::claim;
  std::uint32_t part = 0;
};

inline zmq::message_t envelope_frame(LinkKind kind, std::uint32_t part = 0) {
  const LinkEnvelope e{kind, part};
  return zmq::message_t(&e, sizeof e);
}

inline std::optional<LinkEnvelope> read_envelope(const zmq::message_t& frame) {
  if (frame.size() != sizeof(LinkEnvelope)) return std::nullopt;
  LinkEnvelope e;
  std::memcpy(&e, frame.data(), sizeof e);
  return e;
}

/// A frame that owns `value`: it is freed with the frame, whoever drops it (a job gone, a
/// message never read). For the link only: it is meaningless outside this process.
template <class T>
zmq::message_t carry(T value) {
  auto held = std::make_unique<T>(std::move(value));
  zmq::message_t frame(
      held.get(), sizeof(T), [](void* data, void*) { delete static_cast<T*>(data); }, nullptr);
  (void)held.release();  // the frame owns it now
  return frame;
}

/// The value a carry<T> frame holds, moved out (the frame keeps a moved-from T); nullopt for a
/// frame that holds none (an empty one).
template <class T>
std::optional<T> take(zmq::message_t& frame) {
  if (frame.size() != sizeof(T)) return std::nullopt;
  return std::move(*static_cast<T*>(frame.data()));
}

/// A cancel's payload: the exit code its customer ends with, then the reason it is told.
inline zmq::message_t cancel_payload(int exit_code, const std::string& reason) {
  std::string bytes(1, static_cast<char>(static_cast<unsigned char>(exit_code)));
  bytes += reason;
  return zmq::message_t(bytes.data(), bytes.size());
}

/// The routing id of job `id`'s DEALER.
inline std::string job_routing_id(std::uint64_t id) {
  return std::string(reinterpret_cast<const char*>(&id), sizeof id);
}

}  // namespace slae::coordinator
