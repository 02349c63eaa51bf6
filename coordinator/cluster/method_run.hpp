#pragma once
// One method's solve within a run: what was asked, what came out, what it cost.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "coordinator/cluster/cluster_job.hpp"
#include "coordinator/text/method_list.hpp"
#include "solver/solve_result.hpp"

namespace slae::coordinator {

struct MethodRun {
  SolveMethod method = SolveMethod::jacobi;
  double omega = 1.0;  ///< Jacobi's or SOR's weight (1 for the others, where it means nothing)
  /// Gauss-Seidel and SOR: how many rows each colour of the ordering has (empty for the others)
  std::vector<std::int64_t> rows_per_colour;
  SolveResult result;
  LoopStats stats;
  /// ||x - x*|| / ||x*|| of the x returned, when x* is known.
  std::optional<double> error;
  /// The same for every iterate x_0, x_1, ... (one per residual_history entry), when x* is
  /// known and the history was asked for.
  std::vector<double> error_history;
};

/// Asks a solve to measure the error of every iterate: a pass over x per iteration on the
/// coordinator (CG also collects x from the nodes each time), so only when the history wants it.
struct ErrorTracking {
  std::span<const double> exact;  ///< x*
  double exact_norm = 0.0;        ///< ||x*||
  std::vector<double>* history = nullptr;
  /// Records sqrt(distance_sq) / ||x*|| as the error of iterate k (replacing a value at k).
  void record(std::int64_t k, double distance_sq) const;
};

/// ||x - x*|| / ||x*|| (plain sums in row order; ||x - x*|| itself when x* = 0).
double relative_error(std::span<const double> x, std::span<const double> exact);

/// "jacobi", "jacobi (omega 0.8)", "sor (omega 1.5)", "cg": how a method is named in the history,
/// chart and report.
std::string method_label(SolveMethod method, double omega);

}  // namespace slae::coordinator
