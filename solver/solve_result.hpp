#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "solver/convergence.hpp"

namespace slae {

/// What a solve produced: x and the residual of exactly that x.
struct SolveResult {
  SolveOutcome outcome = SolveOutcome::running;
  std::int64_t iterations = 0;           ///< updates applied to x0 = 0 to get x
  double relative_residual = 0.0;        ///< ||b - A x||2 / ||b||2 of the returned x
  std::vector<double> residual_history;  ///< relative residual of x_0 .. x_iterations
  std::vector<double> seconds_history;   ///< when each of those was known, from the solve's start
  std::vector<double> x;
  std::string note;  ///< why a breakdown happened ("p.Ap = -3e-05 <= 0 at iteration 7: ...")
};

/// The result of a solve the monitor watched, ending with x.
inline SolveResult make_result(SolveOutcome outcome, const ConvergenceMonitor& monitor,
                               std::vector<double> x, std::string note = {}) {
  return SolveResult{outcome,           monitor.iterations(), monitor.relative_residual(),
                     monitor.history(), monitor.seconds(),    std::move(x),
                     std::move(note)};
}

}  // namespace slae
