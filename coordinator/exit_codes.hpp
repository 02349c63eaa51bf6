#pragma once
// The coordinator's exit codes (README, --help). Only main() and the runs it calls return them.
#include "solver/convergence.hpp"

namespace slae::coordinator {

inline constexpr int kExitConverged = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitInput = 2;          ///< bad input or usage; or an output not written
inline constexpr int kExitMaxIterations = 3;  ///< or stagnated above the tolerance
inline constexpr int kExitDiverged = 4;       ///< or CG broke down
inline constexpr int kExitCluster = 5;

/// The code of a finished solve.
inline int exit_code(SolveOutcome outcome) {
  switch (outcome) {
    case SolveOutcome::converged:
      return kExitConverged;
    case SolveOutcome::max_iterations:
    case SolveOutcome::stagnated:
      return kExitMaxIterations;
    case SolveOutcome::diverged:
    case SolveOutcome::breakdown:
      return kExitDiverged;
    case SolveOutcome::running:
    case SolveOutcome::interrupted:
      break;
  }
  return kExitInternal;
}

}  // namespace slae::coordinator
