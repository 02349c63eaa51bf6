// The chart's legend (coordinator/charts/convergence_chart.cpp): where it goes, and what each entry
// says. The rest of the chart is tested in test_convergence_chart.cpp.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "coordinator/charts/convergence_chart.hpp"
#include "coordinator/text/omega_list.hpp"
#include "tests/coordinator/charts/chart_samples.hpp"
#include "tests/support/svg_reading.hpp"
#include "tests/support/xml_check.hpp"

using slae::coordinator::ChartSeries;
using slae::coordinator::format_omega;
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

TEST_CASE("legend entries carry the outcome and the count and a stop at iteration 0 is explained",
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

namespace {

// the stroke colour of series s, as "#RRGGBB"
std::string stroke_of(const std::string& svg, int s) {
  const std::string g = series_group(svg, s);
  const std::size_t at = g.find("stroke=\"#");
  return at == std::string::npos ? "" : g.substr(at + 8, 7);
}

double luminance(const std::string& hex) {
  const auto c = [&](int i) { return std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16) / 255.0; };
  return 0.2126 * c(0) + 0.7152 * c(1) + 0.0722 * c(2);
}

int svg_height(const std::string& svg) {
  const std::size_t at = svg.find(" height=\"") + 9;
  return std::stoi(svg.substr(at));
}

bool outside(const Rect& legend, const Rect& frame) {
  return legend.x >= frame.x + frame.width || legend.y >= frame.y + frame.height;
}

}  // namespace

TEST_CASE(
    "a sweep of many weights is one colour map by weight and a legend in weight order "
    "that keeps out of the plot",
    "[chart]") {
  // 19 weights as an --omega sweep gives them, but in another order: the legend sorts them
  std::vector<ChartSeries> series;
  for (int i = 0; i < 19; ++i) {
    const int k = (7 * i) % 19;  // a permutation of 0..18
    const double omega = 1.0 + 0.05 * k;
    ChartSeries s{"sor (omega " + std::to_string(k) + ")", geometric(1.0, 0.99 - 0.02 * k, 40),
                  "converged", 39};
    s.family = "sor";
    s.key = omega;
    series.push_back(s);
  }
  const std::string svg = render_convergence_chart(series, chart_options(1e-8));
  CHECK(xml_problem(svg).empty());
  // distinct colours, darkest for the least weight and lighter as it grows
  std::vector<std::pair<double, std::string>> by_key;
  for (int s = 0; s < 19; ++s)
    by_key.push_back({series[s].key, stroke_of(svg, s)});
  std::sort(by_key.begin(), by_key.end());
  for (std::size_t i = 1; i < by_key.size(); ++i) {
    CAPTURE(i, by_key[i - 1].second, by_key[i].second);
    CHECK(by_key[i].second != by_key[i - 1].second);
    CHECK(luminance(by_key[i].second) > luminance(by_key[i - 1].second));
  }
  // a heading, then one row per weight in increasing order
  const std::vector<std::string> all = texts(svg);
  const auto heading = std::find(all.begin(), all.end(), "sor, by its weight \u03c9:");
  REQUIRE(heading != all.end());
  for (int k = 0; k < 19; ++k) {
    const std::string w =
        "\u03c9 " + format_omega(1.0 + 0.05 * k) + ": converged, 39 iterations";  // "ω 1.05: ..."
    REQUIRE(heading + 1 + k < all.end());
    CHECK(*(heading + 1 + k) == w);
  }
  const Rect frame = plot_frame(svg), legend = legend_box(svg);
  CHECK(outside(legend, frame));
  CHECK(legend.y + legend.height <= svg_height(svg));
}

TEST_CASE(
    "a legend that would cover the lines and is too wide to go beside them goes under "
    "the chart which grows to hold it",
    "[chart]") {
  std::vector<double> waving;  // through every corner of the plot
  for (int k = 0; k < 100; ++k)
    waving.push_back(std::pow(10.0, -4.0 + 4.0 * std::sin(0.3 * k)));
  const std::string long_label(60, 'w');  // wider than half the plot
  const std::string svg =
      render_convergence_chart({{long_label, waving}, {"short", waving}}, chart_options());
  CHECK(xml_problem(svg).empty());
  const Rect frame = plot_frame(svg), legend = legend_box(svg);
  CHECK(legend.y >= frame.y + frame.height);
  CHECK(svg_height(svg) > 500);
  CHECK(legend.y + legend.height <= svg_height(svg));
  CHECK(frame.width == Approx(800 - 92 - 24));  // the plot keeps its width
}

TEST_CASE("a few series of one family keep the palette and their own labels", "[chart]") {
  std::vector<ChartSeries> series;
  for (int k = 0; k < 3; ++k) {
    ChartSeries s{"sor (omega 1." + std::to_string(k) + ")", geometric(1.0, 0.5, 20), "converged",
                  19};
    s.family = "sor";
    s.key = 1.0 + 0.1 * k;
    series.push_back(s);
  }
  const std::string svg = render_convergence_chart(series, chart_options());
  CHECK(has_text(svg, "sor (omega 1.1): converged, 19 iterations"));
  CHECK_FALSE(has_text(svg, "sor, by its weight \u03c9:"));
  CHECK(stroke_of(svg, 0) != stroke_of(svg, 1));
}
