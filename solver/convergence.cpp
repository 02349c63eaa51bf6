#include "solver/convergence.hpp"
#include "solver/elapsed.hpp"

#include <cmath>
#include <stdexcept>

namespace slae {

std::string_view to_string(SolveOutcome outcome) {
  switch (outcome) {
    case SolveOutcome::running:
      return "running";
    case SolveOutcome::converged:
      return "converged";
    case SolveOutcome::max_iterations:
      return "max_iterations";
    case SolveOutcome::diverged:
      return "diverged";
    case SolveOutcome::breakdown:
      return "breakdown";
    case SolveOutcome::stagnated:
      return "stagnated";
    case SolveOutcome::interrupted:
      return "interrupted";
  }
  return "unknown";
}

ConvergenceMonitor::ConvergenceMonitor(StopCriteria criteria, double rhs_norm)
    : criteria_(criteria), rhs_norm_(rhs_norm), start_(std::chrono::steady_clock::now()) {
  if (!(criteria.tolerance >= 0.0) || criteria.max_iterations < 0 ||
      !(criteria.divergence_factor > 1.0) || !(rhs_norm >= 0.0) || !std::isfinite(rhs_norm)) {
    throw std::invalid_argument("ConvergenceMonitor: invalid stopping criteria");
  }
  const auto expected =
      static_cast<std::size_t>(std::min<std::int64_t>(criteria.max_iterations, 1 << 20)) + 1;
  history_.reserve(expected);
  seconds_.reserve(expected);
}

void ConvergenceMonitor::resume(const std::vector<double>& history) {
  if (!history_.empty()) throw std::logic_error("ConvergenceMonitor: resumed after observing");
  history_ = history;
  seconds_.assign(history.size(), 0.0);
  for (std::size_t i = 0; i < history_.size(); ++i)
    if (i == 0 || history_[i] < smallest_) smallest_ = history_[i];
}

void ConvergenceMonitor::rewind(std::int64_t m) {
  if (m < 0 || m > static_cast<std::int64_t>(history_.size()))
    throw std::invalid_argument("ConvergenceMonitor: rewind beyond what was observed");
  history_.resize(static_cast<std::size_t>(m));
  seconds_.resize(static_cast<std::size_t>(m));
  for (std::size_t i = 0; i < history_.size(); ++i)
    if (i == 0 || history_[i] < smallest_) smallest_ = history_[i];
}

SolveOutcome ConvergenceMonitor::revise_last(double residual_norm) {
  if (history_.empty()) throw std::logic_error("ConvergenceMonitor: nothing to revise");
  history_.pop_back();
  seconds_.pop_back();
  return observe(residual_norm);
}

SolveOutcome ConvergenceMonitor::observe(double residual_norm) {
  const double relative = rhs_norm_ > 0.0 ? residual_norm / rhs_norm_ : residual_norm;
  history_.push_back(relative);
  seconds_.push_back(seconds_since(start_));
  if (!std::isfinite(relative)) return SolveOutcome::diverged;
  if (relative <= criteria_.tolerance) return SolveOutcome::converged;
  if (history_.size() == 1 || relative < smallest_) smallest_ = relative;
  if (relative > criteria_.divergence_factor * smallest_) return SolveOutcome::diverged;
  if (iterations() >= criteria_.max_iterations) return SolveOutcome::max_iterations;
  return SolveOutcome::running;
}

}  // namespace slae
