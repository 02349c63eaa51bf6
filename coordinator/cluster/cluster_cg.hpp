#pragma once
// CG over the cluster: the CgBackend (solver/cg_solver.hpp) whose vectors live on the nodes.
// Each iteration is two exchanges: step (alpha out; r.z, r.r and z at the exports back) and
// direction (beta and z at the ghosts out; p.q back). The scalar recurrences stay in run_cg,
// the very code the single-process reference runs. A lost worker costs the iterations since
// the state was last collected (CgRecovery), not the answer.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "coordinator/cluster/cluster_job.hpp"
#include "coordinator/cluster/held_vector.hpp"
#include "coordinator/cluster/job_events.hpp"
#include "coordinator/cluster/method_run.hpp"
#include "solver/cg_solver.hpp"

namespace slae::coordinator {

/// How a CG solve survives a lost worker: the state it goes back to is collected from the nodes
/// every `every` iterations (x, r and p: CG's vectors live on the nodes), and after a loss the
/// nodes start from it again and redo the steps since, with the very alphas and betas recorded:
/// the same bits, and run_cg never knows.
/// The default of --cg-checkpoint-every (bench/loss_cost.py measures what it costs).
inline constexpr std::int64_t kCgCheckpointEvery = 100;

struct CgRecovery {
  std::int64_t every = kCgCheckpointEvery;  ///< iterations between collections (0: never recover)
  EventSink events;                         ///< a loss, the re-placement, the iterations redone
};

/// The nodes' CG vectors at iteration k, right after its step: x_k, r_k and p_{k-1} (whole;
/// p empty: p = 0).
struct CgVectors {
  std::int64_t iteration = 0;
  std::vector<double> x, r, p;
};

/// A CG solve that goes on from a checkpoint and saves them (solver/checkpoint.hpp).
struct CgCheckpoints {
  /// The state to go on from (the monitor then holds the residuals of x_0 .. x_k); no vectors:
  /// x_0 = 0.
  CgVectors from;
  CgScalars from_scalars;
  /// Saves a state (its p whole, never empty) with the residuals of x_0 .. x_k: every `every`
  /// iterations and when the solve stops on an exception (the newest state collected, if any).
  std::function<void(const CgVectors&, const CgScalars&, const std::vector<double>& history)> save;
  std::int64_t every = 0;  ///< 0: only when stopped
};

class ClusterCgBackend final : public CgBackend {
 public:
  /// Starts a CG solve on the job's nodes, in a new epoch: from x = 0, r = b, or from `from`.
  ClusterCgBackend(ClusterJob& job, std::span<const double> b, CgRecovery recovery = {},
                   const CgVectors* from = nullptr);

  StepSums step(std::int64_t iteration, double alpha) override;
  double direction(std::int64_t iteration, double beta) override;
  std::vector<double> solution() override;
  void restart(std::int64_t iteration, std::span<const double> x,
               std::span<const double> r) override;

  /// run_cg reached the state `s` (CgContinuation::reached): remembered with the saved vectors
  /// when they are of the same iteration.
  void note_reached(const CgScalars& s);
  /// x, r and p as they stand, right after a step (collected unless just collected); they are
  /// also the state a lost worker sends the solve back to from now on.
  const CgVectors& snapshot();
  /// The newest state collected, when run_cg's scalars of its iteration are known.
  std::optional<std::pair<CgVectors, CgScalars>> last_state() const;

 private:
  /// A call made since the state was saved, to be redone after a loss.
  struct Call {
    bool step = true;  ///< step (alpha) or direction (beta)
    std::int64_t iteration = 0;
    double scalar = 0.0;
  };
  using SavedState = CgVectors;

  StepSums raw_step(std::int64_t iteration, double alpha);
  /// Collects x, r and p as they stand (right after a step) into saved_.
  void save_state();
  double raw_direction(std::int64_t iteration, double beta);
  /// x, r or p as the nodes hold them now, whole.
  std::vector<double> collect(protocol::Collected what);
  /// A new epoch in which every node starts from `state` (with p at its ghosts).
  void start_from(const SavedState& state);
  /// Runs call, and after a lost worker re-places the job, restores the saved state, redoes the
  /// calls since, and runs it again.
  template <typename F>
  auto guarded(F&& call);
  void heal(const WorkerLost& loss);

  ClusterJob& job_;
  CgRecovery recovery_;
  std::chrono::steady_clock::time_point began_;
  std::uint32_t epoch_ = 0;
  std::int64_t iteration_ = 0;
  std::vector<HeldVector> z_exports_;  ///< per node: z at its export rows, from the last step
  std::vector<double> rz_, rr_, pq_;   ///< per reduction chunk
  SavedState saved_;
  std::optional<CgScalars> saved_scalars_;  ///< run_cg's, at saved_.iteration
  bool recompute_pending_ = true;           ///< the saved state's own step has not been made yet
  std::vector<Call> since_;                 ///< calls made since saved_
};

/// A CG solve from x_0 = 0 (or a checkpoint's state) to the criteria; equal bit for bit to
/// solve_cg in one process.
/// `monitor` (made with cg_criteria) records the tracked residuals; `system` is A and b, for
/// the true residual at the end.
SolveResult solve_cg_on_cluster(ClusterJob& job, const CgSystem& system,
                                ConvergenceMonitor& monitor, const ProgressCallback& progress,
                                LoopStats& stats, const ErrorTracking* errors = nullptr,
                                CgRecovery recovery = {},
                                const CgCheckpoints* checkpoints = nullptr);

}  // namespace slae::coordinator
