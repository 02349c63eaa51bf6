#pragma once
// Jacobi over the cluster, pipelined (see iterate_window.hpp for the rules): each node is sent
// its ghost values of x_k as soon as their owners have delivered them, the nodes' blocks are
// kept in the frames they arrived in, and the residual is judged one iteration behind.
#include <cstdint>
#include <functional>
#include <vector>

#include "coordinator/cluster_job.hpp"
#include "coordinator/iterate_window.hpp"
#include "solver/convergence.hpp"
#include "solver/solve_result.hpp"

namespace slae::coordinator {

struct JacobiSettings {
  double omega = 1.0;      ///< weight, 0 < omega < 2
  bool use_rhs = true;     ///< false: iterate on A x = 0 (the power iteration of the diagnosis)
  std::vector<double> x0;  ///< starting iterate (all rows); empty: zeros
};

/// Judges iteration k, given ||b - A x_k||: returns true to go on. The window holds x_{k+1} in
/// full at that moment (window.sum_of_squares(k + 1)).
using IterationJudge =
    std::function<bool(std::int64_t k, double residual_norm, const IterateWindow& window)>;

/// Runs Jacobi on the job until the judge stops it, and returns x_k of the last k judged.
std::vector<double> run_jacobi(ClusterJob& job, const JacobiSettings& settings,
                               const IterationJudge& judge, LoopStats& stats);

/// A Jacobi solve from x_0 = 0 to the criteria: the cluster twin of solve_jacobi, and equal to
/// it bit for bit.
SolveResult solve_jacobi_on_cluster(ClusterJob& job, StopCriteria criteria, double omega,
                                    double rhs_norm, const ProgressCallback& progress,
                                    LoopStats& stats);

}  // namespace slae::coordinator
