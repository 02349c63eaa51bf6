#pragma once
// What a sweep (--omega with several weights) prints and draws: a table of its solves, the
// chart of iterations against the weight (--plot), and beside it, with --history, the residual
// lines of every weight in one chart.
#include <string>
#include <vector>

#include "coordinator/charts/sweep_chart.hpp"
#include "coordinator/cluster/method_run.hpp"

namespace slae::coordinator {

/// The table: a header, then per solve its method, weight (blank for a method without one),
/// outcome, iterations, final relative residual and seconds; then, per method that takes a
/// weight, the weight that converged in the fewest iterations.
std::string sweep_table(const std::vector<MethodRun>& solves);

/// Per method that takes a weight, its points in the order solved (for sweep_chart.hpp).
std::vector<SweepSeries> sweep_series(const std::vector<MethodRun>& solves);

/// Where the residual lines of a sweep go: "omega.svg" -> "omega-residuals.svg".
std::string residuals_chart_path(const std::string& plot_path);

}  // namespace slae::coordinator
