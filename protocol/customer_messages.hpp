#pragma once
// The messages between customers and the broker: a job's description and data, what the broker
// tells of it on the way (queue, start, events, checkpoints, progress, results), status and
// cancelling. Each struct's wire() is its layout (wire_layout.hpp); messages.hpp gives each its
// type number.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "protocol/message_parts.hpp"
#include "protocol/wire_layout.hpp"

namespace slae::protocol {

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

}  // namespace slae::protocol
