#include "tests/regression/regression_cases.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

using slae::test::parse_regression_cases;

namespace {
const std::string kRoot = SLAE_SOURCE_DIR;
}

TEST_CASE("cases.txt lines become cases with their ids", "[regression-cases]") {
  const auto parsed = parse_regression_cases(
      "# a comment\n\nmatrices/gr_30_30.mtx jacobi\nmatrices/gr_30_30.mtx  jacobi 1.2\n"
      "matrices/tridiagonal_A.mm cg\n",
      kRoot);
  CHECK(parsed.problems.empty());
  REQUIRE(parsed.cases.size() == 3);
  CHECK(parsed.cases[0].id == "gr_30_30.jacobi");
  CHECK(parsed.cases[1].id == "gr_30_30.jacobi.omega1.2");
  CHECK(parsed.cases[1].line == 4);
  CHECK(parsed.cases[2].id == "tridiagonal_A.cg");
}

TEST_CASE("a line with a missing file, a misspelt method or a bad weight is refused",
          "[regression-cases]") {
  const auto parsed = parse_regression_cases(
      "matrices/no-such.mtx jacobi\nmatrices/gr_30_30.mtx jacobbi\n"
      "matrices/gr_30_30.mtx jacobi 2.5\nmatrices/gr_30_30.mtx cg 0.8\n"
      "matrices/gr_30_30.mtx jacobi 1.2 extra\nmatrices/gr_30_30.mtx jacobi\n"
      "matrices/gr_30_30.mtx jacobi\nmatrices/gr_30_30.mtx sor\n"
      "matrices/gr_30_30.mtx sor 1.5\nmatrices/gr_30_30.mtx gauss-seidel\n",
      kRoot);
  CHECK(parsed.cases.size() == 3);
  REQUIRE(parsed.problems.size() == 7);
  CHECK(parsed.problems[0] == "cases.txt:1: no file matrices/no-such.mtx");
  CHECK(parsed.problems[1] ==
        "cases.txt:2: 'jacobbi' is not a method (jacobi, gauss-seidel, sor or cg)");
  CHECK_THAT(parsed.problems[2], Catch::StartsWith("cases.txt:3: '2.5' is not a weight"));
  CHECK_THAT(parsed.problems[3], Catch::StartsWith("cases.txt:4: '0.8' is not a weight"));
  CHECK_THAT(parsed.problems[4], Catch::StartsWith("cases.txt:5: unexpected 'extra'"));
  CHECK_THAT(parsed.problems[5],
             Catch::StartsWith("cases.txt:7: case gr_30_30.jacobi is listed twice"));
  CHECK(parsed.problems[6] == "cases.txt:8: sor needs its weight");
  CHECK(parsed.cases[1].id == "gr_30_30.sor.omega1.5");
  CHECK(parsed.cases[2].id == "gr_30_30.gauss-seidel");
}

TEST_CASE("the shipped cases.txt is all good", "[regression-cases]") {
  std::ifstream in(kRoot + "/tests/regression/cases.txt");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto parsed = parse_regression_cases(text, kRoot);
  CHECK(parsed.problems.empty());
  CHECK(parsed.cases.size() >= 48);
}
