// The core acceptance: real matrices from the SuiteSparse / Matrix Market collections get the
// outcome their spectral radius predicts, through real coordinator and node processes.
#include <Eigen/Sparse>
#include <Eigen/SparseLU>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "process_runner.hpp"
#include "solve_helpers.hpp"
#include "solver/csr_matrix.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/matrix_market.hpp"

using namespace slae::test;

namespace {

Eigen::SparseMatrix<double> to_eigen(const slae::CooMatrix& coo) {
  std::vector<Eigen::Triplet<double>> t;
  for (const auto& e : coo.entries)
    t.emplace_back(e.row, e.col, e.value);
  Eigen::SparseMatrix<double> a(coo.rows, coo.cols);
  a.setFromTriplets(t.begin(), t.end());  // sums duplicates, as the format says
  return a;
}

// Recomputes ||b - A x|| / ||b|| independently and, on a well-conditioned system, checks x
// against Eigen's SparseLU (on an ill-conditioned one a residual of 1e-8 allows a far larger
// error in x, so the residual is the check).
void check_solution(const std::string& name, const std::vector<double>& x_vec, double tol,
                    bool well_conditioned, const std::string& rhs = "") {
  const slae::CooMatrix coo = slae::read_matrix_market(matrix(name));
  const Eigen::SparseMatrix<double> a = to_eigen(coo);
  Eigen::VectorXd b;
  if (rhs.empty()) {
    b = a * Eigen::VectorXd::Ones(a.cols());
  } else {
    const auto rv = slae::read_matrix_market_vector(matrix(rhs));
    b = Eigen::Map<const Eigen::VectorXd>(rv.data(), static_cast<Eigen::Index>(rv.size()));
  }
  const Eigen::Map<const Eigen::VectorXd> x(x_vec.data(), static_cast<Eigen::Index>(x_vec.size()));
  REQUIRE(x.size() == a.rows());
  const double residual = (b - a * x).norm() / b.norm();
  CHECK(residual <= tol);
  if (!well_conditioned) return;
  Eigen::SparseLU<Eigen::SparseMatrix<double>> lu;
  lu.compute(a);
  REQUIRE(lu.info() == Eigen::Success);
  const Eigen::VectorXd exact = lu.solve(b);
  CHECK((x - exact).norm() / exact.norm() <= 1e-6);
}

}  // namespace

TEST_CASE("converging matrices: same iterations and bitwise the same x on 1, 2, 3 and 8 nodes",
          "[integration][jacobi]") {
  // iterations from ../shared/matrices/INDEX.md (plain Jacobi, x0 = 0, b = A*1, tol 1e-8)
  // and the 2-norm condition number (numpy.linalg.cond): LFAT5's is 1.4e8
  const auto [name, expected_iterations, well_conditioned] =
      GENERATE(table<std::string, int, bool>({
          {"nist_ex1.mtx", 3, true},
          {"nist_ex1_more_freeformat.mtx", 3, true},
          {"windows_lineendings_nist_ex1_more_freeformat.mtx", 3, true},
          {"tridiagonal_A.mm", 122, true},
          {"LFAT5.mtx", 856, false},
          {"amg_match_16.mtx", 527, true},
          {"Trefethen_20b.mtx", 33, true},
          {"pts5ldd03.mtx", 435, true},
          {"gr_30_30.mtx", 1991, true},
      }));
  CAPTURE(name);
  const Solved one = solve(name, 1);
  REQUIRE(one.run.exit_code == 0);
  CHECK(one.report["outcome"] == "converged");
  CHECK(one.report["iterations"] == expected_iterations);
  CHECK(one.report["relative_residual"].get<double>() <= 1e-8);
  check_solution(name, parse_x(one.x_text), 1e-8, well_conditioned);
  for (const int nodes : {2, 3, 8}) {
    CAPTURE(nodes);
    const Solved many = solve(name, nodes);
    REQUIRE(many.run.exit_code == 0);
    CHECK(many.report["iterations"] == expected_iterations);
    CHECK(many.x_text == one.x_text);  // shortest round-trip text: same text = same bits
    const int rows = one.report["rows"];
    CHECK(many.report["nodes"].size() == static_cast<std::size_t>(std::min(nodes, rows)));
  }
}

TEST_CASE("the distributed x equals the single-process reference bit for bit",
          "[integration][jacobi]") {
  const std::string name = "pts5ldd03.mtx";
  const slae::CsrMatrix a = slae::CsrMatrix::from_coo(slae::read_matrix_market(matrix(name)));
  std::vector<double> ones(a.rows, 1.0), b(a.rows);
  a.multiply(ones, b);
  const slae::SolveResult reference = slae::solve_jacobi(a, b, {});
  const Solved cluster = solve(name, 3);
  REQUIRE(cluster.run.exit_code == 0);
  const std::vector<double> x = parse_x(cluster.x_text);
  REQUIRE(x.size() == reference.x.size());
  CHECK(std::equal(x.begin(), x.end(), reference.x.begin()));
  CHECK(cluster.report["iterations"] == reference.iterations);
}

TEST_CASE("Trefethen_20b with its own right-hand side", "[integration][jacobi]") {
  const Solved s = solve("Trefethen_20b.mtx", 2, {"--rhs", matrix("Trefethen_20b_b.mtx")});
  REQUIRE(s.run.exit_code == 0);
  check_solution("Trefethen_20b.mtx", parse_x(s.x_text), 1e-8, true, "Trefethen_20b_b.mtx");
}

TEST_CASE("slow converging matrices converge with --max-iter 50000",
          "[integration][jacobi][slow]") {
  const auto [name, expected_iterations] =
      GENERATE(table<std::string, int>({{"LF10.mtx", 20657}, {"sherman1.mtx", 27865}}));
  CAPTURE(name);
  const Solved one = solve(name, 1, {"--max-iter", "50000"});
  REQUIRE(one.run.exit_code == 0);
  CHECK(one.report["iterations"] == expected_iterations);
  const std::vector<double> x = parse_x(one.x_text);
  // sherman1 is ill-conditioned: the recomputed residual is the check, not the distance to LU.
  CHECK(relative_residual_with_ones(name, x) <= 1e-8);
  const Solved eight = solve(name, 8, {"--max-iter", "50000"});
  REQUIRE(eight.run.exit_code == 0);
  CHECK(eight.report["iterations"] == expected_iterations);
  CHECK(eight.x_text == one.x_text);
}

TEST_CASE("diverging matrices exit 4 well before max-iter", "[integration][jacobi]") {
  const std::string name = GENERATE("full.mtx", "full_symmetric.mtx", "can___24.mtx", "cage5.mtx",
                                    "arrow.mtx", "olm1000.mtx", "jagmesh7.mtx");
  CAPTURE(name);
  const Solved s = solve(name, 2);
  CHECK(s.run.exit_code == 4);
  CHECK(s.report["outcome"] == "diverged");
  CHECK(s.report["iterations"].get<int>() <= 1000);
}

TEST_CASE("matrices with rho(J) close to 1 exit 3 at the default max-iter",
          "[integration][jacobi]") {
  const std::string name = GENERATE("nos1.mtx", "494_bus.mtx", "nos6.mtx", "1138_bus.mtx");
  CAPTURE(name);
  const Solved s = solve(name, 2);
  CHECK(s.run.exit_code == 3);
  CHECK(s.report["outcome"] == "max_iterations");
  CHECK(s.report["iterations"] == 10000);
  CHECK(s.report["residual_history"].size() == 10001);
  // the reported residual is the residual of the x written
  const std::vector<double> x = parse_x(s.x_text);
  CHECK(relative_residual_with_ones(name, x) ==
        Approx(s.report["relative_residual"].get<double>()).epsilon(1e-6));
}

TEST_CASE("zero or missing diagonals and NaN exit 2 naming the row or line",
          "[integration][input]") {
  const auto [name, expected] = GENERATE(table<std::string, std::string>({
      {"karate.mtx", "karate.mtx: row 1 has no diagonal entry"},
      {"west0067.mtx", "west0067.mtx: row 1 has no diagonal entry"},
      {"impcol_a.mtx", "impcol_a.mtx: row 1 has no diagonal entry"},
      {"e05r0000.mtx", "e05r0000.mtx: row 9 has no diagonal entry"},
      {"comments_west0067.mtx", "comments_west0067.mtx:6: value 'nan' is not finite"},
  }));
  CAPTURE(name);
  const RunResult r = run({binary("coordinator"), "--matrix", matrix(name), "--quiet"});
  CHECK(r.exit_code == 2);
  REQUIRE(lines(r.err).size() == 1);
  CHECK_THAT(r.err, Catch::Contains(expected));
}
