#pragma once
// The messages node and coordinator exchange, as plain structs. PROTOCOL.md is the
// specification; protocol/codec.cpp and codec_decode.cpp are the only code that turns these
// into bytes and back.
//
// Every message carries a header (protocol version, type, job id, epoch, iteration) so that a
// broker can route several jobs over one socket and a restarted iteration can be told from a
// stale one. Vectors travel as msgpack `bin` of raw little-endian float64 (see PackedDoubles);
// in every message that carries a large vector, that vector is the last field, so that it can be
// sent straight from the buffer it was computed in (see payload_buffer.hpp).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "solver/row_block.hpp"

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

/// A job's number, as the broker gives it and every header of the job carries it.
using JobId = std::uint64_t;

struct Header {
  JobId job = 0;                ///< which job the message belongs to (0: none)
  std::uint32_t epoch = 0;      ///< bumped by every start (and, later, every reassignment)
  std::uint64_t iteration = 0;  ///< k of x_k the message is about (0 outside iterations)
};

/// A read-only view of float64 values as bytes: on send it views the sender's vector, on
/// receipt it points (possibly unaligned) into the received frame. Valid only while that memory
/// lives; copy_to() moves the values into aligned storage.
struct PackedDoubles {
  std::span<const std::byte> bytes;
  PackedDoubles() = default;
  explicit PackedDoubles(std::span<const std::byte> b) : bytes(b) {}
  explicit PackedDoubles(std::span<const double> values) : bytes(std::as_bytes(values)) {}
  std::size_t size() const { return bytes.size() / sizeof(double); }
  double operator[](std::size_t i) const;     ///< one value (unaligned-safe)
  void copy_to(std::span<double> out) const;  ///< throws std::length_error on size mismatch
  std::vector<double> to_vector() const;
};

/// Iterative methods a node runs.
/// Iterative methods a node runs. gauss_seidel and sor run the same multicolour sweep (sor with
/// start.omega, gauss_seidel with 1); a customer's submit lists them apart, as its user did.
enum class Method : std::uint8_t { jacobi = 1, cg = 2, gauss_seidel = 3, sor = 4 };
/// The most colours a multicolour ordering may have on the wire.
inline constexpr std::uint32_t kMaxColours = 1u << 16;
/// The most weights one submit may sweep.
inline constexpr std::size_t kMaxSweepWeights = 1000;

/// What a worker tells the broker about itself when it connects (and again after every
/// reconnection). All of it is the worker's word, used for display and for choosing a transport,
/// never for trust: who a worker is comes from its connection (its key on tcp).
struct Ready {
  std::int64_t pid = 0;    ///< the worker's process id
  std::int32_t cores = 1;  ///< hardware threads of its machine
  std::string host;        ///< its host name
  /// /proc/sys/kernel/random/boot_id of its machine: equal to the broker's when both run on the
  /// same kernel, which is when it may map the broker's shared memory. Empty when unknown.
  std::string boot_id;
};
/// The longest host name or boot id a ready may carry.
inline constexpr std::size_t kMaxReadyText = 255;
struct Setup {
  std::int32_t node_index = 0;  ///< the node's position in the partition
  RowBlock block;
  std::vector<std::int32_t> exports;  ///< local rows others need, sorted
  bool early_exports = false;         ///< send them in an `exports` message ahead of each block
  /// A shared-memory object to write Jacobi's iterates into (shared_segment.hpp); empty: the
  /// blocks travel inside block_result messages.
  std::string segment;
};
struct SetupAck {
  bool shared_memory = false;  ///< the node mapped the segment named in setup and writes there
};
struct Start {
  Method method = Method::jacobi;
  double omega = 1.0;  ///< Jacobi's or SOR's weight, 0 < omega < 2
  PackedDoubles x0;    ///< the block's rows of x_0; empty: zeros
  /// CG only: the block's rows of r_0 = b - A x_0, computed by the coordinator (a restart from
  /// the true residual); empty: r_0 = b, and then x0 must be empty too.
  PackedDoubles r0;
  /// Jacobi, a node without shared memory: its block_result carries x_{k+1} only when k + 1 is
  /// a multiple of this (and its exports go ahead every iteration); collect asks for the rest.
  /// 1: every iteration.
  std::uint32_t collect_every = 1;
  /// CG only, with x0 and r0: p at the block's rows and then its ghosts (a solve going on after a
  /// lost worker, from the state collected at an iteration); empty: p = 0.
  PackedDoubles p0 = {};
  /// Gauss-Seidel and SOR only: the colour of each of the block's rows, and how many colours the
  /// ordering has (each iteration is one step per colour: iterate m sweeps colour m % colours).
  std::vector<std::int32_t> colours = {};
  std::uint32_t colour_count = 0;
};
struct Iterate {
  PackedDoubles ghost_values;  ///< values of x_k at the block's ghost columns, in their order
};
struct Exports {
  PackedDoubles values;  ///< x_{k+1} at the node's export rows, in their order
};
struct BlockResult {
  std::int64_t row_begin = 0;
  std::int64_t row_end = 0;
  PackedDoubles residual_sq;  ///< per reduction chunk of the block: sum of (b - A x_k)_i^2
  PackedDoubles x_next;       ///< rows [row_begin, row_end) of x_{k+1}
};
struct CgDirection {
  double beta = 0.0;
  PackedDoubles ghost_values;  ///< z at the block's ghost columns
};
struct CgCurvature {
  PackedDoubles pq;  ///< per reduction chunk: sum of p_i (A p)_i
};
struct CgStep {
  double alpha = 0.0;
};
struct CgResidual {
  PackedDoubles rz;       ///< per reduction chunk: sum of r_i z_i
  PackedDoubles rr;       ///< per reduction chunk: sum of r_i^2
  PackedDoubles exports;  ///< z at the node's export rows
};
/// Which vector collect asks for: Jacobi's x_m of the header's m, or CG's x, r or p as they stand.
enum class Collected : std::uint8_t { x = 0, r = 1, p = 2 };
struct Collect {
  Collected what = Collected::x;
};
struct BlockValues {
  std::int64_t row_begin = 0;
  std::int64_t row_end = 0;
  PackedDoubles values;  ///< rows [row_begin, row_end) of x
};
struct DoubleTask {
  std::int64_t chunk = 0;  ///< chunk number, the key for reassembly
  PackedDoubles values;
};
struct DoubleResult {
  std::int64_t chunk = 0;
  PackedDoubles values;
};
/// Still here. The broker's interval is the one that counts: workers and customers beat at the
/// interval its heartbeats carry (liveness.hpp), and say it back in theirs.
struct Heartbeat {
  std::uint32_t interval_ms = 500;  ///< the sender sends something at least this often
};
struct Shutdown {};
struct ErrorReport {
  std::string message;
};
struct Release {};

// ---- customers

enum class JobKind : std::uint8_t { solve = 1, doubling = 2 };

/// A job, described before its data is sent, so that the broker can refuse it before it has to
/// hold it.
struct Submit {
  JobKind kind = JobKind::solve;
  std::int64_t rows = 0;              ///< n (solve) or the length of the list (doubling)
  std::int64_t nnz = 0;               ///< stored entries of A (solve)
  std::int32_t nodes = 0;             ///< workers wanted; 0: every idle one
  std::vector<std::uint8_t> methods;  ///< Method codes, run in this order (solve)
  double omega = 1.0;  ///< the weight of Jacobi and SOR (the first of omegas when they sweep)
  /// A sweep: Jacobi and SOR run once per weight, in this order (empty: omega alone). The job's
  /// solves, which `method` indices below count, are the methods in order, each weighed one
  /// once per weight.
  std::vector<double> omegas;
  double tolerance = 1e-8;
  std::int64_t max_iterations = 10000;
  bool with_exact = false;          ///< job_data carries x*; the error is measured
  bool error_history = false;       ///< ... of every iterate, not only the last
  bool share_memory = true;         ///< workers on the broker's machine may use shared memory
  std::uint32_t collect_every = 0;  ///< Jacobi, workers without shared memory (0: the default)
  /// One method alone: send the customer a job_checkpoint every K iterations (0: never) and
  /// when the job stops short of its end.
  std::int64_t checkpoint_every = 0;
  /// One method alone: job_data carries a checkpoint's state, of this iteration, to go on from.
  bool resume = false;
  std::int64_t resume_iteration = 0;
};
struct Accepted {};
struct Refused {
  std::string reason;
};
/// The system in CSR form, as the customer read and checked it. Views into the sender's arrays
/// or the received frame (little-endian, like every array of the protocol).
struct JobData {
  std::span<const std::byte> row_ptr;  ///< int64, rows + 1
  std::span<const std::byte> col_idx;  ///< int32, nnz
  PackedDoubles values;                ///< nnz
  PackedDoubles rhs;                   ///< rows: b (solve) or the list (doubling)
  PackedDoubles exact;                 ///< rows when with_exact, else empty
  /// When the submit said resume: the state of its resume_iteration m (as job_checkpoint has
  /// it): CG's scalars, the residual history (Jacobi: m values; CG: m + 1), CG's r and p (rows
  /// each; Jacobi: empty) and x (rows). Otherwise all empty (and the scalars 0).
  double resume_beta = 0.0;
  double resume_best = 0.0;
  std::int64_t resume_restarts = 0;
  std::int64_t resume_fruitless = 0;
  PackedDoubles resume_history = {};
  PackedDoubles resume_r = {};
  PackedDoubles resume_p = {};
  PackedDoubles resume_x = {};
};
struct Progress {
  std::int32_t method = 0;  ///< index into the job's solves (Submit)
  double relative_residual = 0.0;
};
struct MethodResult {
  std::int32_t method = 0;   ///< index into the job's solves (Submit)
  std::uint8_t outcome = 0;  ///< slae::SolveOutcome
  std::int64_t iterations = 0;
  double relative_residual = 0.0;
  double recursive_residual = 0.0;  ///< NaN when the method has none (Jacobi)
  std::int64_t restarts = 0;
  std::string note;
  double seconds = 0.0;
  std::int64_t sweeps = 0;
  std::uint64_t bytes_to_nodes = 0;
  std::uint64_t bytes_from_nodes = 0;
  /// int64: nodes, bytes to them, bytes from them; for nodes in shared memory, then the others
  std::vector<std::int64_t> traffic;
  PackedDoubles residual_history;
  PackedDoubles seconds_history;
  PackedDoubles error_history;
  /// Replies the job dropped so far: from workers it no longer had, or of an older epoch.
  std::uint64_t stale_messages_dropped = 0;
  /// CG: the extreme eigenvalues of D^-1 A its coefficients estimate, from how many iterations
  /// (0, and NaN eigenvalues: no estimate)
  double lambda_min = 0.0;
  double lambda_max = 0.0;
  std::int64_t spectrum_iterations = 0;
  /// Gauss-Seidel and SOR: the rows of each colour of the ordering (empty for the others)
  std::vector<std::int64_t> rows_per_colour;
  PackedDoubles x;
};
struct JobStarted {
  std::int32_t shared_memory_nodes = 0;
  double distribution_seconds = 0.0;
  std::int64_t chunk_rows = 1;
  double queued_seconds = 0.0;  ///< how long the job waited in the queue for its workers
  /// int64, 6 per part: row_begin, row_end, nnz, ghosts, exports, worker id
  std::vector<std::int64_t> parts;
};
/// What happened to a job's solve besides its iterations (coordinator/cluster/job_events.hpp).
struct JobEventNote {
  std::uint8_t kind = 0;    ///< 0 worker lost, 1 re-placed, 2 redone, 3 checkpoint
  std::int32_t method = 0;  ///< index into the job's solves; -1 while the blocks were shipped
  std::int64_t iteration = 0;
  double seconds = 0.0;
  std::int64_t count = 0;
  std::string how;
  std::string detail;
};
/// The state a solve can go on from at iteration m (header's iteration), for the customer to
/// keep (solver/checkpoint.hpp has the same fields) and send back in a job_data to resume.
struct JobCheckpoint {
  std::int32_t method = 0;  ///< index into the job's solves (one)
  double beta = 0.0;        ///< CG's scalars (CgScalars); Jacobi: 0
  double best = 0.0;
  std::int64_t restarts = 0;
  std::int64_t fruitless = 0;
  PackedDoubles history;  ///< relative residuals: Jacobi, of x_0 .. x_{m-1}; CG, of x_0 .. x_m
  PackedDoubles r;        ///< CG: r_m; Jacobi: empty
  PackedDoubles p;        ///< CG: p_{m-1}; Jacobi: empty
  PackedDoubles x;        ///< x_m
};
struct JobDone {
  PackedDoubles values;  ///< doubling: the doubled list; a solve: empty (x came with its results)
};
struct JobFailed {
  std::int32_t exit_code = 5;
  std::string reason;
};
struct StatusRequest {};
struct Status {
  std::string json;  ///< travels as bin: it may exceed the 4096 bytes of a string field
};
/// Why a customer asks to stop a job: it was told to (customer --cancel), or the customer whose
/// job it is was interrupted (Ctrl-C, SIGTERM) and wants what the job had so far.
enum class CancelHow : std::uint8_t { command = 0, interrupted = 1 };
struct Cancel {
  CancelHow how = CancelHow::command;
  /// Who asks, as the customer describes itself ("alice@lab3"; with keys the broker names the
  /// key's owner instead), or the signal that interrupted it ("SIGINT")
  std::string by;
};
struct CancelReply {
  bool cancelled = false;
  std::string text;
};
/// A job waiting for a free worker: its place in the first-come queue and how busy the pool is.
/// Sent when it joins the queue and whenever any of these change.
struct JobQueued {
  std::int32_t position = 1;  ///< 1: the next job to be served
  std::int32_t length = 1;    ///< jobs in the queue
  std::int32_t busy = 0;      ///< workers busy with other jobs
  std::int32_t workers = 0;   ///< workers the broker has (busy or not)
};
/// The broker has registered a worker (after its ready, or when a worker it had given up for
/// silent is heard again): the id it goes by, the one customer --status shows and the broker's
/// log names it with, so that the worker can say it.
struct Welcome {
  std::int64_t worker = 0;
};

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
/// answered by exactly one reply, so a coordinator can tell which nodes still owe one.
bool expects_reply(MessageType type);
bool is_reply(MessageType type);

}  // namespace slae::protocol
