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

TEST_CASE("options set b, the tolerance, max-iter and the node count, each in the case id",
          "[regression-cases]") {
  const auto parsed = parse_regression_cases(
      "matrices/Trefethen_20b.mtx cg rhs=matrices/Trefethen_20b_b.mtx tol=1e-12 nodes=3\n"
      "matrices/gr_30_30.mtx jacobi 1.2 max-iter=50\n"
      "matrices/gr_30_30.mtx jacobi max-iter=50 nodes=1\n"
      "matrices/gr_30_30.mtx jacobi\n"
      "matrices/gr_30_30.mtx jacobi nodes=1 max-iter=50\n",
      kSuite, kRoot);
  REQUIRE(parsed.cases.size() == 4);
  const auto& with_b = parsed.cases[0];
  CHECK(with_b.id == "Trefethen_20b.cg.rhsTrefethen_20b_b.tol1e-12.nodes3");
  CHECK(with_b.rhs == "matrices/Trefethen_20b_b.mtx");
  CHECK(with_b.rhs_path == kRoot + "/matrices/Trefethen_20b_b.mtx");
  CHECK(with_b.tolerance == "1e-12");
  CHECK(with_b.max_iterations.empty());
  CHECK(with_b.nodes == 3);
  CHECK(parsed.cases[1].id == "gr_30_30.jacobi.omega1.2.max-iter50");
  CHECK(parsed.cases[1].omega == "1.2");
  CHECK(parsed.cases[1].max_iterations == "50");
  CHECK(parsed.cases[2].id == "gr_30_30.jacobi.max-iter50.nodes1");
  CHECK(parsed.cases[2].nodes == 1);
  // a line without options is the case it always was
  CHECK(parsed.cases[3].id == "gr_30_30.jacobi");
  CHECK(parsed.cases[3].nodes == 2);
  CHECK(parsed.cases[3].rhs.empty());
  CHECK(parsed.cases[3].tolerance.empty());
  // the same options in another order are the same case
  REQUIRE(parsed.problems.size() == 1);
  CHECK_THAT(parsed.problems[0],
             Catch::StartsWith("cases.txt:5: case gr_30_30.jacobi.max-iter50.nodes1 is listed "
                               "twice"));
}

TEST_CASE(
    "an option that is malformed, unknown, given twice or refused by the coordinator is "
    "refused with its line number",
    "[regression-cases]") {
  const auto parsed = parse_regression_cases(
      "matrices/gr_30_30.mtx cg rhs=matrices/no-such.mtx\n"
      "matrices/gr_30_30.mtx cg tol=abc\n"
      "matrices/gr_30_30.mtx cg tol=-1e-8\n"
      "matrices/gr_30_30.mtx cg max-iter=1.5\n"
      "matrices/gr_30_30.mtx cg max-iter=\n"
      "matrices/gr_30_30.mtx cg nodes=0\n"
      "matrices/gr_30_30.mtx cg nodes=1025\n"
      "matrices/gr_30_30.mtx cg tol=1e-10 tol=1e-12\n"
      "matrices/gr_30_30.mtx cg colours=3\n"
      "matrices/gr_30_30.mtx jacobi tol=1e-10 1.2\n"
      "matrices/gr_30_30.mtx sor tol=1e-10\n"
      "matrices/gr_30_30.mtx cg tol=0 max-iter=0 nodes=1024\n",
      kSuite, kRoot);
  REQUIRE(parsed.problems.size() == 11);
  CHECK(parsed.problems[0] == "cases.txt:1: no file matrices/no-such.mtx");
  CHECK(parsed.problems[1] ==
        "cases.txt:2: 'abc' is not a tolerance (a number in [0, 1e300], as --tol takes)");
  CHECK_THAT(parsed.problems[2], Catch::StartsWith("cases.txt:3: '-1e-8' is not a tolerance"));
  CHECK(parsed.problems[3] ==
        "cases.txt:4: '1.5' is not an iteration count (0 to 2^40, as --max-iter takes)");
  CHECK_THAT(parsed.problems[4], Catch::StartsWith("cases.txt:5: '' is not an iteration count"));
  CHECK(parsed.problems[5] == "cases.txt:6: '0' is not a node count (1 to 1024, as --nodes takes)");
  CHECK_THAT(parsed.problems[6], Catch::StartsWith("cases.txt:7: '1025' is not a node count"));
  CHECK(parsed.problems[7] == "cases.txt:8: tol is given twice");
  CHECK(parsed.problems[8] ==
        "cases.txt:9: 'colours' is not an option (rhs, tol, max-iter or nodes)");
  CHECK_THAT(parsed.problems[9],
             Catch::StartsWith("cases.txt:10: unexpected '1.2' after the case"));
  CHECK(parsed.problems[10] == "cases.txt:11: sor needs its weight");
  // the coordinator's own bounds are cases
  REQUIRE(parsed.cases.size() == 1);
  CHECK(parsed.cases[0].id == "gr_30_30.cg.tol0.max-iter0.nodes1024");
}

TEST_CASE("the shipped cases.txt is all good", "[regression-cases]") {
  std::ifstream in(kRoot + "/tests/regression/cases.txt");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto parsed = parse_regression_cases(text, kSuite, kRoot);
  CHECK(parsed.problems.empty());
  CHECK(parsed.cases.size() >= 48);
}
