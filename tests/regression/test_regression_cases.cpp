#include "tests/regression/regression_cases.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/support/temp_files.hpp"

using slae::test::parse_regression_cases;

namespace {
const std::string kRoot = SLAE_SOURCE_DIR;
const std::string kSuite = kRoot + "/tests/regression";
}  // namespace

TEST_CASE("cases.txt lines become cases with their ids", "[regression-cases]") {
  const auto parsed = parse_regression_cases(
      "# a comment\n\nmatrices/gr_30_30.mtx jacobi\nmatrices/gr_30_30.mtx  jacobi 1.2\n"
      "matrices/tridiagonal_A.mm cg\n",
      kSuite, kRoot);
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
      kSuite, kRoot);
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

TEST_CASE(
    "a relative path names the suite's file or else the repository's and refuses a file in both",
    "[regression-cases]") {
  slae::test::TempDir suite;
  const std::string matrix = "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 2\n";
  suite.file("own.mtx", matrix);
  std::filesystem::create_directories(suite.path() + "/matrices");
  suite.file("matrices/nos1.mtx", matrix);
  const auto parsed = parse_regression_cases("own.mtx jacobi\nmatrices/gr_30_30.mtx jacobi\n" +
                                                 kRoot + "/matrices/LFAT5.mtx cg\n" +
                                                 "matrices/nos1.mtx cg\n/no/such.mtx cg\n",
                                             suite.path(), kRoot);
  REQUIRE(parsed.cases.size() == 3);
  CHECK(parsed.cases[0].matrix_path == suite.path() + "/own.mtx");
  CHECK(parsed.cases[0].id == "own.jacobi");
  CHECK(parsed.cases[1].matrix_path == kRoot + "/matrices/gr_30_30.mtx");
  CHECK(parsed.cases[1].matrix == "matrices/gr_30_30.mtx");
  CHECK(parsed.cases[2].matrix_path == kRoot + "/matrices/LFAT5.mtx");
  CHECK(parsed.cases[2].id == "LFAT5.cg");
  REQUIRE(parsed.problems.size() == 2);
  CHECK(parsed.problems[0] == "cases.txt:4: matrices/nos1.mtx is both " + suite.path() +
                                  "/matrices/nos1.mtx and the repository's: give one another " +
                                  "name (or write an absolute path)");
  CHECK(parsed.problems[1] == "cases.txt:5: no file /no/such.mtx");
}

TEST_CASE("the shipped cases.txt is all good", "[regression-cases]") {
  std::ifstream in(kRoot + "/tests/regression/cases.txt");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto parsed = parse_regression_cases(text, kSuite, kRoot);
  CHECK(parsed.problems.empty());
  CHECK(parsed.cases.size() >= 48);
}
