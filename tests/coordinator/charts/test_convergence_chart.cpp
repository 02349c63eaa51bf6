#include "coordinator/charts/convergence_chart.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tests/coordinator/charts/chart_samples.hpp"
#include "tests/support/svg_reading.hpp"
#include "tests/support/xml_check.hpp"

using slae::coordinator::ChartOptions;
using slae::coordinator::ChartSeries;
using slae::coordinator::render_convergence_chart;
using slae::coordinator::write_convergence_chart;
using slae::test::xml_problem;
using namespace slae::test::svg;
using slae::test::chart_options;
using slae::test::geometric;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// "10" followed by the exponent as the chart writes it (U+2212 for the minus sign).
std::string power_label(int d) {
  return "10" + (d < 0 ? "\u2212" + std::to_string(-d) : std::to_string(d));
}

}  // namespace

TEST_CASE("a chart is a well-formed SVG document with its titles and legend", "[chart]") {
  const std::string svg = render_convergence_chart(
      {{"jacobi", geometric(1.0, 0.9, 200)}, {"cg", geometric(1.0, 0.5, 30)}}, chart_options());
  INFO(svg.substr(0, 600));
  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"500\"") !=
        std::string::npos);
  CHECK(xml_problem(svg).empty());
  CHECK(svg.find("fill=\"white\"") != std::string::npos);
  CHECK(has_text(svg, "gr_30_30.mtx: 900 rows, 7744 non-zeros, 2 nodes"));
  CHECK(has_text(svg, "sweeps"));
  CHECK(has_text(svg, "residual"));
  CHECK(svg.find("rotate(-90)\" text-anchor=\"middle\" font-size=\"14.00\">residual</text>") !=
        std::string::npos);
  CHECK(has_text(svg, "jacobi"));
  CHECK(has_text(svg, "cg"));
  CHECK(count(svg, "<g class=\"series\"") == 2);
  CHECK(count(svg, "<polyline") == 2);
  // the two series in different colours
  CHECK(series_group(svg, 0).find("#0072B2") != std::string::npos);
  CHECK(series_group(svg, 1).find("#D55E00") != std::string::npos);
}

TEST_CASE("the same input gives the same bytes, numbers with two decimals", "[chart]") {
  const std::vector<ChartSeries> series = {{"jacobi", geometric(0.7, 0.97, 3000)},
                                           {"cg", {1.0, kNaN, 0.5}}};
  const std::string svg = render_convergence_chart(series, chart_options(1e-8));
  CHECK(svg == render_convergence_chart(series, chart_options(1e-8)));
  // every coordinate is digits, a point and two digits: no locale's comma, no exponent
  const auto two_decimals = [](const std::string& n) {  // -?[0-9]+\.[0-9][0-9]
    const std::string digits = n.substr(!n.empty() && n[0] == '-' ? 1 : 0);
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    return digits.size() >= 4 && digits[digits.size() - 3] == '.' &&
           std::all_of(digits.begin(), digits.end() - 3, is_digit) &&
           std::all_of(digits.end() - 2, digits.end(), is_digit);
  };
  std::size_t checked = 0;
  const std::size_t root_end = svg.find('>', svg.find("<svg"));
  for (const std::string name : {" x=\"", " y=\"", " x2=\"", " height=\"", " points=\""}) {
    for (std::size_t at = svg.find(name); at != std::string::npos; at = svg.find(name, at + 1)) {
      const std::size_t start = at + name.size();
      std::string value = svg.substr(start, svg.find('"', start) - start);
      if (at < root_end || value == "100%") continue;  // the picture's size, the background
      std::replace(value.begin(), value.end(), ',', ' ');
      std::istringstream numbers(value);
      for (std::string n; numbers >> n; ++checked) {
        INFO(name << value);
        CHECK(two_decimals(n));
      }
    }
  }
  CHECK(checked > 100);
}

TEST_CASE("the y axis labels every decade of the data", "[chart]") {
  // 1 .. 1e-8 exactly: decades 10^0 .. 10^-8 and no more
  const std::string svg =
      render_convergence_chart({{"jacobi", geometric(1.0, 0.1, 9)}}, chart_options());
  for (int d = -8; d <= 0; ++d) {
    INFO("decade " << d);
    CHECK(has_text(svg, power_label(d)));
  }
  CHECK_FALSE(has_text(svg, power_label(-9)));
  CHECK_FALSE(has_text(svg, power_label(1)));
  // the exponent is raised (a tspan), and each labelled decade has a grid line
  CHECK(count(svg, "10<tspan dy=\"-7\"") == 9);
  CHECK(count(svg, "stroke=\"#e4e4e4\"") == 9);
}

TEST_CASE("a huge y range is labelled at no more than about ten decades", "[chart]") {
  const std::string svg =
      render_convergence_chart({{"wild", {1e300, 1.0, 1e-300}}}, chart_options());
  CHECK(xml_problem(svg).empty());
  const std::size_t labels = count(svg, "10<tspan");
  CHECK(labels >= 3);
  CHECK(labels <= 11);
  CHECK(has_text(svg, power_label(300)));
  CHECK(has_text(svg, power_label(0)));
  CHECK(has_text(svg, power_label(-300)));
  CHECK_FALSE(has_text(svg, power_label(-299)));
}

TEST_CASE("equal values and extreme magnitudes still give a valid range", "[chart]") {
  for (const double v : {1.0, 0.5, 1e-320, 1.7e308}) {
    INFO("value " << v);
    const std::string svg = render_convergence_chart({{"flat", {v, v, v}}}, chart_options());
    CHECK(xml_problem(svg).empty());
    CHECK(svg.find("nan") == std::string::npos);
    CHECK(svg.find("inf") == std::string::npos);
    const auto lines = polylines(series_group(svg, 0));
    REQUIRE(lines.size() == 1);
    REQUIRE(lines[0].size() >= 2);
    CHECK(lines[0].front().second == lines[0].back().second);
    CHECK(count(svg, "10<tspan") >= 2);
  }
}

TEST_CASE("x ticks are 1-2-5 steps from 0 to the last iteration", "[chart]") {
  const std::string svg = render_convergence_chart(
      {{"jacobi", geometric(1.0, 0.99, 2000)}, {"cg", geometric(1.0, 0.5, 60)}}, chart_options());
  for (const char* k : {"0", "500", "1000", "1500"})
    CHECK(has_text(svg, k));
  CHECK_FALSE(has_text(svg, "2000"));
  CHECK_FALSE(has_text(svg, "250"));

  SECTION("one iteration or none") {
    for (const std::vector<double>& values : {std::vector<double>{0.5}, std::vector<double>{}}) {
      const std::string one = render_convergence_chart({{"cg", values}}, chart_options());
      CHECK(xml_problem(one).empty());
      CHECK(has_text(one, "0"));
      CHECK(has_text(one, "1"));
    }
  }
}

TEST_CASE("the tolerance is a dashed labelled line only when asked for", "[chart]") {
  const std::vector<ChartSeries> series = {{"jacobi", geometric(1.0, 0.5, 20)}};
  const std::string with = render_convergence_chart(series, chart_options(1e-8));
  CHECK(count(with, "stroke-dasharray") == 1);
  CHECK(has_text(with, "tol 1e-08"));
  // the tolerance is inside the y range even though the data stops above it
  CHECK(has_text(with, power_label(-9)));
  const std::string without = render_convergence_chart(series, chart_options(0.0));
  CHECK(count(without, "stroke-dasharray") == 0);
  CHECK(without.find("tol ") == std::string::npos);
}

TEST_CASE("values <= 0 and NaN break the line", "[chart]") {
  const std::string svg = render_convergence_chart(
      {{"gappy", {1, 0.5, kNaN, 0.1, 0.05, 0.0, -1.0, 0.01, 0.005}}}, chart_options());
  CHECK(xml_problem(svg).empty());
  const auto lines = polylines(series_group(svg, 0));
  REQUIRE(lines.size() == 3);
  for (const Points& run : lines)
    CHECK(run.size() == 2);
  // each run starts right of where the previous one ended
  CHECK(lines[1].front().first > lines[0].back().first);
  CHECK(lines[2].front().first > lines[1].back().first);

  SECTION("a value between two gaps is a dot: a zero-length line with a wide round cap") {
    const std::string dot = render_convergence_chart({{"dot", {kNaN, 0.1, 0.0}}}, chart_options());
    const std::string group = series_group(dot, 0);
    CHECK(group.find("stroke-linecap=\"round\"") != std::string::npos);
    const auto dots = polylines(group);
    REQUIRE(dots.size() == 1);
    REQUIRE(dots[0].size() == 2);
    CHECK(dots[0][0] == dots[0][1]);
    CHECK(group.find("<polyline stroke-width=\"5\"") != std::string::npos);
  }
}

TEST_CASE("+Inf is drawn on the top edge of the plot", "[chart]") {
  // the second series, at the top decade, shows where the top edge is
  const std::string svg = render_convergence_chart(
      {{"diverged", {1.0, 1e-2, 5.0, kInf}}, {"top", {10.0, 10.0}}}, chart_options());
  CHECK(xml_problem(svg).empty());
  CHECK(svg.find("inf") == std::string::npos);
  const auto diverged = polylines(series_group(svg, 0));
  const auto top = polylines(series_group(svg, 1));
  REQUIRE(diverged.size() == 1);
  REQUIRE(diverged[0].size() == 4);
  REQUIRE(top.size() == 1);
  CHECK(diverged[0].back().second == top[0].front().second);
  CHECK(diverged[0][2].second > diverged[0].back().second);  // 5 is below the edge
  CHECK(has_text(svg, power_label(1)));                      // the range comes from finite values
  CHECK_FALSE(has_text(svg, power_label(2)));
}

TEST_CASE("series without drawable values stay in the legend", "[chart]") {
  const std::string svg = render_convergence_chart(
      {{"cg", geometric(1.0, 0.5, 10)}, {"empty", {}}, {"broken", {kNaN, 0.0}}}, chart_options());
  CHECK(xml_problem(svg).empty());
  CHECK(has_text(svg, "empty (no data)"));
  CHECK(has_text(svg, "broken (no data)"));
  CHECK(count(svg, "<polyline") == 1);
  CHECK(svg.find("no data</text>") == std::string::npos);  // there is data on the chart
}

TEST_CASE("no data at all gives axes and a note, not a crash", "[chart]") {
  for (const std::vector<ChartSeries>& series :
       {std::vector<ChartSeries>{}, std::vector<ChartSeries>{{"nothing", {kNaN, -1.0}}}}) {
    const std::string svg = render_convergence_chart(series, chart_options(1e-8));
    CHECK(xml_problem(svg).empty());
    CHECK(has_text(svg, "no data"));
    CHECK(has_text(svg, "sweeps"));
    CHECK(has_text(svg, "residual"));
    CHECK(count(svg, "<polyline") == 0);
    CHECK(count(svg, "10<tspan") >= 2);
  }
}

TEST_CASE("a long history is thinned to a few points per pixel, spikes kept", "[chart]") {
  std::vector<double> values = geometric(1e-3, 1.0, 100000);
  for (std::size_t k = 0; k < values.size(); ++k)
    values[k] *= 1.0 + 0.3 * std::sin(0.37 * static_cast<double>(k));  // noise in every column
  values[54321] = 1.0;                                                 // one spike
  // a gap in the middle of a pixel column, after a value inside that column's range: only the
  // keep-the-last-point rule keeps it
  values[59999] = 1e-3;
  values[60000] = kNaN;
  const ChartOptions o = chart_options();
  // reference lines at 1 and at 1e-3 show the heights the spike and the last point must reach
  const std::string svg =
      render_convergence_chart({{"long", values}, {"top", {1.0, 1.0}}, {"1e-3", {1e-3, 1e-3}}}, o);
  CHECK(xml_problem(svg).empty());
  const auto lines = polylines(series_group(svg, 0));
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].size() + lines[1].size() <= 3 * static_cast<std::size_t>(o.width));
  CHECK(lines[0].size() + lines[1].size() > 600);  // still about one column per pixel
  double highest = lines[0].front().second;
  for (const auto& p : lines[0])
    highest = std::min(highest, p.second);
  CHECK(highest == polylines(series_group(svg, 1))[0].front().second);
  // the last point before the gap is kept, next to the first one after it
  CHECK(lines[0].back().second == polylines(series_group(svg, 2))[0].front().second);
  CHECK(lines[1].front().first - lines[0].back().first == Approx(0.0).margin(0.03));
  // and the series' last point is the rightmost
  for (const auto& p : lines[1])
    CHECK(p.first <= lines[1].back().first);
}

TEST_CASE("every text is XML-escaped", "[chart]") {
  ChartOptions o = chart_options(1e-6);
  o.title = "A & B's <matrix>";
  o.x_label = "k < 10";
  const std::string svg = render_convergence_chart({{"a<b & \"c\"", {1.0, 0.1}}}, o);
  CHECK(xml_problem(svg).empty());
  CHECK(has_text(svg, "a&lt;b &amp; &quot;c&quot;"));
  CHECK(has_text(svg, "A &amp; B&apos;s &lt;matrix&gt;"));
  CHECK(has_text(svg, "k &lt; 10"));
  CHECK(svg.find("a<b") == std::string::npos);

  SECTION("control characters and malformed UTF-8 cannot break the document") {
    o.title = std::string("bad\x01name\xff\xc3(") + "\xed\xa0\x80 \xe2\x80\x96ok\xe2\x80\x96";
    const std::string bad = render_convergence_chart({}, o);
    CHECK(xml_problem(bad).empty());
    CHECK(bad.find('\x01') == std::string::npos);
    CHECK(bad.find('\xff') == std::string::npos);
    CHECK(has_text(bad, "bad\uFFFDname\uFFFD\uFFFD(\uFFFD\uFFFD\uFFFD \u2016ok\u2016"));
  }
}

TEST_CASE("colours cycle through the palette for many series", "[chart]") {
  std::vector<ChartSeries> series;
  for (int s = 0; s < 9; ++s)
    series.push_back(
        {std::string("s").append(std::to_string(s)), geometric(1.0, 0.5 + 0.05 * s, 20)});
  const std::string svg = render_convergence_chart(series, chart_options());
  const auto colour = [&](int s) {
    const std::string g = series_group(svg, s);
    const std::size_t at = g.find("stroke=\"#") + 8;
    return g.substr(at, 7);
  };
  for (int a = 0; a < 7; ++a) {
    for (int b = a + 1; b < 7; ++b)
      CHECK(colour(a) != colour(b));
  }
  CHECK(colour(7) == colour(0));
  CHECK(colour(8) == colour(1));
  for (int s = 0; s < 9; ++s)
    CHECK(has_text(svg, std::string("s").append(std::to_string(s))));
}

TEST_CASE("a picture too small for the axes is refused", "[chart]") {
  ChartOptions o = chart_options();
  o.width = 319;
  CHECK_THROWS_AS(render_convergence_chart({}, o), std::invalid_argument);
  o.width = 320;
  o.height = 240;
  CHECK(xml_problem(render_convergence_chart({{"cg", {1.0, 0.1}}}, o)).empty());
}

TEST_CASE("write_convergence_chart writes the document or names the path it cannot write",
          "[chart]") {
  const std::vector<ChartSeries> series = {{"cg", geometric(1.0, 0.5, 10)}};
  const std::string path = "/tmp/slae_test_convergence_chart.svg";
  write_convergence_chart(path, series, chart_options());
  std::ifstream in(path, std::ios::binary);
  const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(written == render_convergence_chart(series, chart_options()));
  std::remove(path.c_str());

  const std::string bad = "/nonexistent-directory/chart.svg";
  try {
    write_convergence_chart(bad, series, chart_options());
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find(bad) != std::string::npos);
  }
}

TEST_CASE("a line of few iterations shows its points, a long one does not", "[chart]") {
  const std::string alone =
      render_convergence_chart({{"cg", geometric(1.0, 0.5, 12)}}, chart_options());
  CHECK(count(series_group(alone, 0), "<circle class=\"point\"") == 12);
  const std::string both = render_convergence_chart(
      {{"cg", geometric(1.0, 0.5, 12)}, {"jacobi", geometric(1.0, 0.999, 3000)}}, chart_options());
  CHECK(count(series_group(both, 1), "<circle") == 0);
}

TEST_CASE("a log iteration axis keeps a short line readable beside a long one", "[chart]") {
  ChartOptions o = chart_options();
  o.log_x = true;
  const std::string svg = render_convergence_chart(
      {{"jacobi", geometric(1.0, 0.99, 2000)}, {"cg", geometric(1.0, 0.5, 41)}}, o);
  CHECK(xml_problem(svg).empty());
  CHECK(has_text(svg, "sweeps (log scale)"));
  // decades from the first iteration drawn, 1, at the left edge: a log scale has no place for 0
  CHECK(x_tick_labels(svg) == std::vector<std::string>{"1", "10", "100", "1000"});
  const Rect frame = plot_frame(svg);
  const auto cg = polylines(series_group(svg, 1));
  REQUIRE(cg.size() == 1);
  CHECK(cg[0].front().first == Approx(frame.x));
  // k = 40 of 1999 sits at log10 40 / log10 1999 = 0.49 of the width (a linear axis would put
  // it at 2%)
  CHECK(cg[0].back().first - frame.x ==
        Approx(std::log10(40) / std::log10(1999) * frame.width).margin(0.01));
  for (std::size_t i = 1; i < cg[0].size(); ++i)
    CHECK(cg[0][i].first > cg[0][i - 1].first);
}
