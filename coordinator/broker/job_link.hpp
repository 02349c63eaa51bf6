#pragma once
// How the broker's reactor and the jobs it serves talk, inside one process: each job has a
// DEALER whose routing id is its job id, connected to the broker's inproc ROUTER, and every
// message between them is two frames, [LinkEnvelope, payload]. A worker's frame is moved from
// one socket to the other, never copied or re-encoded. Nothing here crosses the network, so the
// envelope is a plain struct; PROTOCOL.md does not describe it.
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

#include <zmq.hpp>

namespace slae::coordinator {

enum class LinkKind : std::uint8_t {
  claim = 1,            ///< job -> broker: my request is on the desk; grant me workers
  granted = 2,          ///< broker -> job: the grant is on the desk
  to_worker = 3,        ///< job -> broker: payload is a frame for the worker of `part`
  from_worker = 4,      ///< broker -> job: payload is a frame from the worker of `part`
  worker_lost = 5,      ///< broker -> job: the worker of `part` is gone; payload: how '\0' why
  release = 6,          ///< job -> broker: done, its workers are free
  to_customer = 7,      ///< job -> broker: payload is a frame for the job's customer
  placement = 8,        ///< job -> broker: payload is the parts' rows (int64 begin, end per part)
  cancel = 9,           ///< broker -> job: stop (its workers are already released); payload:
                        ///< the customer's exit code (one byte), then why (cancel_payload)
  regrant = 10,         ///< job -> broker: a new placement is on the desk (after a worker was lost)
  regrant_failed = 11,  ///< broker -> job: a slot wanting any idle worker found none
  claim_slot_lost = 12,  ///< broker -> job: the process its exact claim names at slot `part`
                         ///< ended before the grant; payload: how it ended
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
