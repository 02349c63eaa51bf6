#pragma once
// The messages node and coordinator exchange, as plain structs: the message table. PROTOCOL.md
// is the specification; protocol/codec.cpp and codec_decode.cpp are the only code that turns
// these into bytes and back, and they know no message by name: each struct's wire() is its
// layout (wire_layout.hpp), the one list of its fields in wire order with their limits, and the
// few checks that span fields are its malformed(). Adding a message is a MessageType, a struct
// with its wire(), its place in Body, its handlers and PROTOCOL.md.
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

#include "protocol/liveness.hpp"
#include "protocol/wire_layout.hpp"
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

/// Iterative methods a node runs. gauss_seidel and sor run the same multicolour sweep (sor with
/// start.omega, gauss_seidel with 1); a customer's submit lists them apart, as its user did.
enum class Method : std::uint8_t { jacobi = 1, cg = 2, gauss_seidel = 3, sor = 4 };
/// The most colours a multicolour ordering may have on the wire.
inline constexpr std::uint32_t kMaxColours = 1u << 16;
/// The most weights one submit may sweep.
inline constexpr std::size_t kMaxSweepWeights = 1000;
/// The longest host name or boot id a ready may carry.
inline constexpr std::size_t kMaxReadyText = 255;
/// The longest interval between Jacobi's collected blocks a start or submit may ask for.
inline constexpr std::uint32_t kMaxCollectEvery = 1u << 30;
/// The largest count or index of a field kept as int32.
inline constexpr std::int64_t kInt32Max = 2147483647;

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

  static constexpr auto wire() {
    using namespace wire;
    return layout("ready", field<&Ready::pid>("pid"), field<&Ready::cores>("cores"),
                  field<&Ready::host>("host").at_most(kMaxReadyText),
                  field<&Ready::boot_id>("boot_id").at_most(kMaxReadyText));
  }
};
struct Setup {
  std::int32_t node_index = 0;  ///< the node's position in the partition
  RowBlock block;
  std::vector<std::int32_t> exports;  ///< local rows others need, sorted
  bool early_exports = false;         ///< send them in an `exports` message ahead of each block
  /// A shared-memory object to write Jacobi's iterates into (shared_segment.hpp); empty: the
  /// blocks travel inside block_result messages.
  std::string segment;

  static constexpr auto wire() {
    using namespace wire;
    return layout("setup", field<&Setup::node_index>("node_index"),
                  field<&Setup::block, &RowBlock::global_rows>("global_rows").at_most(kInt32Max),
                  field<&Setup::block, &RowBlock::range, &RowRange::begin>("row_begin"),
                  field<&Setup::block, &RowBlock::range, &RowRange::end>("row_end"),
                  field<&Setup::block, &RowBlock::chunk_rows>("chunk_rows").at_most(kInt32Max),
                  field<&Setup::block, &RowBlock::row_ptr>("row_ptr"),
                  field<&Setup::block, &RowBlock::local_col>("local_col"),
                  field<&Setup::block, &RowBlock::values>("values"),
                  field<&Setup::block, &RowBlock::inv_diag>("inv_diag"),
                  field<&Setup::block, &RowBlock::rhs>("rhs"),
                  field<&Setup::block, &RowBlock::ghost_cols>("ghost_cols"),
                  field<&Setup::exports>("exports"), field<&Setup::early_exports>("early_exports"),
                  field<&Setup::segment>("segment"))
        .request();
  }
  /// What makes a decoded setup one no sender of ours makes (a segment that is not a shared-memory
  /// name), or nullptr.
  const char* malformed() const;
};
struct SetupAck {
  bool shared_memory = false;  ///< the node mapped the segment named in setup and writes there

  static constexpr auto wire() {
    using namespace wire;
    return layout("setup_ack", field<&SetupAck::shared_memory>("shared_memory")).reply();
  }
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

  static constexpr auto wire() {
    using namespace wire;
    return layout("start", field<&Start::method>("method").in(1, 4), field<&Start::omega>("omega"),
                  field<&Start::x0>("x0"), field<&Start::r0>("r0"), field<&Start::p0>("p0"),
                  field<&Start::collect_every>("collect_every").in(1, kMaxCollectEvery),
                  field<&Start::colours>("colours"),
                  field<&Start::colour_count>("colour_count").at_most(kMaxColours));
  }
  /// What makes a decoded start one no sender of ours makes (colours that do not fit the method),
  /// or nullptr.
  const char* malformed() const;
};
struct Iterate {
  PackedDoubles ghost_values;  ///< values of x_k at the block's ghost columns, in their order

  static constexpr auto wire() {
    using namespace wire;
    return layout("iterate", field<&Iterate::ghost_values>("ghost_values").trailing()).request();
  }
};
struct Exports {
  PackedDoubles values;  ///< x_{k+1} at the node's export rows, in their order

  static constexpr auto wire() {
    using namespace wire;
    return layout("exports", field<&Exports::values>("values").trailing());
  }
};
struct BlockResult {
  std::int64_t row_begin = 0;
  std::int64_t row_end = 0;
  PackedDoubles residual_sq;  ///< per reduction chunk of the block: sum of (b - A x_k)_i^2
  PackedDoubles x_next;       ///< rows [row_begin, row_end) of x_{k+1}

  static constexpr auto wire() {
    using namespace wire;
    return layout("block_result", field<&BlockResult::row_begin>("row_begin"),
                  field<&BlockResult::row_end>("row_end"),
                  field<&BlockResult::residual_sq>("residual_sq"),
                  field<&BlockResult::x_next>("x_next").trailing())
        .reply();
  }
};
struct CgDirection {
  double beta = 0.0;
  PackedDoubles ghost_values;  ///< z at the block's ghost columns

  static constexpr auto wire() {
    using namespace wire;
    return layout("cg_direction", field<&CgDirection::beta>("beta"),
                  field<&CgDirection::ghost_values>("ghost_values").trailing())
        .request();
  }
};
struct CgCurvature {
  PackedDoubles pq;  ///< per reduction chunk: sum of p_i (A p)_i

  static constexpr auto wire() {
    using namespace wire;
    return layout("cg_curvature", field<&CgCurvature::pq>("pq")).reply();
  }
};
struct CgStep {
  double alpha = 0.0;

  static constexpr auto wire() {
    using namespace wire;
    return layout("cg_step", field<&CgStep::alpha>("alpha")).request();
  }
};
struct CgResidual {
  PackedDoubles rz;       ///< per reduction chunk: sum of r_i z_i
  PackedDoubles rr;       ///< per reduction chunk: sum of r_i^2
  PackedDoubles exports;  ///< z at the node's export rows

  static constexpr auto wire() {
    using namespace wire;
    return layout("cg_residual", field<&CgResidual::rz>("rz"), field<&CgResidual::rr>("rr"),
                  field<&CgResidual::exports>("exports").trailing())
        .reply();
  }
};
/// Which vector collect asks for: Jacobi's x_m of the header's m, or CG's x, r or p as they stand.
enum class Collected : std::uint8_t { x = 0, r = 1, p = 2 };
struct Collect {
  Collected what = Collected::x;

  static constexpr auto wire() {
    using namespace wire;
    return layout("collect", field<&Collect::what>("what").at_most(2)).request();
  }
};
struct BlockValues {
  std::int64_t row_begin = 0;
  std::int64_t row_end = 0;
  PackedDoubles values;  ///< rows [row_begin, row_end) of x

  static constexpr auto wire() {
    using namespace wire;
    return layout("block_values", field<&BlockValues::row_begin>("row_begin"),
                  field<&BlockValues::row_end>("row_end"),
                  field<&BlockValues::values>("values").trailing())
        .reply();
  }
};
struct DoubleTask {
  std::int64_t chunk = 0;  ///< chunk number, the key for reassembly
  PackedDoubles values;

  static constexpr auto wire() {
    using namespace wire;
    return layout("double_task", field<&DoubleTask::chunk>("chunk"),
                  field<&DoubleTask::values>("values").trailing())
        .request();
  }
};
struct DoubleResult {
  std::int64_t chunk = 0;
  PackedDoubles values;

  static constexpr auto wire() {
    using namespace wire;
    return layout("double_result", field<&DoubleResult::chunk>("chunk"),
                  field<&DoubleResult::values>("values").trailing())
        .reply();
  }
};
/// Still here. The broker's interval is the one that counts: workers and customers beat at the
/// interval its heartbeats carry (liveness.hpp), and say it back in theirs.
struct Heartbeat {
  std::uint32_t interval_ms = 500;  ///< the sender sends something at least this often

  static constexpr auto wire() {
    using namespace wire;
    return layout("heartbeat",
                  field<&Heartbeat::interval_ms>("interval_ms")
                      .in(kMinHeartbeatInterval.count(), kMaxHeartbeatInterval.count()));
  }
};
struct Shutdown {
  static constexpr auto wire() {
    using namespace wire;
    return layout("shutdown");
  }
};
struct ErrorReport {
  std::string message;

  static constexpr auto wire() {
    using namespace wire;
    return layout("error", field<&ErrorReport::message>("message"));
  }
};
struct Release {
  static constexpr auto wire() {
    using namespace wire;
    return layout("release");
  }
};

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

  static constexpr auto wire() {
    using namespace wire;
    return layout(
        "submit", field<&Submit::kind>("kind").in(1, 2), field<&Submit::rows>("rows"),
        field<&Submit::nnz>("nnz"), field<&Submit::nodes>("nodes"),
        field<&Submit::methods>("methods"), field<&Submit::omega>("omega"),
        field<&Submit::tolerance>("tolerance"), field<&Submit::max_iterations>("max_iterations"),
        field<&Submit::with_exact>("with_exact"), field<&Submit::error_history>("error_history"),
        field<&Submit::share_memory>("share_memory"),
        field<&Submit::collect_every>("collect_every").at_most(kMaxCollectEvery),
        field<&Submit::checkpoint_every>("checkpoint_every"), field<&Submit::resume>("resume"),
        field<&Submit::resume_iteration>("resume_iteration"),
        field<&Submit::omegas>("omegas").at_most(kMaxSweepWeights));
  }
};
struct Accepted {
  static constexpr auto wire() {
    using namespace wire;
    return layout("accepted");
  }
};
struct Refused {
  std::string reason;

  static constexpr auto wire() {
    using namespace wire;
    return layout("refused", field<&Refused::reason>("reason"));
  }
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

  static constexpr auto wire() {
    using namespace wire;
    return layout(
        "job_data", field<&JobData::row_ptr>("row_ptr").of_elements(8),
        field<&JobData::col_idx>("col_idx").of_elements(4), field<&JobData::values>("values"),
        field<&JobData::rhs>("rhs"), field<&JobData::exact>("exact"),
        field<&JobData::resume_beta>("resume_beta"), field<&JobData::resume_best>("resume_best"),
        field<&JobData::resume_restarts>("resume_restarts"),
        field<&JobData::resume_fruitless>("resume_fruitless"),
        field<&JobData::resume_history>("resume_history"), field<&JobData::resume_r>("resume_r"),
        field<&JobData::resume_p>("resume_p"), field<&JobData::resume_x>("resume_x"));
  }
};
struct Progress {
  std::int32_t method = 0;  ///< index into the job's solves (Submit)
  double relative_residual = 0.0;

  static constexpr auto wire() {
    using namespace wire;
    return layout("progress", field<&Progress::method>("method"),
                  field<&Progress::relative_residual>("relative_residual"));
  }
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

  static constexpr auto wire() {
    using namespace wire;
    return layout("method_result", field<&MethodResult::method>("method"),
                  field<&MethodResult::outcome>("outcome"),
                  field<&MethodResult::iterations>("iterations"),
                  field<&MethodResult::relative_residual>("relative_residual"),
                  field<&MethodResult::recursive_residual>("recursive_residual"),
                  field<&MethodResult::restarts>("restarts"), field<&MethodResult::note>("note"),
                  field<&MethodResult::seconds>("seconds"), field<&MethodResult::sweeps>("sweeps"),
                  field<&MethodResult::bytes_to_nodes>("bytes_to_nodes"),
                  field<&MethodResult::bytes_from_nodes>("bytes_from_nodes"),
                  field<&MethodResult::traffic>("traffic"),
                  field<&MethodResult::residual_history>("residual_history"),
                  field<&MethodResult::seconds_history>("seconds_history"),
                  field<&MethodResult::error_history>("error_history"),
                  field<&MethodResult::stale_messages_dropped>("stale_messages_dropped"),
                  field<&MethodResult::lambda_min>("lambda_min"),
                  field<&MethodResult::lambda_max>("lambda_max"),
                  field<&MethodResult::spectrum_iterations>("spectrum_iterations"),
                  field<&MethodResult::rows_per_colour>("rows_per_colour").at_most(kMaxColours),
                  field<&MethodResult::x>("x"));
  }
  /// What makes a decoded method_result one no sender of ours makes (traffic that is not 6
  /// numbers), or nullptr.
  const char* malformed() const;
};
struct JobStarted {
  std::int32_t shared_memory_nodes = 0;
  double distribution_seconds = 0.0;
  std::int64_t chunk_rows = 1;
  double queued_seconds = 0.0;  ///< how long the job waited in the queue for its workers
  /// int64, 6 per part: row_begin, row_end, nnz, ghosts, exports, worker id
  std::vector<std::int64_t> parts;

  static constexpr auto wire() {
    using namespace wire;
    return layout("job_started", field<&JobStarted::shared_memory_nodes>("shared_memory_nodes"),
                  field<&JobStarted::distribution_seconds>("distribution_seconds"),
                  field<&JobStarted::chunk_rows>("chunk_rows"),
                  field<&JobStarted::queued_seconds>("queued_seconds"),
                  field<&JobStarted::parts>("parts"));
  }
  /// What makes a decoded job_started one no sender of ours makes (parts that are not 6 numbers
  /// each), or nullptr.
  const char* malformed() const;
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

  static constexpr auto wire() {
    using namespace wire;
    return layout("job_event", field<&JobEventNote::kind>("kind").at_most(3),
                  // -1: while the blocks were shipped, before the first solve
                  field<&JobEventNote::method>("method").in(-1, kInt32Max),
                  field<&JobEventNote::iteration>("iteration"),
                  field<&JobEventNote::seconds>("seconds"), field<&JobEventNote::count>("count"),
                  field<&JobEventNote::how>("how"), field<&JobEventNote::detail>("detail"));
  }
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

  static constexpr auto wire() {
    using namespace wire;
    return layout("job_checkpoint", field<&JobCheckpoint::method>("method"),
                  field<&JobCheckpoint::beta>("beta"), field<&JobCheckpoint::best>("best"),
                  field<&JobCheckpoint::restarts>("restarts"),
                  field<&JobCheckpoint::fruitless>("fruitless"),
                  field<&JobCheckpoint::history>("history"), field<&JobCheckpoint::r>("r"),
                  field<&JobCheckpoint::p>("p"), field<&JobCheckpoint::x>("x").trailing());
  }
};
struct JobDone {
  PackedDoubles values;  ///< doubling: the doubled list; a solve: empty (x came with its results)

  static constexpr auto wire() {
    using namespace wire;
    return layout("job_done", field<&JobDone::values>("values"));
  }
};
struct JobFailed {
  std::int32_t exit_code = 5;
  std::string reason;

  static constexpr auto wire() {
    using namespace wire;
    return layout("job_failed", field<&JobFailed::exit_code>("exit_code").at_most(255),
                  field<&JobFailed::reason>("reason"));
  }
};
struct StatusRequest {
  static constexpr auto wire() {
    using namespace wire;
    return layout("status_request");
  }
};
struct Status {
  std::string json;  ///< travels as bin: it may exceed the 4096 bytes of a string field

  static constexpr auto wire() {
    using namespace wire;
    return layout("status", field<&Status::json>("json").binary());
  }
};
/// Why a customer asks to stop a job: it was told to (customer --cancel), or the customer whose
/// job it is was interrupted (Ctrl-C, SIGTERM) and wants what the job had so far.
enum class CancelHow : std::uint8_t { command = 0, interrupted = 1 };
struct Cancel {
  CancelHow how = CancelHow::command;
  /// Who asks, as the customer describes itself ("alice@lab3"; with keys the broker names the
  /// key's owner instead), or the signal that interrupted it ("SIGINT")
  std::string by;

  static constexpr auto wire() {
    using namespace wire;
    return layout("cancel", field<&Cancel::how>("how").at_most(1), field<&Cancel::by>("by"));
  }
};
struct CancelReply {
  bool cancelled = false;
  std::string text;

  static constexpr auto wire() {
    using namespace wire;
    return layout("cancel_reply", field<&CancelReply::cancelled>("cancelled"),
                  field<&CancelReply::text>("text"));
  }
};
/// A job waiting for a free worker: its place in the first-come queue and how busy the pool is.
/// Sent when it joins the queue and whenever any of these change.
struct JobQueued {
  std::int32_t position = 1;  ///< 1: the next job to be served
  std::int32_t length = 1;    ///< jobs in the queue
  std::int32_t busy = 0;      ///< workers busy with other jobs
  std::int32_t workers = 0;   ///< workers the broker has (busy or not)

  static constexpr auto wire() {
    using namespace wire;
    return layout("job_queued", field<&JobQueued::position>("position"),
                  field<&JobQueued::length>("length"), field<&JobQueued::busy>("busy"),
                  field<&JobQueued::workers>("workers"));
  }
};
/// The broker has registered a worker (after its ready, or when a worker it had given up for
/// silent is heard again): the id it goes by, the one customer --status shows and the broker's
/// log names it with, so that the worker can say it.
struct Welcome {
  std::int64_t worker = 0;

  static constexpr auto wire() {
    using namespace wire;
    return layout("welcome", field<&Welcome::worker>("worker"));
  }
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
/// answered by exactly one reply, so a coordinator can tell which nodes still owe one. Each is
/// its layout's role.
bool expects_reply(MessageType type);
bool is_reply(MessageType type);

}  // namespace slae::protocol
