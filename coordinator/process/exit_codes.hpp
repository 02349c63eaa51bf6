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
inline constexpr int kExitCancelled = 6;  ///< a customer's job cancelled by customer --cancel

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

/// The code of a run's solves: 0 when all converged, else the code of the first that did not.
/// A sweep (several weights) explores: there a weight that diverges is a finding, not a
/// failure, so a method counts as converged when any of its solves did.
template <typename Solves>
int run_exit_code(const Solves& solves, bool sweep) {
  for (const auto& m : solves) {
    if (m.result.outcome == SolveOutcome::converged) continue;
    bool found = false;
    for (const auto& other : solves)
      found = found || (sweep && other.method == m.method &&
                        other.result.outcome == SolveOutcome::converged);
    if (!found) return exit_code(m.result.outcome);
  }
  return kExitConverged;
}

}  // namespace slae::coordinator
