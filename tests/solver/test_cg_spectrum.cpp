#include "solver/cg_spectrum.hpp"

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "solver/cg_solver.hpp"
#include "solver/matrix_market.hpp"
#include "tests/support/shipped_matrix.hpp"
#include "tests/support/small_matrices.hpp"

namespace {

// The exact extreme eigenvalues of D^-1 A (as those of the symmetric D^-1/2 A D^-1/2), dense.
std::pair<double, double> exact_extremes(const slae::CsrMatrix& a) {
  const auto n = static_cast<Eigen::Index>(a.rows);
  Eigen::MatrixXd dense = Eigen::MatrixXd::Zero(n, n);
  Eigen::VectorXd scale(n);
  for (std::int64_t i = 0; i < a.rows; ++i) {
    for (std::int64_t k = a.row_ptr[i]; k < a.row_ptr[i + 1]; ++k) {
      dense(i, a.col_idx[static_cast<std::size_t>(k)]) = a.values[static_cast<std::size_t>(k)];
      if (a.col_idx[static_cast<std::size_t>(k)] == i)
        scale(i) = 1.0 / std::sqrt(a.values[static_cast<std::size_t>(k)]);
    }
  }
  dense = scale.asDiagonal() * dense * scale.asDiagonal();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(dense, Eigen::EigenvaluesOnly);
  return {solver.eigenvalues().minCoeff(), solver.eigenvalues().maxCoeff()};
}

}  // namespace

TEST_CASE("CG's Lanczos coefficients give the extreme eigenvalues of a 1D Laplacian",
          "[cg][spectrum]") {
  // D^-1 A = I - (1/2)(shift up + shift down): eigenvalues 1 - cos(j pi / (n + 1)), j = 1..n
  const int n = 40;
  std::vector<std::vector<double>> rows(n, std::vector<double>(n, 0.0));
  for (int i = 0; i < n; ++i) {
    rows[i][i] = 2.0;
    if (i > 0) rows[i][i - 1] = -1.0;
    if (i + 1 < n) rows[i][i + 1] = -1.0;
  }
  const slae::CsrMatrix a = slae::test::from_dense(rows);
  std::vector<double> b(n);
  for (int i = 0; i < n; ++i)
    b[i] = std::sin(0.7 * i) + 0.3 * std::cos(2.1 * i);  // every mode
  const slae::SolveResult r = slae::solve_cg(a, b, {1e-13, 1000, 1e5});
  REQUIRE(r.outcome == slae::SolveOutcome::converged);
  REQUIRE(r.spectrum);
  const double pi = std::acos(-1.0);
  CHECK(r.spectrum->lambda_min == Approx(1.0 - std::cos(pi / (n + 1))).epsilon(1e-6));
  CHECK(r.spectrum->lambda_max == Approx(1.0 - std::cos(n * pi / (n + 1))).epsilon(1e-6));
  CHECK(r.spectrum->iterations == r.iterations);
}

TEST_CASE("the kappa CG estimates is within 10% of the true one on the shipped SPD matrices",
          "[cg][spectrum]") {
  for (const char* name : {"nos1.mtx", "nos6.mtx", "gr_30_30.mtx", "494_bus.mtx", "LF10.mtx",
                           "LFAT5.mtx", "Trefethen_20b.mtx"}) {
    CAPTURE(name);
    const slae::CsrMatrix a = slae::test::shipped_matrix(name);
    std::vector<double> ones(static_cast<std::size_t>(a.rows), 1.0), b(ones.size());
    a.multiply(ones, b);
    const slae::SolveResult r = slae::solve_cg(a, b, {1e-12, 100000, 1e5});
    REQUIRE(r.spectrum);
    const auto [lambda_min, lambda_max] = exact_extremes(a);
    CAPTURE(r.spectrum->lambda_min, lambda_min, r.spectrum->lambda_max, lambda_max);
    // Ritz values lie inside the spectrum, and close to its ends by the time CG has converged
    CHECK(r.spectrum->lambda_min >= lambda_min * (1 - 1e-9));
    CHECK(r.spectrum->lambda_max <= lambda_max * (1 + 1e-9));
    CHECK(r.spectrum->condition() == Approx(lambda_max / lambda_min).epsilon(0.10));
  }
}

TEST_CASE("no spectrum without a step, from a breakdown, and the iteration bound",
          "[cg][spectrum]") {
  CHECK_FALSE(slae::estimate_spectrum({}, {}));
  const std::vector<double> alphas = {0.5, -1.0}, betas = {0.25};
  CHECK_FALSE(slae::estimate_spectrum(alphas, betas));
  const std::vector<double> one = {0.25};
  const auto single = slae::estimate_spectrum(one, {});
  REQUIRE(single);
  CHECK(single->lambda_min == 4.0);
  CHECK(single->condition() == 1.0);
  // kappa = 100, tol 1e-8: 5 ln(2e8) = 95.6
  CHECK(slae::cg_iteration_bound(100.0, 1e-8) == Approx(5.0 * std::log(2e8)));
  CHECK(std::isnan(slae::cg_iteration_bound(0.5, 1e-8)));
}
