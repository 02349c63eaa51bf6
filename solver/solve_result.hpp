#pragma once
#include <cstdint>
#include <vector>

#include "solver/convergence.hpp"

namespace slae {

/// What a solve produced: x and the residual of exactly that x.
struct SolveResult {
  SolveOutcome outcome = SolveOutcome::running;
  std::int64_t iterations = 0;           ///< updates applied to x0 = 0 to get x
  double relative_residual = 0.0;        ///< ||b - A x||2 / ||b||2 of the returned x
  std::vector<double> residual_history;  ///< relative residual of x_0 .. x_iterations
  std::vector<double> x;
};

}  // namespace slae
