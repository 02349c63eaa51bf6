// The chart's legend (coordinator/convergence_chart.cpp): where it goes, and what each entry
// says. The rest of the chart is tested in test_convergence_chart.cpp.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "coordinator/convergence_chart.hpp"
#include "tests/coordinator/chart_samples.hpp"
#include "tests/support/svg_reading.hpp"
#include "tests/support/xml_check.hpp"

using slae::coordinator::render_convergence_chart;
using slae::test::xml_problem;
using namespace slae::test::svg;
using slae::test::chart_options;
using slae::test::geometric;

TEST_CASE("the legend keeps off the lines", "[chart]") {
  std::vector<double> rising, waving;
  for (int k = 0; k < 100; ++k) {
    rising.push_back(1e-8 * std::pow(10.0, 8.0 * k / 99));
    waving.push_back(std::pow(10.0, -4.0 + 4.0 * std::sin(0.3 * k)));
  }
  // a line from the bottom left to the top right: the legend goes top left
  std::string svg = render_convergence_chart({{"rising", rising}}, chart_options());
  Rect frame = plot_frame(svg), legend = legend_box(svg);
  CHECK(legend.x < frame.x + 20);
  CHECK(legend.y < frame.y + 20);
  // a line through every corner: the legend moves out, right of a narrower plot
  svg = render_convergence_chart({{"waving", waving}}, chart_options());
  frame = plot_frame(svg);
  legend = legend_box(svg);
  CHECK(legend.x > frame.x + frame.width);
  CHECK(legend.x + legend.width <= 800);
}

TEST_CASE("legend entries carry the outcome and the count, a stop at iteration 0 is explained",
          "[chart]") {
  const std::string svg =
      render_convergence_chart({{"jacobi", geometric(1.0, 0.5, 20), "converged", 19},
                                {"cg", {1e-9}, "converged", 0},
                                {"jacobi (omega 1.5)", {1.0, 2.0}, "diverged", 1}},
                               chart_options(1e-8));
  CHECK(xml_problem(svg).empty());
  CHECK(has_text(svg, "jacobi: converged, 19 iterations"));
  CHECK(has_text(svg, "jacobi (omega 1.5): diverged, 1 iteration"));
  CHECK(has_text(svg, "cg: converged at iteration 0: x\u2080 = 0 already meets the tolerance"));
  CHECK(polylines(series_group(svg, 1)).empty());  // not a lone dot
  CHECK(polylines(series_group(svg, 0)).size() == 1);
}

TEST_CASE("a legend entry without an outcome carries the iteration count alone", "[chart]") {
  // slae-plot's series: a history CSV says how far a run went, not how it ended
  const std::string svg =
      render_convergence_chart({{"poisson64 cg", geometric(1.0, 0.5, 20), "", 19},
                                {"short", {1.0, 0.5}, "", 1},
                                {"no count", {1.0, 0.5}}},
                               chart_options());
  CHECK(xml_problem(svg).empty());
  CHECK(has_text(svg, "poisson64 cg: 19 iterations"));
  CHECK(has_text(svg, "short: 1 iteration"));
  CHECK(has_text(svg, "no count"));
}
