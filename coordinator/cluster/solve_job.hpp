#pragma once
// A solve job on the nodes it was given, wherever it came from: the one-shot coordinator's own
// system or a customer's. It cuts A into as many blocks as there are nodes, ships them once, and
// runs each method in turn; an observer hears how it goes (the status line and summaries of the
// one-shot run, the progress and result messages of a customer's job).
#include <cstdint>
#include <span>
#include <vector>

#include "coordinator/cluster/cluster_cg.hpp"
#include "coordinator/cluster/jacobi_pipeline.hpp"
#include "coordinator/cluster/method_run.hpp"
#include "coordinator/cluster/node_group.hpp"
#include "coordinator/cluster/run_report.hpp"
#include "solver/checkpoint.hpp"
#include "solver/csr_matrix.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/row_partition.hpp"

namespace slae::coordinator {

struct JobSystem {
  const CsrMatrix& a;
  std::span<const double> b;
  double rhs_norm = 0.0;                       ///< ||b||, checked finite and non-zero
  const std::vector<double>* exact = nullptr;  ///< x*, when known
  bool error_history = false;                  ///< measure the error of every iterate
};

struct JobSettings {
  std::vector<MethodSpec> runs;  ///< the solves, in order (method_list.hpp's plan_runs)
  StopCriteria criteria;
  bool share_memory = true;         ///< offer shared memory to the nodes that can map it
  std::uint32_t collect_every = 0;  ///< Jacobi: see jacobi_pipeline.hpp (0: the default rule)
  /// CG: its state is collected every K iterations, to go back to after a lost worker
  std::int64_t cg_checkpoint_every = kCgCheckpointEvery;
  /// Jacobi, Gauss-Seidel or SOR as the only solve: checkpoints saved on the way, and a state
  /// to go on from (its x0, and here the residual history of x_0 .. x_{m-1}).
  IterateCheckpoints checkpoints = {};
  std::vector<double> resume_history = {};
  /// CG as the only solve: the same (its history: of x_0 .. x_k, in resume_history)
  CgCheckpoints cg_checkpoints = {};
};

class JobObserver {
 public:
  virtual ~JobObserver() = default;
  /// The blocks are shipped: run's nodes, shared_memory_nodes and distribution_seconds are set.
  virtual void placed(const RunReport&) {}
  virtual void begin(const MethodRun&) {}
  virtual void progress(std::int64_t /*iteration*/, double /*relative_residual*/) {}
  virtual void finished(const MethodRun&) {}
  /// A worker lost, a re-placement, iterations redone, a checkpoint (already in run.events).
  virtual void event(const JobEvent&) {}
};

/// Settings that go on from cp (its x; CG's r, p and scalars; the history before it).
void go_on_from(Checkpoint cp, JobSettings& settings);

/// Ships the blocks of `partition` to nodes and runs the solves one after the other, filling
/// run's nodes, shared_memory_nodes, distribution_seconds, chunk_rows and solves. An
/// interrupted method is recorded with what it had before the interruption goes on up.
/// Throws ClusterError, Interrupted (or JobCancelled from the channel).
void run_job(NodeGroup& nodes, const JobSystem& system, const JobSettings& settings,
             RowPartition partition, const ReductionChunks& chunks, RunReport& run,
             JobObserver& observer);

}  // namespace slae::coordinator
