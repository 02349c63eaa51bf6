#pragma once
// CG over the cluster: the CgBackend (solver/cg_solver.hpp) whose vectors live on the nodes.
// Each iteration is two exchanges: step (alpha out; r.z, r.r and z at the exports back) and
// direction (beta and z at the ghosts out; p.q back). The scalar recurrences stay in run_cg,
// the very code the single-process reference runs.
#include <cstdint>
#include <vector>

#include "coordinator/cluster_job.hpp"
#include "coordinator/held_vector.hpp"
#include "coordinator/method_run.hpp"
#include "solver/cg_solver.hpp"

namespace slae::coordinator {

class ClusterCgBackend final : public CgBackend {
 public:
  /// Starts a CG solve on the job's nodes, in a new epoch.
  explicit ClusterCgBackend(ClusterJob& job);

  StepSums step(std::int64_t iteration, double alpha) override;
  double direction(std::int64_t iteration, double beta) override;
  std::vector<double> solution() override;
  void restart(std::int64_t iteration, std::span<const double> x,
               std::span<const double> r) override;

 private:
  ClusterJob& job_;
  std::uint32_t epoch_;
  std::int64_t iteration_ = 0;
  std::vector<HeldVector> z_exports_;  ///< per node: z at its export rows, from the last step
  std::vector<double> rz_, rr_, pq_;   ///< per reduction chunk
};

/// A CG solve from x_0 = 0 to the criteria; equal bit for bit to solve_cg in one process.
/// `monitor` (made with cg_criteria) records the tracked residuals; `system` is A and b, for
/// the true residual at the end.
SolveResult solve_cg_on_cluster(ClusterJob& job, const CgSystem& system,
                                ConvergenceMonitor& monitor, const ProgressCallback& progress,
                                LoopStats& stats, const ErrorTracking* errors = nullptr);

}  // namespace slae::coordinator
