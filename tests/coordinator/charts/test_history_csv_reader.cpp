#include "coordinator/charts/history_csv_reader.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "coordinator/outputs/history_csv.hpp"
#include "solver/input_error.hpp"
#include "tests/support/temp_files.hpp"

using slae::InputError;
using slae::coordinator::HistorySeries;
using slae::coordinator::MethodRun;
using slae::coordinator::parse_history_csv;
using slae::coordinator::read_history_csv;
using slae::coordinator::SolveMethod;

namespace {

constexpr const char* kHeader = "method,iteration,relative_residual,factor,seconds,error\n";

MethodRun reader_run(SolveMethod method, double omega, std::vector<double> history) {
  MethodRun run;
  run.method = method;
  run.omega = omega;
  run.result.residual_history = std::move(history);
  for (std::size_t k = 0; k < run.result.residual_history.size(); ++k)
    run.result.seconds_history.push_back(0.25 * static_cast<double>(k));
  return run;
}

// The message parse_history_csv refuses `rows` (after the header) with.
std::string csv_refusal(const std::string& rows) {
  try {
    parse_history_csv(kHeader + rows, "h.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "accepted";
}

// Identical values, NaN equal to NaN.
bool same(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (!(a[k] == b[k] || (std::isnan(a[k]) && std::isnan(b[k])))) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("what history_csv writes reads back as the same residuals, one series per method",
          "[history-reader]") {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<MethodRun> runs = {
      reader_run(SolveMethod::jacobi, 0.8, {1.0, 0.1 + 0.2, 0.0, 4.9e-324, 1e300, inf}),
      reader_run(SolveMethod::cg, 1.0, {1.0, nan, -nan, 1e-12}),
      reader_run(SolveMethod::jacobi, 1.0, {1.0})};
  runs[1].error_history = {1.0, 0.5, nan, 1e-13};  // the error column, partly empty
  const std::vector<HistorySeries> series =
      parse_history_csv(slae::coordinator::history_csv(runs), "h.csv");
  REQUIRE(series.size() == 3);
  CHECK(series[0].method == "jacobi (omega 0.8)");
  CHECK(series[1].method == "cg");
  CHECK(series[2].method == "jacobi");
  for (std::size_t s = 0; s < runs.size(); ++s)
    CHECK(same(series[s].residuals, runs[s].result.residual_history));
}

TEST_CASE("a history CSV of a header alone holds no methods", "[history-reader]") {
  CHECK(parse_history_csv(kHeader, "h.csv").empty());
  CHECK(parse_history_csv(slae::coordinator::history_csv({}), "h.csv").empty());
}

TEST_CASE("a history CSV saved by a spreadsheet, with CRLF and a byte order mark, reads the same",
          "[history-reader]") {
  const auto series = parse_history_csv(
      "\xEF\xBB\xBFmethod,iteration,relative_residual,factor,seconds,error\r\n"
      "cg,0,1,,0.000001,\r\ncg,1,0.5,0.5,0.000002,\r\n",
      "h.csv");
  REQUIRE(series.size() == 1);
  CHECK(series[0].residuals == std::vector<double>{1.0, 0.5});
}

TEST_CASE("a file that is not a history CSV is refused at its first line", "[history-reader]") {
  CHECK_THROWS_WITH(parse_history_csv("", "h.csv"),
                    Catch::StartsWith("h.csv:1: empty; a history CSV starts with method,"));
  CHECK_THROWS_WITH(
      parse_history_csv("%%MatrixMarket matrix coordinate real general\n3 3 1\n", "A.mtx"),
      Catch::StartsWith("A.mtx:1: not a history CSV: the header is '%%MatrixMarket") &&
          Catch::EndsWith("', not method,iteration,relative_residual,factor,seconds,error"));
  // the columns must be the writer's, in its order
  CHECK_THROWS_WITH(parse_history_csv("method,iteration,relative_residual\n", "h.csv"),
                    Catch::StartsWith("h.csv:1: not a history CSV"));
  // bytes that are no text are quoted escaped, on one line
  CHECK_THROWS_WITH(parse_history_csv(std::string("\x7f"
                                                  "ELF\x02\x01\x01\0\0",
                                                  9),
                                      "a.out"),
                    Catch::StartsWith("a.out:1: not a history CSV: the header is '\\x7fELF\\x02"));
}

TEST_CASE("a history CSV row with a missing or extra column is refused naming its line",
          "[history-reader]") {
  CHECK(csv_refusal("cg,0,1,,0.1,\ncg,1,0.5,0.5,0.2\n") ==
        "h.csv:3: the row ends before its error column: 5 of the 6 fields "
        "(method,iteration,relative_residual,factor,seconds,error)");
  CHECK(csv_refusal("cg,0\n") ==
        "h.csv:2: the row ends before its relative_residual column: 2 of "
        "the 6 fields (method,iteration,relative_residual,factor,seconds,"
        "error)");
  CHECK(csv_refusal("cg,0,1,,0.1,,7\n") == "h.csv:2: the row has 7 fields, the header 6");
  CHECK(csv_refusal("cg,0,1,,0.1,\n\ncg,1,0.5,0.5,0.2,\n") ==
        "h.csv:3: an empty line; a history has one row per iteration");
}

TEST_CASE("a history CSV field that is not a number is refused naming its column",
          "[history-reader]") {
  CHECK(csv_refusal("cg,0,abc,,0.1,\n") == "h.csv:2: relative_residual 'abc' is not a number");
  CHECK(csv_refusal("cg,0,,,0.1,\n") == "h.csv:2: relative_residual is empty");
  CHECK(csv_refusal("cg,0,1,,0.1,\ncg,1,0.5,0.5x,0.2,\n") ==
        "h.csv:3: factor '0.5x' is not a number");
  CHECK(csv_refusal("cg,0,1,,soon,\n") == "h.csv:2: seconds 'soon' is not a number");
  CHECK(csv_refusal("cg,0,1,,0.1,-0.5\n") == "h.csv:2: error '-0.5' is negative");
  CHECK(csv_refusal("cg,0,-inf,,0.1,\n") == "h.csv:2: relative_residual '-inf' is negative");
  CHECK(csv_refusal("cg,0,1e999,,0.1,\n") ==
        "h.csv:2: relative_residual '1e999' is beyond the range of a double");
  CHECK(csv_refusal("cg,1.5,1,,0.1,\n") == "h.csv:2: iteration '1.5' is not a whole number >= 0");
  CHECK(csv_refusal("cg,-1,1,,0.1,\n") == "h.csv:2: iteration '-1' is not a whole number >= 0");
  CHECK(csv_refusal(",0,1,,0.1,\n") == "h.csv:2: the method is empty");
}

TEST_CASE("history CSV iterations out of order are refused naming the line", "[history-reader]") {
  CHECK(csv_refusal("cg,1,1,,0.1,\n") == "h.csv:2: the first row of cg is iteration 1, not 0");
  CHECK(csv_refusal("cg,0,1,,0.1,\ncg,1,0.5,0.5,0.2,\ncg,3,0.2,0.4,0.3,\n") ==
        "h.csv:4: iteration 3 of cg follows iteration 1; expected 2");
  CHECK(csv_refusal("cg,0,1,,0.1,\ncg,0,1,,0.1,\n") ==
        "h.csv:3: iteration 0 of cg follows iteration 0; expected 1");
  CHECK(csv_refusal("cg,0,1,,0.1,\njacobi,0,1,,0.1,\ncg,0,1,,0.1,\n") ==
        "h.csv:4: rows of cg again, after those of jacobi: each method's rows come together");
}

TEST_CASE("read_history_csv reads a file or names the path it cannot read", "[history-reader]") {
  slae::test::TempDir dir;
  const std::string path = dir.file("run.csv", std::string(kHeader) + "cg,0,1,,0.1,\n");
  const auto series = read_history_csv(path);
  REQUIRE(series.size() == 1);
  CHECK(series[0].residuals == std::vector<double>{1.0});
  CHECK_THROWS_WITH(read_history_csv(dir.path() + "/missing.csv"),
                    Catch::EndsWith("/missing.csv: cannot open: No such file or directory"));
  CHECK_THROWS_AS(read_history_csv(dir.path()), InputError);  // a directory
  CHECK_THROWS_WITH(read_history_csv(dir.file("bad.csv", "x,y\n")),
                    Catch::Contains("/bad.csv:1: not a history CSV"));
}
