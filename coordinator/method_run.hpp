#pragma once
// One method's solve within a run: what was asked, what came out, what it cost.
#include <string>

#include "coordinator/cluster_job.hpp"
#include "coordinator/options.hpp"
#include "solver/solve_result.hpp"

namespace slae::coordinator {

struct MethodRun {
  SolveMethod method = SolveMethod::jacobi;
  double omega = 1.0;  ///< Jacobi's weight (1 for CG, where it means nothing)
  SolveResult result;
  LoopStats stats;
};

/// "jacobi", "jacobi (omega 0.8)", "cg": how a method is named in the history, chart and report.
std::string method_label(SolveMethod method, double omega);

}  // namespace slae::coordinator
