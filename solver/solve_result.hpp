#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "solver/convergence.hpp"

namespace slae {

/// CG: the extreme eigenvalues of D^-1 A as the Lanczos tridiagonal of its coefficients has them
/// (solver/cg_spectrum.hpp): inside the true ones, and close to them once CG has converged.
struct SpectrumEstimate {
  double lambda_min = 0.0;
  double lambda_max = 0.0;
  std::int64_t iterations = 0;  ///< the steps (of one run from p = 0) it was built from
  double condition() const { return lambda_max / lambda_min; }
};

/// What a solve produced: x and the residual of exactly that x.
struct SolveResult {
  SolveOutcome outcome = SolveOutcome::running;
  std::int64_t iterations = 0;           ///< updates applied to x0 = 0 to get x
  double relative_residual = 0.0;        ///< ||b - A x||2 / ||b||2 of the returned x
  std::vector<double> residual_history;  ///< relative residual of x_0 .. x_iterations
  std::vector<double> seconds_history;   ///< when each of those was known, from the solve's start
  std::vector<double> x;
  std::string note;  ///< why a breakdown happened ("p.Ap = -3e-05 <= 0 at iteration 7: ...")
  /// CG: the residual its recurrence tracked at the end (relative_residual is the true one,
  /// ||b - A x|| / ||b|| of the x returned, recomputed; the two drift apart in floating point).
  std::optional<double> recursive_residual;
  std::int64_t restarts = 0;                 ///< CG: restarts from the true residual
  std::optional<SpectrumEstimate> spectrum;  ///< CG: what its coefficients say of D^-1 A
};

/// The result of a solve the monitor watched, ending with x.
inline SolveResult make_result(SolveOutcome outcome, const ConvergenceMonitor& monitor,
                               std::vector<double> x, std::string note = {}) {
  SolveResult r;
  r.outcome = outcome;
  r.iterations = monitor.iterations();
  r.relative_residual = monitor.relative_residual();
  r.residual_history = monitor.history();
  r.seconds_history = monitor.seconds();
  r.x = std::move(x);
  r.note = std::move(note);
  return r;
}

}  // namespace slae
