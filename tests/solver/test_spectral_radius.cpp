#include "solver/spectral_radius.hpp"

#include <Eigen/Eigenvalues>
#include <catch2/catch.hpp>

#include "solver/matrix_market.hpp"
#include "tests/support/small_matrices.hpp"

namespace {
// rho(I - omega D^-1 A) from the dense eigenvalues
double exact_rho(const slae::CsrMatrix& a, double omega = 1.0) {
  const Eigen::MatrixXd ad = slae::test::to_dense(a);
  const Eigen::MatrixXd j = Eigen::MatrixXd::Identity(a.rows, a.cols) -
                            omega * ad.diagonal().cwiseInverse().asDiagonal() * ad;
  return j.eigenvalues().cwiseAbs().maxCoeff();
}
slae::CsrMatrix shipped(const std::string& name) {
  return slae::CsrMatrix::from_coo(slae::read_matrix_market(SLAE_MATRICES_DIR "/" + name));
}
}  // namespace

TEST_CASE("the estimate follows ratios two steps apart", "[spectral]") {
  slae::SpectralRadiusEstimator e;
  CHECK(e.observe(1.0));
  CHECK(e.observe(0.5));
  CHECK_FALSE(e.estimate().has_value());  // one step is not enough to see a +-rho pair
  CHECK(e.observe(0.25));
  CHECK(*e.estimate() == Approx(0.5));
  // a +-rho pair: norms alternate between two levels but two-step ratios are steady
  slae::SpectralRadiusEstimator pair;
  for (const double n : {1.0, 3.0, 0.81, 2.43, 0.6561})
    pair.observe(n);
  CHECK(*pair.estimate() == Approx(0.9));
}

TEST_CASE("the estimate stops at zero and outside the trusted range", "[spectral]") {
  slae::SpectralRadiusEstimator nilpotent;
  nilpotent.observe(1.0);
  CHECK_FALSE(nilpotent.observe(0.0));
  CHECK(*nilpotent.estimate() == 0.0);
  slae::SpectralRadiusEstimator huge;
  huge.observe(1.0);
  CHECK_FALSE(huge.observe(1e200));
}

TEST_CASE("predicted iterations: ln(tol) / ln(rho), nothing when rho >= 1", "[spectral]") {
  CHECK(*slae::predicted_iterations(0.5, 1e-3) == 10);  // 2^-10 < 1e-3 < 2^-9
  CHECK(*slae::predicted_iterations(0.0, 1e-8) == 1);
  CHECK_FALSE(slae::predicted_iterations(1.0, 1e-8).has_value());
  CHECK_FALSE(slae::predicted_iterations(3.0, 1e-8).has_value());
}

TEST_CASE("the start vector is fixed by n and the seed", "[spectral]") {
  const auto v = slae::power_iteration_start(100);
  CHECK(v == slae::power_iteration_start(100));
  CHECK(v != slae::power_iteration_start(100, 7));
  for (const double x : v) {
    CHECK(x >= -1.0);
    CHECK(x < 1.0);
  }
}

TEST_CASE("power iteration estimates rho(J) of shipped matrices", "[spectral]") {
  // rho from ../shared/matrices/INDEX.md (dense eigenvalues); the estimate after 100 power
  // iterations must land within 2% (it approaches from below on symmetric matrices)
  const auto [name, rho] = GENERATE(table<std::string, double>({
      {"tridiagonal_A.mm", 0.866025},
      {"Trefethen_20b.mtx", 0.586766},
      {"pts5ldd03.mtx", 0.962136},
      {"full.mtx", 1.19818},
      {"can___24.mtx", 6.33557},
      {"arrow.mtx", 7.07107},
      {"cage5.mtx", 1.0548},
  }));
  CAPTURE(name);
  const slae::CsrMatrix a = shipped(name);
  const auto estimator = slae::estimate_jacobi_spectral_radius(a, 100);
  REQUIRE(estimator.estimate().has_value());
  CHECK(*estimator.estimate() == Approx(rho).epsilon(0.02));
}

TEST_CASE("power iteration sees omega and a nilpotent J", "[spectral]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(40, 0.2, 3, true);
  const auto damped = slae::estimate_jacobi_spectral_radius(a, 200, 0.7);
  CHECK(*damped.estimate() == Approx(exact_rho(a, 0.7)).epsilon(0.02));
  // nist_ex1: J is strictly triangular after a permutation, so J^k x_0 reaches 0 exactly
  const auto nist = slae::estimate_jacobi_spectral_radius(shipped("nist_ex1.mtx"), 100);
  CHECK(*nist.estimate() == 0.0);
  CHECK(nist.iterations() < 10);
}
