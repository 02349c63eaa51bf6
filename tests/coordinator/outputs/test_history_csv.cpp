#include "coordinator/outputs/history_csv.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "tests/support/text_lines.hpp"

using slae::coordinator::history_csv;
using slae::coordinator::MethodRun;
using slae::coordinator::SolveMethod;

namespace {

MethodRun history_run(SolveMethod method, double omega, std::vector<double> history) {
  MethodRun run;
  run.method = method;
  run.omega = omega;
  run.result.residual_history = std::move(history);
  for (std::size_t k = 0; k < run.result.residual_history.size(); ++k)
    run.result.seconds_history.push_back(0.001 * static_cast<double>(k));
  return run;
}

}  // namespace

TEST_CASE("the history has a header and one row per iteration, factor empty at k = 0",
          "[history]") {
  const auto rows =
      slae::test::lines(history_csv({history_run(SolveMethod::jacobi, 1.0, {1.0, 0.5, 0.125})}));
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == "method,iteration,relative_residual,factor,seconds,error");
  CHECK(rows[1] == "jacobi,0,1,,0.000000,");  // no exact solution known: no error
  CHECK(rows[2] == "jacobi,1,0.5,0.5,0.001000,");
  CHECK(rows[3] == "jacobi,2,0.125,0.25,0.002000,");
}

TEST_CASE("with the exact solution known every row carries the error", "[history]") {
  MethodRun run = history_run(SolveMethod::cg, 1.0, {1.0, 0.5, 0.125});
  run.error_history = {1.0, 0.25, std::nan("")};  // unknown for the last one
  const auto rows = slae::test::lines(history_csv({run}));
  REQUIRE(rows.size() == 4);
  CHECK(rows[1] == "cg,0,1,,0.000000,1");
  CHECK(rows[2] == "cg,1,0.5,0.5,0.001000,0.25");
  CHECK(rows[3] == "cg,2,0.125,0.25,0.002000,");
}

TEST_CASE("methods follow one another, each labelled as in the chart", "[history]") {
  const auto rows =
      slae::test::lines(history_csv({history_run(SolveMethod::jacobi, 0.8, {1.0, 0.9}),
                                     history_run(SolveMethod::cg, 1.0, {1.0, 1e-3})}));
  REQUIRE(rows.size() == 5);
  CHECK(rows[1].rfind("jacobi (omega 0.8),0,", 0) == 0);
  CHECK(rows[2].rfind("jacobi (omega 0.8),1,0.90000000000000002,0.90000000000000002,", 0) == 0);
  CHECK(rows[3].rfind("cg,0,1,,", 0) == 0);  // the iteration count starts again
  CHECK(rows[4].rfind("cg,1,0.001,0.001,", 0) == 0);
}

TEST_CASE("residuals read back as the same doubles, a zero before leaves the factor empty",
          "[history]") {
  const double awkward = 0.1 + 0.2;  // needs all 17 digits
  const auto rows =
      slae::test::lines(history_csv({history_run(SolveMethod::jacobi, 1.0, {0.0, awkward})}));
  REQUIRE(rows.size() == 3);
  std::stringstream cells(rows[2]);
  std::string method, k, residual, factor;
  std::getline(cells, method, ',');
  std::getline(cells, k, ',');
  std::getline(cells, residual, ',');
  std::getline(cells, factor, ',');
  CHECK(std::stod(residual) == awkward);
  CHECK(factor.empty());  // ||r_1|| / 0 is no factor
}

TEST_CASE("a diverging run writes inf and nan as most tools read them", "[history]") {
  const double inf = std::numeric_limits<double>::infinity();
  const auto rows =
      slae::test::lines(history_csv({history_run(SolveMethod::jacobi, 1.0, {1.0, inf})}));
  REQUIRE(rows.size() == 3);
  CHECK(rows[2].rfind("jacobi,1,inf,inf,", 0) == 0);
}

TEST_CASE("write_history_csv writes the file or names the path it cannot write", "[history]") {
  const std::vector<MethodRun> runs = {history_run(SolveMethod::cg, 1.0, {1.0, 0.5})};
  const std::string path = "/nonexistent-directory/h.csv";
  CHECK_THROWS_WITH(slae::coordinator::write_history_csv(path, runs), Catch::Contains(path));
}
