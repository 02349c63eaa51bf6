#pragma once
// What the chart's tests (test_convergence_chart*.cpp) draw with: a chart's options and a
// geometric residual history.
#include <cmath>
#include <vector>

#include "coordinator/charts/convergence_chart.hpp"

namespace slae::test {

inline coordinator::ChartOptions chart_options(double tolerance = 0.0) {
  coordinator::ChartOptions o;
  o.title = "gr_30_30.mtx: 900 rows, 7744 non-zeros, 2 nodes";
  o.x_label = "sweeps";
  o.y_label = "residual";
  o.tolerance = tolerance;
  return o;
}

inline std::vector<double> geometric(double from, double ratio, int n) {
  std::vector<double> values;
  for (int k = 0; k < n; ++k)
    values.push_back(from * std::pow(ratio, k));
  return values;
}

}  // namespace slae::test
