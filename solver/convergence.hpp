#pragma once
// Stopping criteria for a stationary iteration, in one place, shared by the single-process
// reference and the distributed solve so that both stop on the very same iteration.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace slae {

/// How a solve ended. `breakdown`: the method cannot go on (CG met p.Ap <= 0 or r.z <= 0, so A
/// or its preconditioner is not positive definite). `stagnated`: the true residual stopped
/// falling above the tolerance (CG restarted from it without gain: the tolerance lies below the
/// accuracy double precision attains on this matrix). `interrupted`: stopped by a signal.
enum class SolveOutcome {
  running,
  converged,
  max_iterations,
  diverged,
  breakdown,
  stagnated,
  interrupted
};

std::string_view to_string(SolveOutcome outcome);

struct StopCriteria {
  double tolerance = 1e-8;              ///< stop when ||b - A x||2 / ||b||2 <= tolerance
  std::int64_t max_iterations = 10000;  ///< give up after this many updates of x
  double divergence_factor = 1e5;       ///< diverged once the residual exceeds this x its minimum
                                        ///< (infinity: only NaN/Inf count as divergence)
};

/// Called after each iteration k with ||b - A x_k|| / ||b|| (for the live status line).
using ProgressCallback = std::function<void(std::int64_t iteration, double relative_residual)>;

/// Observes ||b - A x_k|| for k = 0, 1, 2, ... and says when to stop.
/// With b = 0 the relative residual is taken as the absolute one, so x0 = 0 converges at once.
class ConvergenceMonitor {
 public:
  ConvergenceMonitor(StopCriteria criteria, double rhs_norm);

  /// Records the residual norm of x_k (k = number of updates so far) and returns the outcome:
  /// converged (meets tolerance), diverged (NaN/Inf, or grew divergence_factor above the
  /// smallest seen), max_iterations (k reached the limit), else running.
  SolveOutcome observe(double residual_norm);
  /// Replaces the last residual recorded by another measure of the same x_k (CG's true residual
  /// after a restart) and judges it like observe().
  SolveOutcome revise_last(double residual_norm);
  /// Goes on from a checkpoint: the relative residuals of x_0 .. x_{m-1} as if observed (their
  /// times as 0). Only on a fresh monitor.
  void resume(const std::vector<double>& history);
  /// Goes back to x_m: forgets what was observed of x_m and after, as if never seen (the
  /// iterations after m are redone after a worker was lost). Seconds of x_0 .. x_{m-1} stay.
  void rewind(std::int64_t m);

  std::int64_t iterations() const { return static_cast<std::int64_t>(history_.size()) - 1; }
  double relative_residual() const { return history_.empty() ? 0.0 : history_.back(); }
  const std::vector<double>& history() const { return history_; }
  /// Seconds from the monitor's construction to each observe() (same length as history()).
  const std::vector<double>& seconds() const { return seconds_; }
  const StopCriteria& criteria() const { return criteria_; }

 private:
  StopCriteria criteria_;
  double rhs_norm_;
  double smallest_ = 0.0;
  std::chrono::steady_clock::time_point start_;
  std::vector<double> history_;  ///< relative residual of x_0, x_1, ...
  std::vector<double> seconds_;
};

}  // namespace slae
