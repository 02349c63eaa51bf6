#pragma once
// --plot: the residual against the iteration as an SVG chart, one line per method, on a log
// scale. Our own small writer rather than PLplot's SVG driver: the chart is a few lines and
// labels, SVG is text, and a writer of our own keeps the output deterministic (tests can read
// it), adds no library with global state to the coordinator, and writes every label as a real
// <text> element that browsers and screen readers see as text.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace slae::coordinator {

struct ChartSeries {
  ChartSeries() = default;
  ChartSeries(std::string label_, std::vector<double> values_, std::string outcome_ = {},
              std::int64_t iterations_ = 0)
      : label(std::move(label_)),
        values(std::move(values_)),
        outcome(std::move(outcome_)),
        iterations(iterations_) {}

  std::string label;            ///< legend text: "jacobi", "jacobi (omega 0.8)", "cg"
  std::vector<double> values;   ///< values[k]: relative residual after k iterations
  std::string outcome;          ///< "converged", ...: shown in the legend with the count
  std::int64_t iterations = 0;  ///< > 0: in the legend, with or without an outcome
  /// A series of a family ordered by a number: "sor" and its weight ω. When every series is of
  /// one family and there are more than the palette's 7, their colours follow a sequential map
  /// by the key and the legend lists them as "ω 1.05: ..." in the key's order.
  std::string family;
  double key = std::numeric_limits<double>::quiet_NaN();
};

struct ChartOptions {
  std::string title;  ///< "gr_30_30.mtx: 900 rows, 7744 non-zeros"
  std::string x_label = "iteration k";
  /// A log scale for the iterations (decades 1, 10, 100, ...), so that CG's 41 iterations are
  /// readable beside Jacobi's 1991. It starts at iteration 1: a log scale has no place for 0.
  bool log_x = false;
  std::string y_label = "relative residual \u2016b \u2212 Ax\u2096\u2016 / \u2016b\u2016";
  double tolerance = 0.0;  ///< > 0: a dashed reference line labelled "tol 1e-08"
  int width = 800;
  int height = 500;
};

/// The whole SVG document. The y axis is log10, labelled at powers of ten (every 2nd, 5th, ...
/// decade when the range is wide); the x axis runs from 0 (1 on a log scale) to the longest
/// series' last iteration. Values <= 0 or NaN leave a gap in their line (a lone value between
/// gaps is a dot); +Inf (a diverged run) is drawn at the top edge. A line of few iterations has
/// its points marked; a series that stopped at iteration 0 is not drawn, and its legend entry
/// says why. Legend entries carry the outcome and the iteration count. Long histories are thinned
/// to each pixel column's first, lowest and highest value, plus the last value before every gap and
/// at the end, so spikes survive. The legend never covers a line: it sits in a corner of the plot
/// where it hides none, or else right of a narrower plot (at least half the width left), or else
/// under the chart, which grows to hold it. A family of many series (ChartSeries::key) is keyed
/// by a sequential colour map, its legend beside or under the plot. Same input, same bytes. Throws
/// std::invalid_argument for a picture smaller than 320 x 240.
std::string render_convergence_chart(const std::vector<ChartSeries>& series,
                                     const ChartOptions& options);

/// Writes the document to `path`; throws std::runtime_error naming the path if it cannot.
void write_convergence_chart(const std::string& path, const std::vector<ChartSeries>& series,
                             const ChartOptions& options);

}  // namespace slae::coordinator
