#include "coordinator/charts/sweep_chart.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "coordinator/text/omega_list.hpp"
#include "tests/support/svg_reading.hpp"
#include "tests/support/temp_files.hpp"
#include "tests/support/xml_check.hpp"

using slae::coordinator::parse_omega_list;
using slae::coordinator::render_sweep_chart;
using slae::coordinator::SweepChartOptions;
using slae::coordinator::SweepPoint;
using slae::coordinator::SweepSeries;
using slae::coordinator::write_sweep_chart;
using slae::test::xml_problem;
using namespace slae::test::svg;

namespace {

SweepChartOptions options() {
  SweepChartOptions o;
  o.title = "gr_30_30.mtx: 900 rows, 7744 non-zeros";
  return o;
}

// SOR on 0.1, 0.2, ..., 1.9: fewest iterations (41) at 1.7, over --max-iter 5000 at 1.9;
// Jacobi on 0.1, ..., 1.2: fewest (800) at 1, diverged (after 30) at 1.1 and 1.2.
std::vector<SweepSeries> sweep_sample() {
  SweepSeries sor{"sor", {}}, jacobi{"jacobi", {}};
  for (const double w : parse_omega_list("0.1:1.9:0.1")) {
    const double d = w - 1.7;
    const auto n = static_cast<std::int64_t>(41 + (d < 0 ? 400 * d * d : 300 * d));
    sor.points.push_back(w > 1.85 ? SweepPoint{w, 5000, "max_iterations"}
                                  : SweepPoint{w, n, "converged"});
    if (w < 1.05) jacobi.points.push_back({w, static_cast<std::int64_t>(800 / w), "converged"});
  }
  jacobi.points.push_back({1.1, 30, "diverged"});
  jacobi.points.push_back({1.2, 30, "diverged"});
  return {sor, jacobi};
}

struct Circle {
  double x, y;
};

// The centres of the <circle> elements of class `kind` in `part`.
std::vector<Circle> circles(const std::string& part, const std::string& kind) {
  std::vector<Circle> out;
  for (std::size_t at = part.find("<circle"); at != std::string::npos;
       at = part.find("<circle", at + 1)) {
    const std::string tag = part.substr(at, part.find('>', at) - at);
    if (tag.find("class=\"" + kind + "\"") == std::string::npos) continue;
    const auto value = [&](const std::string& name) {
      const std::size_t found = tag.find(" " + name + "=\"");
      REQUIRE(found != std::string::npos);
      return std::strtod(tag.c_str() + found + name.size() + 3, nullptr);
    };
    out.push_back({value("cx"), value("cy")});
  }
  return out;
}

// The message render_sweep_chart refuses with ("" when it draws).
std::string sweep_refusal(const std::vector<SweepSeries>& series, const SweepChartOptions& o) {
  try {
    render_sweep_chart(series, o);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a sweep chart is a well-formed SVG document with its titles and legend",
          "[sweep_chart]") {
  const std::string svg = render_sweep_chart(sweep_sample(), options());
  INFO(svg.substr(0, 600));
  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"500\"") !=
        std::string::npos);
  CHECK(xml_problem(svg).empty());
  CHECK(has_text(svg, "gr_30_30.mtx: 900 rows, 7744 non-zeros"));
  CHECK(has_text(svg, "relaxation weight \u03c9"));
  CHECK(has_text(svg, "iterations"));
  CHECK(svg.find("rotate(-90)\" text-anchor=\"middle\" font-size=\"14.00\">iterations</text>") !=
        std::string::npos);
  CHECK(has_text(svg, "sor"));
  CHECK(has_text(svg, "jacobi"));
  CHECK(count(svg, "<g class=\"series\"") == 2);
  // the convergence chart's palette, in the same order
  CHECK(series_group(svg, 0).find("stroke=\"#0072B2\"") != std::string::npos);
  CHECK(series_group(svg, 1).find("stroke=\"#D55E00\"") != std::string::npos);
}

TEST_CASE("the converged points of a series are one polyline in order of omega, each marked",
          "[sweep_chart]") {
  std::vector<SweepSeries> series = sweep_sample();
  std::reverse(series[0].points.begin(), series[0].points.end());  // in any order
  const std::string svg = render_sweep_chart(series, options());
  for (int s = 0; s < 2; ++s) {
    const std::string group = series_group(svg, s);
    const auto lines = polylines(group);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].size() == (s == 0 ? 18u : 10u));  // 19 and 12 points, 1 and 2 not converged
    for (std::size_t i = 1; i < lines[0].size(); ++i)
      CHECK(lines[0][i].first > lines[0][i - 1].first);
    const std::vector<Circle> filled = circles(group, "point");
    REQUIRE(filled.size() == lines[0].size());
    for (std::size_t i = 0; i < filled.size(); ++i) {
      CHECK(filled[i].x == Approx(lines[0][i].first));
      CHECK(filled[i].y == Approx(lines[0][i].second));
    }
  }
  // the line is within the plot, 0 iterations at its bottom
  const Rect frame = plot_frame(svg);
  const auto sor = polylines(series_group(svg, 0));
  for (const auto& [x, y] : sor.at(0)) {
    CHECK(x > frame.x);
    CHECK(x < frame.x + frame.width);
    CHECK(y >= frame.y);
    CHECK(y < frame.y + frame.height);
  }
  // reversing the points changes nothing: sorted by omega
  CHECK(svg == render_sweep_chart(sweep_sample(), options()));
}

TEST_CASE("points that did not converge are hollow markers, not joined, explained once",
          "[sweep_chart]") {
  const std::string svg = render_sweep_chart(sweep_sample(), options());
  const std::vector<Circle> sor = circles(series_group(svg, 0), "unconverged");
  const std::vector<Circle> jacobi = circles(series_group(svg, 1), "unconverged");
  REQUIRE(sor.size() == 1);
  REQUIRE(jacobi.size() == 2);
  CHECK(count(series_group(svg, 0), "fill=\"white\"") == 1);  // hollow
  CHECK(count(series_group(svg, 1), "fill=\"white\"") == 2);
  // at their iteration counts: 5000 above every converged point of sor, 30 below jacobi's
  for (const Circle& c : circles(series_group(svg, 0), "point"))
    CHECK(sor[0].y < c.y);
  for (const Circle& c : circles(series_group(svg, 1), "point"))
    CHECK(jacobi[0].y > c.y);
  // not on the line
  const auto line = polylines(series_group(svg, 0));
  for (const auto& [x, y] : line.at(0))
    CHECK(std::abs(x - sor[0].x) > 1.0);
  // how each ended, as a tooltip
  CHECK(series_group(svg, 1).find("<title>jacobi, \u03c9 1.1: diverged, 30 iterations</title>") !=
        std::string::npos);
  const std::vector<std::string> all = texts(svg);
  CHECK(std::count(all.begin(), all.end(), "hollow: did not converge") == 1);
  CHECK(count(svg.substr(svg.find("<g font-size=\"13\">")), "class=\"unconverged\"") == 1);

  // all converged: no hollow marker, no note
  std::vector<SweepSeries> fine = sweep_sample();
  fine[0].points.pop_back();
  fine.pop_back();
  const std::string plain = render_sweep_chart(fine, options());
  CHECK(count(plain, "unconverged") == 0);
  CHECK_FALSE(has_text(plain, "hollow: did not converge"));
}

TEST_CASE("the best converged point of each series is ringed and labelled", "[sweep_chart]") {
  const std::string svg = render_sweep_chart(sweep_sample(), options());
  CHECK(has_text(svg, "\u03c9 1.7: 41 iterations"));
  // jacobi's diverged runs stopped after 30 iterations: fewer, but not converged
  CHECK(has_text(svg, "\u03c9 1: 800 iterations"));
  CHECK(count(svg, "<circle class=\"best\"") == 2);
  const std::vector<Circle> ring = circles(svg, "best");
  const std::vector<Circle> sor = circles(series_group(svg, 0), "point");
  const Circle lowest =
      *std::max_element(sor.begin(), sor.end(), [](Circle a, Circle b) { return a.y < b.y; });
  CHECK(ring[0].x == Approx(lowest.x));
  CHECK(ring[0].y == Approx(lowest.y));

  // a tie goes to the least omega; one iteration is one; none converged: no label
  const std::string tie = render_sweep_chart(
      {{"sor", {{1.3, 1, "converged"}, {0.9, 1, "converged"}, {1.1, 0, "diverged"}}},
       {"jacobi", {{1.5, 7, "diverged"}}}},
      options());
  CHECK(xml_problem(tie).empty());
  CHECK(has_text(tie, "\u03c9 0.9: 1 iteration"));
  CHECK_FALSE(has_text(tie, "\u03c9 1.3: 1 iteration"));
  CHECK(count(tie, "<circle class=\"best\"") == 1);
  CHECK(has_text(tie, "jacobi (none converged)"));
}

TEST_CASE("the iterations axis is linear from 0, or log when asked", "[sweep_chart]") {
  const std::string linear = render_sweep_chart(sweep_sample(), options());
  for (const char* label : {"0", "1000", "2000", "8000"})
    CHECK(has_text(linear, label));
  CHECK_FALSE(has_text(linear, "iterations (log scale)"));

  SweepChartOptions o = options();
  o.log_y = true;
  const std::string log = render_sweep_chart(sweep_sample(), o);
  CHECK(xml_problem(log).empty());
  CHECK(has_text(log, "iterations (log scale)"));
  for (const char* label : {"10", "100", "1000", "10000"})
    CHECK(has_text(log, label));
  CHECK_FALSE(has_text(log, "2000"));
  CHECK_FALSE(has_text(log, "0"));  // no run stopped at 0
  // equal ratios of iterations, equal distances: 41 to 410 as far as 410 to 4100
  const auto sor = circles(series_group(log, 0), "point");
  std::vector<double> iterations;
  const std::vector<SweepSeries> series = sweep_sample();
  for (const SweepPoint& p : series[0].points) {
    if (p.outcome == "converged") iterations.push_back(static_cast<double>(p.iterations));
  }
  REQUIRE(sor.size() == iterations.size());
  const double per_decade = (sor[0].y - sor[16].y) / std::log10(iterations[16] / iterations[0]);
  CHECK(per_decade > 100);  // 3 decades (10 to 10000) in 390 px
  for (std::size_t i = 1; i < sor.size(); ++i) {
    CHECK(sor[0].y - sor[i].y ==
          Approx(per_decade * std::log10(iterations[i] / iterations[0])).margin(0.02));
  }

  // a run that converged at iteration 0 (x0 = 0 already meets the tolerance) sits at "0"
  const std::string zero =
      render_sweep_chart({{"sor", {{1.0, 0, "converged"}, {1.2, 12, "converged"}}}}, o);
  CHECK(xml_problem(zero).empty());
  CHECK(has_text(zero, "0"));
  CHECK(has_text(zero, "\u03c9 1: 0 iterations"));
}

TEST_CASE("omega ticks are written as the sweep's weights are", "[sweep_chart]") {
  std::vector<SweepSeries> series{{"sor", {}}};
  for (const double w : parse_omega_list("0.5:1.5:0.1"))
    series[0].points.push_back({w, 100, "converged"});
  const std::string svg = render_sweep_chart(series, options());
  for (const char* label :
       {"0.5", "0.6", "0.7", "0.8", "0.9", "1", "1.1", "1.2", "1.3", "1.4", "1.5"})
    CHECK(has_text(svg, label));
  CHECK(svg.find("0000000") == std::string::npos);  // no 0.30000000000000004
  // one omega alone: in the middle of the axis
  const std::string one = render_sweep_chart({{"sor", {{1.25, 41, "converged"}}}}, options());
  CHECK(xml_problem(one).empty());
  const Rect frame = plot_frame(one);
  const auto point = circles(series_group(one, 0), "point");
  REQUIRE(point.size() == 1);
  CHECK(point[0].x == Approx(frame.x + frame.width / 2).margin(0.02));
  CHECK(has_text(one, "\u03c9 1.25: 41 iterations"));
}

TEST_CASE("the sweep legend keeps off the points", "[sweep_chart]") {
  for (const bool log_y : {false, true}) {
    SweepChartOptions o = options();
    o.log_y = log_y;
    const std::string svg = render_sweep_chart(sweep_sample(), o);
    const Rect legend = legend_box(svg);
    for (const char* kind : {"point", "unconverged", "best"}) {
      for (int s = 0; s < 2; ++s) {
        for (const Circle& c : circles(series_group(svg, s), kind)) {
          const bool inside = c.x > legend.x - 3 && c.x < legend.x + legend.width + 3 &&
                              c.y > legend.y - 3 && c.y < legend.y + legend.height + 3;
          CHECK_FALSE(inside);
        }
      }
    }
  }
}

TEST_CASE("a sweep legend with no free corner goes right of a narrower plot", "[sweep_chart]") {
  SweepSeries zigzag{"sor", {}};  // a line through every corner
  for (const double w : parse_omega_list("0.5:1.5:0.05"))
    zigzag.points.push_back({w, zigzag.points.size() % 2 ? 10 : 1000, "converged"});
  const std::string svg = render_sweep_chart({zigzag}, options());
  const Rect frame = plot_frame(svg), legend = legend_box(svg);
  CHECK(legend.x > frame.x + frame.width);
  CHECK(legend.x + legend.width <= 800);
  CHECK(frame.width > 0.6 * (800 - 92 - 24));
  const auto line = polylines(series_group(svg, 0));
  REQUIRE(line.size() == 1);
  CHECK(line[0].size() == 21);
  CHECK(line[0].back().first < frame.x + frame.width);
}

TEST_CASE("a sweep chart is the same bytes for the same input, every text escaped",
          "[sweep_chart]") {
  CHECK(render_sweep_chart(sweep_sample(), options()) ==
        render_sweep_chart(sweep_sample(), options()));
  SweepChartOptions o = options();
  o.title = "A & B's <matrix>";
  const std::string svg = render_sweep_chart({{"a<b & \"c\"", {{1.0, 3, "converged"}}}}, o);
  CHECK(xml_problem(svg).empty());
  CHECK(has_text(svg, "a&lt;b &amp; &quot;c&quot;"));
  CHECK(has_text(svg, "A &amp; B&apos;s &lt;matrix&gt;"));
  CHECK(svg.find("a<b") == std::string::npos);
}

TEST_CASE("a sweep chart refuses a small picture, no points and impossible points",
          "[sweep_chart]") {
  SweepChartOptions o = options();
  o.width = 319;
  CHECK(sweep_refusal(sweep_sample(), o) ==
        "omega sweep chart: 319 x 500 pixels is too small to be readable (320 x 240 at least)");
  o.width = 320;
  o.height = 239;
  CHECK(sweep_refusal(sweep_sample(), o) ==
        "omega sweep chart: 320 x 239 pixels is too small to be readable (320 x 240 at least)");
  o.height = 240;
  CHECK(xml_problem(render_sweep_chart(sweep_sample(), o)).empty());
  CHECK(sweep_refusal({}, options()) == "omega sweep chart: no points to draw");
  CHECK(sweep_refusal({{"sor", {}}, {"jacobi", {}}}, options()) ==
        "omega sweep chart: no points to draw");
  CHECK(sweep_refusal({{"sor", {{std::numeric_limits<double>::quiet_NaN(), 3, "converged"}}}},
                      options()) == "omega sweep chart: series \"sor\": omega nan is not finite");
  CHECK(sweep_refusal({{"sor", {{1.2, -1, "converged"}}}}, options()) ==
        "omega sweep chart: series \"sor\": -1 iterations at omega 1.2");
  // a series without points beside one with: drawn, and the legend says why it has no line
  const std::string svg =
      render_sweep_chart({{"sor", {{1.2, 3, "converged"}}}, {"cg", {}}}, options());
  CHECK(has_text(svg, "cg (no points)"));
  CHECK(polylines(series_group(svg, 1)).empty());
}

TEST_CASE("write_sweep_chart writes the document or names the path it cannot write",
          "[sweep_chart]") {
  const slae::test::TempDir dir;
  const std::string path = dir.path() + "/omega.svg";
  write_sweep_chart(path, sweep_sample(), options());
  CHECK(slae::test::read_text(path) == render_sweep_chart(sweep_sample(), options()));

  const std::string bad = "/nonexistent-directory/omega.svg";
  try {
    write_sweep_chart(bad, sweep_sample(), options());
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find(bad) != std::string::npos);
  }
}
