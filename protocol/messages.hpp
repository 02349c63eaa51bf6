#pragma once
// The message table: every message's type number and its place in Body. The messages themselves
// are plain structs, those of workers in worker_messages.hpp and those of customers in
// customer_messages.hpp. PROTOCOL.md is the specification; protocol/codec.cpp and
// codec_decode.cpp are the only code that turns messages into bytes and back, and they know no
// message by name: each struct's wire() is its layout (wire_layout.hpp), the one list of its
// fields in wire order with their limits, and the few checks that span fields are its
// malformed(). Adding a message is a MessageType, a struct with its wire(), its place in Body,
// its handlers and PROTOCOL.md.
//
// Every message carries a header (protocol version, type, job id, epoch, iteration) so that a
// broker can route several jobs over one socket and a restarted iteration can be told from a
// stale one. Vectors travel as msgpack `bin` of raw little-endian float64 (see PackedDoubles);
// in every message that carries a large vector, that vector is the last field, so that it can be
// sent straight from the buffer it was computed in (see payload_buffer.hpp).
#include <cstdint>
#include <variant>

#include "protocol/customer_messages.hpp"
#include "protocol/message_parts.hpp"
#include "protocol/worker_messages.hpp"

namespace slae::protocol {

inline constexpr std::uint32_t kVersion = 9;

enum class MessageType : std::uint8_t {
  ready = 1,          ///< worker -> broker: I am here, idle, and this is what I am
  setup = 2,          ///< coordinator -> node: your row block and what others need of it
  setup_ack = 3,      ///< node -> coordinator: block accepted
  iterate = 4,        ///< coordinator -> node: ghost values of x_k, sweep
  block_result = 5,   ///< node -> coordinator: your rows of x_{k+1}, your share of ||r_k||^2
  double_task = 6,    ///< coordinator -> node: double this chunk
  double_result = 7,  ///< node -> coordinator: the doubled chunk
  heartbeat = 8,      ///< either way: still alive (see liveness.hpp)
  shutdown = 9,       ///< coordinator -> node: exit now
  error = 10,         ///< node -> coordinator: I could not do what you asked
  start = 11,         ///< coordinator -> node: begin a solve (method, omega, x_0) in a new epoch
  exports = 12,       ///< node -> coordinator: x_{k+1} at the rows others need, ahead of the block
  cg_direction = 13,  ///< coordinator -> node: beta and z at the ghosts; p = z + beta p, q = A p
  cg_curvature = 14,  ///< node -> coordinator: your share of p.q
  cg_step = 15,       ///< coordinator -> node: alpha; x += alpha p, r -= alpha q, z = D^-1 r
  cg_residual = 16,   ///< node -> coordinator: your shares of r.z and r.r, z at your exports
  collect = 17,       ///< coordinator -> node: send your rows of x
  block_values = 18,  ///< node -> coordinator: your rows of x
  release = 19,       ///< broker -> worker: the job in the header is over; drop its block
  // customers (customer -> broker and back)
  submit = 20,          ///< customer -> broker: what the job is, and how large
  accepted = 21,        ///< broker -> customer: the job's id (in the header): send its data
  refused = 22,         ///< broker -> customer: the job cannot be served, and why
  job_data = 23,        ///< customer -> broker: A, b and x* (or the list to double)
  progress = 24,        ///< broker -> customer: a method's iteration (header) and residual
  method_result = 25,   ///< broker -> customer: one method's outcome, histories and x
  job_done = 26,        ///< broker -> customer: the job is over; how it was spread
  job_failed = 27,      ///< broker -> customer: the job could not finish
  status_request = 28,  ///< customer -> broker: the workers and jobs, please
  status = 29,          ///< broker -> customer: them, as JSON
  cancel = 30,          ///< customer -> broker: stop the job in the header
  cancel_reply = 31,    ///< broker -> customer: whether it was stopped
  job_started = 32,     ///< broker -> customer: the blocks are shipped: where they went
  job_event = 33,       ///< broker -> customer: a worker lost, a re-placement, a redo, ...
  job_checkpoint = 34,  ///< broker -> customer: the state to go on from, should the job be lost
  job_queued = 35,      ///< broker -> customer: the job waits for a free worker, and where
  welcome = 36,         ///< broker -> worker: you are registered, under this worker id
};
inline constexpr std::uint8_t kLastMessageType = 36;

// The alternatives are in wire-type order: index + 1 is the MessageType.
using Body =
    std::variant<Ready, Setup, SetupAck, Iterate, BlockResult, DoubleTask, DoubleResult, Heartbeat,
                 Shutdown, ErrorReport, Start, Exports, CgDirection, CgCurvature, CgStep,
                 CgResidual, Collect, BlockValues, Release, Submit, Accepted, Refused, JobData,
                 Progress, MethodResult, JobDone, JobFailed, StatusRequest, Status, Cancel,
                 CancelReply, JobStarted, JobEventNote, JobCheckpoint, JobQueued, Welcome>;

struct Message {
  Header header;
  Body body;
};

/// The wire type of a body (the variant's alternative).
MessageType type_of(const Body& body);
/// "ready", "setup", ... for logs and errors.
const char* type_name(MessageType type);

/// Whether a coordinator's message of this type asks the node for a reply (setup, iterate,
/// cg_step, cg_direction, collect, double_task), and whether a node's message of this type is
/// such a reply (setup_ack, block_result, cg_residual, cg_curvature, block_values,
/// double_result; exports come ahead of a block_result and do not count). Each request is
/// answered by exactly one reply, so a coordinator can tell which nodes still owe one. Each is
/// its layout's role.
bool expects_reply(MessageType type);
bool is_reply(MessageType type);

}  // namespace slae::protocol
