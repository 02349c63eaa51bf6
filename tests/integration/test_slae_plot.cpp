// slae-plot: two runs' --history CSVs (other matrices, other methods) drawn in one chart, read
// back from the SVG; and what it refuses.
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "process_runner.hpp"
#include "tests/support/svg_reading.hpp"
#include "tests/support/xml_check.hpp"

using namespace slae::test;

namespace {

const std::string kHeader = "method,iteration,relative_residual,factor,seconds,error\n";

// coordinator --history of one method on a shipped matrix, into dir/<file>; its path.
std::string history(const TempDir& dir, const std::string& file, const std::string& name,
                    const std::string& method) {
  const std::string path = dir.path() + "/" + file;
  const RunResult r = run({binary("coordinator"), "--matrix", matrix(name), "--method", method,
                           "--nodes", "2", "--quiet", "--history", path});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return path;
}

// The relative_residual column of a one-method history, read here on its own.
std::vector<double> residuals_in(const std::string& path) {
  std::vector<double> values;
  const std::vector<std::string> rows = lines(read_text(path));
  REQUIRE(rows.size() > 2);
  CHECK(rows[0] + "\n" == kHeader);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::stringstream cells(rows[r]);
    std::string method, k, residual;
    std::getline(cells, method, ',');
    std::getline(cells, k, ',');
    std::getline(cells, residual, ',');
    CHECK(k == std::to_string(r - 1));
    values.push_back(std::stod(residual));
  }
  return values;
}

}  // namespace

TEST_CASE("slae-plot draws two runs in one chart with their legend, title and axis labels",
          "[integration][slae-plot]") {
  TempDir dir;
  const std::string jacobi_csv = history(dir, "gr_30_30.csv", "gr_30_30.mtx", "jacobi");
  const std::string cg_csv = history(dir, "nos6.csv", "nos6.mtx", "cg");
  const std::vector<double> jacobi = residuals_in(jacobi_csv), cg = residuals_in(cg_csv);
  const std::string chart = dir.path() + "/both.svg";
  const RunResult r = run({binary("slae-plot"), jacobi_csv, cg_csv, "-o", chart, "--title",
                           "Jacobi on gr_30_30 & CG on nos6", "--tol", "1e-8"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.empty());
  const std::string svg = read_text(chart);
  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK(xml_problem(svg).empty());

  // the title, both axis labels and the legend (each file's name: one method each) as text
  CHECK(svg::has_text(svg, "Jacobi on gr_30_30 &amp; CG on nos6"));
  CHECK(svg::has_text(svg, "iteration k"));
  CHECK(svg::has_text(svg, "relative residual \u2016b \u2212 Ax\u2096\u2016 / \u2016b\u2016"));
  CHECK(svg::has_text(svg, "gr_30_30: " + std::to_string(jacobi.size() - 1) + " iterations"));
  CHECK(svg::has_text(svg, "nos6: " + std::to_string(cg.size() - 1) + " iterations"));
  CHECK(svg::has_text(svg, "tol 1e-08"));

  // one line per file, from iteration 0 to its last on the common axes
  REQUIRE(svg::count(svg, "<g class=\"series\"") == 2);
  const auto jacobi_lines = svg::polylines(svg::series_group(svg, 0));
  const auto cg_lines = svg::polylines(svg::series_group(svg, 1));
  REQUIRE(jacobi_lines.size() == 1);
  REQUIRE(cg_lines.size() == 1);
  const svg::Points& a = jacobi_lines[0];
  const svg::Points& b = cg_lines[0];
  const svg::Rect frame = svg::plot_frame(svg);
  const double k_max = static_cast<double>(std::max(jacobi.size(), cg.size()) - 1);
  const auto x_of = [&](std::size_t k) {
    return frame.x + frame.width * static_cast<double>(k) / k_max;
  };
  CHECK(a.front().first == Approx(frame.x).margin(0.01));
  CHECK(b.front().first == Approx(frame.x).margin(0.01));
  CHECK(a.back().first == Approx(x_of(jacobi.size() - 1)).margin(0.01));
  CHECK(b.back().first == Approx(x_of(cg.size() - 1)).margin(0.01));
  // y is linear in log10 of the residual, falling downwards: the scale that Jacobi's first and
  // last points give puts CG's first and last where the CSV says
  const double per_decade = (a.back().second - a.front().second) /
                            (std::log10(jacobi.front()) - std::log10(jacobi.back()));
  CHECK(per_decade > 0);
  const auto y_of = [&](double v) {
    return a.front().second + per_decade * (std::log10(jacobi.front()) - std::log10(v));
  };
  CHECK(b.front().second == Approx(y_of(cg.front())).margin(0.05));
  CHECK(b.back().second == Approx(y_of(cg.back())).margin(0.05));
}

TEST_CASE("slae-plot takes labels and a log iteration axis", "[integration][slae-plot]") {
  TempDir dir;
  const std::string a = dir.file("a.csv", kHeader + "cg,0,1,,0.1,\ncg,1,0.01,0.01,0.2,\n");
  const std::string b = dir.file("b.csv", kHeader + "jacobi,0,1,,0.1,\njacobi,1,0.5,0.5,0.2,\n" +
                                              "cg,0,1,,0.3,\ncg,1,0.1,0.1,0.4,\n");
  const std::string chart = dir.path() + "/c.svg";
  const RunResult r = run({binary("slae-plot"), a, b, "--output", chart, "--x", "log", "--labels",
                           "first, second,third"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string svg = read_text(chart);
  CHECK(xml_problem(svg).empty());
  CHECK(svg::count(svg, "<g class=\"series\"") == 3);
  for (const char* label : {"first: 1 iteration", "second: 1 iteration", "third: 1 iteration"})
    CHECK(svg::has_text(svg, label));
  CHECK(svg::has_text(svg, "iteration k (log scale)"));
  CHECK(svg::has_text(svg, "a.csv, b.csv"));  // the title without --title

  // without --labels: the file's name, and the method where a file holds two
  const RunResult defaults = run({binary("slae-plot"), a, b, "-o", chart});
  REQUIRE(defaults.exit_code == 0);
  const std::string plain = read_text(chart);
  for (const char* label : {"a: 1 iteration", "b jacobi: 1 iteration", "b cg: 1 iteration"})
    CHECK(svg::has_text(plain, label));
}

TEST_CASE("slae-plot refuses a file that is not a history and a wrong count of labels",
          "[integration][slae-plot]") {
  TempDir dir;
  const std::string good = dir.file("good.csv", kHeader + "cg,0,1,,0.1,\ncg,1,0.5,0.5,0.2,\n");
  const std::string chart = dir.path() + "/c.svg";

  // a matrix given for a history: exit 2, one line naming file:line
  const std::string mtx = matrix("gr_30_30.mtx");
  RunResult r = run({binary("slae-plot"), good, mtx, "-o", chart});
  CHECK(r.exit_code == 2);
  CHECK(lines(r.err).size() == 1);
  CHECK_THAT(r.err, Catch::StartsWith("slae-plot: " + mtx + ":1: not a history CSV"));
  CHECK(read_text(chart).empty());  // nothing written

  // a row cut short, further down
  const std::string cut = dir.file("cut.csv", kHeader + "cg,0,1,,0.1,\ncg,1,0.5\n");
  r = run({binary("slae-plot"), cut, "-o", chart});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::StartsWith("slae-plot: " + cut + ":3: the row ends before its factor"));

  // two series, one label
  r = run({binary("slae-plot"), good, good, "-o", chart, "--labels", "only"});
  CHECK(r.exit_code == 2);
  CHECK(lines(r.err).size() == 1);
  CHECK_THAT(r.err, Catch::Contains("--labels gives 1 label for 2 series"));
  CHECK(read_text(chart).empty());

  // usage: no output, an output that is no SVG, a mistyped flag, a file that is not there
  for (const std::vector<std::string>& args : {std::vector<std::string>{good},
                                               {good, "-o", dir.path() + "/c.png"},
                                               {good, "-o", chart, "--lables", "a"},
                                               {dir.path() + "/missing.csv", "-o", chart}}) {
    std::vector<std::string> argv = {binary("slae-plot")};
    argv.insert(argv.end(), args.begin(), args.end());
    r = run(argv);
    CAPTURE(args);
    CHECK(r.exit_code == 2);
    CHECK(lines(r.err).size() == 1);
  }
  CHECK_THAT(run({binary("slae-plot"), good, "-o", chart, "--lables", "a"}).err,
             Catch::Contains("did you mean --labels?"));

  // a chart that cannot be written: exit 1
  r = run({binary("slae-plot"), good, "-o", dir.path() + "/no-such-directory/c.svg"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::StartsWith("slae-plot: ") && Catch::Contains("no-such-directory"));
}

TEST_CASE("slae-plot's help shows an example", "[integration][slae-plot]") {
  const RunResult r = run({binary("slae-plot"), "--help"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Examples:") && Catch::Contains("slae-plot ") &&
                        Catch::Contains("--labels") && Catch::Contains("Exit codes:"));
}
