#include "solver/sor_forecast.hpp"

#include <cmath>

#include <catch2/catch.hpp>

#include "matrices/generators/poisson2d.hpp"
#include "solver/sor_solver.hpp"
#include "tests/support/small_matrices.hpp"

namespace {

slae::ForecastSettings budget(std::int64_t products) {
  slae::ForecastSettings s;
  s.max_products = products;
  return s;
}

}  // namespace

TEST_CASE("red-black Gauss-Seidel on 2D Poisson measures rho_J^2 and Young's best weight",
          "[sor_forecast]") {
  const slae::CsrMatrix a = slae::generators::poisson_2d(20);
  const slae::MulticolourOrdering o = slae::colour_greedily(a);
  const slae::SorForecast f = slae::forecast_sor(a, o, 1.0, budget(2000));
  const double rho_j = std::cos(M_PI / 21.0);
  INFO("rho " << f.spectral_radius << " after " << f.sweeps << " sweeps");
  CHECK(f.settled);
  CHECK(f.spectral_radius == Approx(rho_j * rho_j).epsilon(0.002));
  REQUIRE(f.jacobi_radius);
  CHECK(*f.jacobi_radius == Approx(rho_j).epsilon(0.001));
  REQUIRE(f.optimal_omega);
  CHECK(*f.optimal_omega == Approx(2.0 / (1.0 + std::sin(M_PI / 21.0))).epsilon(0.02));
  // the predicted count is what the slowest mode needs: b = A*1 has little of it, so the solve
  // takes somewhat fewer (817 predicted, 724 taken)
  REQUIRE(f.iterations);
  std::vector<double> b(static_cast<std::size_t>(a.rows));
  a.multiply(std::vector<double>(b.size(), 1.0), b);
  const slae::SolveResult solved = slae::solve_sor(a, b, o, {});
  CHECK(*f.iterations >= solved.iterations);
  CHECK(static_cast<double>(*f.iterations) <= 1.2 * static_cast<double>(solved.iterations));
}

TEST_CASE("SOR beyond the best weight measures omega - 1", "[sor_forecast]") {
  // past omega_opt every eigenvalue of the two-colour SOR matrix has modulus omega - 1
  const slae::CsrMatrix a = slae::generators::poisson_2d(12);
  const slae::SorForecast f = slae::forecast_sor(a, slae::colour_greedily(a), 1.9, budget(2000));
  CHECK(f.spectral_radius == Approx(0.9).epsilon(0.03));
  CHECK_FALSE(f.jacobi_radius);  // Young's line is Gauss-Seidel's
}

TEST_CASE("a matrix on which Gauss-Seidel diverges is measured at rho > 1", "[sor_forecast]") {
  // symmetric, but indefinite: Gauss-Seidel converges only for positive definite A
  const auto a = slae::test::from_dense({{1, 2, 0}, {2, 1, 2}, {0, 2, 1}});
  const slae::SorForecast f = slae::forecast_sor(a, slae::colour_greedily(a), 1.0, budget(400));
  CHECK(f.settled);
  CHECK(f.diverges);
  CHECK(f.spectral_radius > 1.0);
  CHECK_FALSE(f.iterations);
}

TEST_CASE("a strictly dominant random matrix: settled, and the same numbers every time",
          "[sor_forecast]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(100, 0.05, 9);
  const slae::MulticolourOrdering o = slae::colour_greedily(a);
  const slae::SorForecast f = slae::forecast_sor(a, o, 1.0, budget(400));
  CHECK(f.settled);
  CHECK(f.spectral_radius < 1.0);
  CHECK(f.iterations);
  const slae::SorForecast again = slae::forecast_sor(a, o, 1.0, budget(400));
  CHECK(again.spectral_radius == f.spectral_radius);
  CHECK(again.sweeps == f.sweeps);
}

TEST_CASE("a budget too small to settle says so", "[sor_forecast]") {
  const slae::CsrMatrix a = slae::generators::poisson_2d(40);
  const slae::SorForecast f = slae::forecast_sor(a, slae::colour_greedily(a), 1.0, budget(40));
  CHECK(f.sweeps <= 40);
  CHECK_FALSE(f.settled);
  CHECK_FALSE(f.iterations);
}
