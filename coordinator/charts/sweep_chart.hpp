#pragma once
// --plot for an omega sweep: the iterations each relaxation weight took, one line per method,
// drawn as the convergence chart is drawn (chart_style.hpp): the same fonts, palette, margins,
// axes and legend, deterministic, every label a real <text>.
#include <cstdint>
#include <string>
#include <vector>

namespace slae::coordinator {

struct SweepPoint {
  double omega = 0.0;           ///< the relaxation weight
  std::int64_t iterations = 0;  ///< when the run stopped, converged or not
  /// "converged", "diverged", "max_iterations", "stagnated", "interrupted", ...: a run counts as
  /// converged only for "converged".
  std::string outcome;
};

struct SweepSeries {
  std::string label;  ///< legend text: "sor", "jacobi"
  std::vector<SweepPoint> points;
};

struct SweepChartOptions {
  std::string title;  ///< "gr_30_30.mtx: 900 rows, 7744 non-zeros"
  std::string x_label = "relaxation weight \u03c9";
  std::string y_label = "iterations";
  /// A log scale for the iterations (decades 1, 10, 100, ...; 0 half a decade below 1), so that
  /// a best run of 41 iterations is readable beside runs that hit a --max-iter of 100000.
  bool log_y = false;
  int width = 800;
  int height = 500;
};

/// The whole SVG document: iterations against omega, the x axis from the least to the greatest
/// omega given, the y axis linear from 0 (or log). The converged points of a series, in order of
/// omega, are one polyline with a filled marker on each; a point that did not converge is a
/// hollow marker at its iteration count, not joined, and the legend explains the hollow marker
/// once. The best point of each series (fewest iterations among the converged ones, the least
/// omega of a tie) is ringed and labelled "ω 1.7: 41 iterations". The legend sits in a corner of
/// the plot where it hides nothing, or else right of a narrower plot. Same input, same bytes.
/// Throws std::invalid_argument for a picture smaller than 320 x 240, for no points at all, and
/// for a point whose omega is not finite or whose iteration count is negative.
std::string render_sweep_chart(const std::vector<SweepSeries>& series,
                               const SweepChartOptions& options);

/// Writes the document to `path`; throws std::runtime_error naming the path if it cannot.
void write_sweep_chart(const std::string& path, const std::vector<SweepSeries>& series,
                       const SweepChartOptions& options);

}  // namespace slae::coordinator
