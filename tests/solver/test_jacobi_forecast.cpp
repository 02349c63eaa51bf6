#include "solver/jacobi_forecast.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "matrices/generators/convection_diffusion2d.hpp"
#include "matrices/generators/poisson2d.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/matrix_market.hpp"
#include "tests/support/shipped_matrix.hpp"

using namespace slae;

namespace {

std::vector<double> times_ones(const CsrMatrix& a) {
  const std::vector<double> ones(static_cast<std::size_t>(a.cols), 1.0);
  std::vector<double> b(static_cast<std::size_t>(a.rows));
  a.multiply(ones, b);
  return b;
}

// The forecast for b = A*1 (what the coordinator solves without --rhs), tol 1e-8, and a limit
// high enough that no lower bound ends the estimate early.
JacobiForecast forecast(const CsrMatrix& a, std::int64_t max_products = 0) {
  ForecastSettings s;
  s.max_products = max_products > 0 ? max_products : default_forecast_budget(10000);
  s.max_iterations = std::int64_t{1} << 40;
  return forecast_jacobi(a, times_ones(a), s);
}

}  // namespace

// rho(J) of each matrix, from its dense eigenvalues (numpy.linalg.eigvals of D^-1 A, computed
// once with scipy 1.10), and cos(pi / (g + 1)) for the g x g Poisson grids.
TEST_CASE("Lanczos finds rho(J) of the symmetric matrices to within 5% of 1 - rho", "[forecast]") {
  const auto [name, rho] = GENERATE(table<std::string, double>({
      {"tridiagonal_A.mm", 0.866025403784},
      {"LFAT5.mtx", 0.986869282598},
      {"amg_match_16.mtx", 0.968920862369},
      {"Trefethen_20b.mtx", 0.586766007639},
      {"pts5ldd03.mtx", 0.962136085103},
      {"gr_30_30.mtx", 0.992317147009},
      {"LF10.mtx", 0.999405550977},
      {"sherman1.mtx", 0.999690052434},
      {"nos1.mtx", 0.999999491126},
      {"nos6.mtx", 0.999999426121},
      {"494_bus.mtx", 0.999974670197},
      {"1138_bus.mtx", 0.999995921251},
      {"bcsstk13.mtx", 3.425560968},
      {"can___24.mtx", 6.3355682267},
      {"jagmesh7.mtx", 5.84446200178},
      {"full_symmetric.mtx", 9.37323359133},
      {"poisson 64", 0.998832226832327},
      {"poisson 256", 0.999925286669733},
  }));
  CAPTURE(name);
  const CsrMatrix a = name.starts_with("poisson")
                          ? generators::poisson_2d(std::stoi(name.substr(8)))
                          : slae::test::shipped_matrix(name);
  const JacobiForecast f = forecast(a);
  CAPTURE(f.spectral_radius, f.products);
  CHECK(f.method == JacobiForecast::Method::lanczos);
  CHECK(f.settled);
  CHECK(f.products <= f.budget);
  CHECK(std::abs(f.spectral_radius - rho) <= 0.05 * std::abs(1.0 - rho));
  CHECK(f.spectral_radius <= rho * (1 + 1e-12));  // Ritz values lie inside the spectrum
  CHECK(f.diverges == (rho >= 1.0));
}

// Actual iteration counts of Jacobi from x_0 = 0 with b = A*1 to 1e-8 (scipy, recorded in
// ../shared/matrices/INDEX.md; Poisson 256: numpy, 162944), and for the small nonsymmetric ones
// our own reference solve.
TEST_CASE("the predicted count is within a factor 1.5 of the actual one", "[forecast]") {
  const auto [name, actual] = GENERATE(table<std::string, std::int64_t>({
      {"tridiagonal_A.mm", 122},
      {"nist_ex1.mtx", 3},
      {"LFAT5.mtx", 856},
      {"amg_match_16.mtx", 527},
      {"Trefethen_20b.mtx", 33},
      {"pts5ldd03.mtx", 435},
      {"gr_30_30.mtx", 1991},
      {"LF10.mtx", 20657},
      {"sherman1.mtx", 27865},
      {"poisson 64", 12179},
      {"poisson 256", 162944},
  }));
  CAPTURE(name);
  const CsrMatrix a = name.starts_with("poisson")
                          ? generators::poisson_2d(std::stoi(name.substr(8)))
                          : slae::test::shipped_matrix(name);
  const JacobiForecast f = forecast(a);
  REQUIRE(f.iterations);
  CAPTURE(*f.iterations, f.settled);
  CHECK(f.settled);
  CHECK_FALSE(f.iterations_are_lower_bound);
  CHECK(static_cast<double>(*f.iterations) <= 1.5 * static_cast<double>(actual));
  CHECK(static_cast<double>(*f.iterations) >= static_cast<double>(actual) / 1.5);
}

TEST_CASE("Arnoldi sees through the non-normal growth of convection-diffusion", "[forecast]") {
  // the power iteration's failure: early growth of ||J^k x|| read as rho > 1
  const double peclet = GENERATE(10.0, 100.0, 1000.0);
  CAPTURE(peclet);
  const CsrMatrix a = generators::convection_diffusion_2d(30, peclet);
  const std::vector<double> b = times_ones(a);
  const SolveResult solved = solve_jacobi(a, b, {1e-8, 100000});
  REQUIRE(solved.outcome == SolveOutcome::converged);
  const JacobiForecast f = forecast(a);
  CHECK(f.method == JacobiForecast::Method::arnoldi);
  CHECK_FALSE(f.diverges);
  REQUIRE(f.iterations);
  CAPTURE(*f.iterations, solved.iterations, f.settled, f.spectral_radius);
  CHECK(static_cast<double>(*f.iterations) <= 1.5 * static_cast<double>(solved.iterations));
  CHECK(static_cast<double>(*f.iterations) >= static_cast<double>(solved.iterations) / 1.5);
}

TEST_CASE("divergence is found, and a weight that converges offered when there is one",
          "[forecast]") {
  // bcsstk13 is symmetric positive definite: damped Jacobi converges, however slowly
  const JacobiForecast spd = forecast(slae::test::shipped_matrix("bcsstk13.mtx"));
  CHECK(spd.diverges);
  CHECK_FALSE(spd.indefinite);
  REQUIRE(spd.better_omega);
  CHECK(*spd.better_omega < 1.0);
  REQUIRE(spd.better_omega_rho);
  CHECK(*spd.better_omega_rho < 1.0);
  // an indefinite matrix: no weight helps
  for (const char* name : {"can___24.mtx", "jagmesh7.mtx", "full_symmetric.mtx"}) {
    CAPTURE(name);
    const JacobiForecast f = forecast(slae::test::shipped_matrix(name));
    CHECK(f.diverges);
    CHECK(f.indefinite);
    CHECK_FALSE(f.better_omega);
  }
  // nonsymmetric, diverging
  for (const char* name : {"arrow.mtx", "cage5.mtx", "olm1000.mtx"}) {
    CAPTURE(name);
    const JacobiForecast f = forecast(slae::test::shipped_matrix(name));
    CHECK(f.method == JacobiForecast::Method::arnoldi);
    CHECK(f.settled);
    CHECK(f.diverges);
    CHECK_FALSE(f.iterations);
  }
}

TEST_CASE("an unsettled symmetric estimate gives a lower bound that holds", "[forecast]") {
  const CsrMatrix a = generators::poisson_2d(64);
  const JacobiForecast rough = forecast(a, 30);  // far too few products to settle
  CHECK_FALSE(rough.settled);
  CHECK(rough.products <= 30);
  REQUIRE(rough.iterations);
  CHECK(rough.iterations_are_lower_bound);
  CHECK(*rough.iterations <= 12179);  // the actual count
  CHECK(rough.spectral_radius < 0.998832226832327);
}

TEST_CASE("on Poisson 1000^2 the forecast knows early that 10000 iterations are not enough",
          "[forecast]") {
  const CsrMatrix a = generators::poisson_2d(1000);
  ForecastSettings s;
  s.max_iterations = 10000;
  const JacobiForecast f = forecast_jacobi(a, times_ones(a), s);
  REQUIRE(f.iterations);
  CHECK(*f.iterations > 10000);  // proven: a lower bound, or a settled prediction
  CHECK(f.products < f.budget);  // it stopped as soon as that was certain
  CHECK_FALSE(f.diverges);
}

TEST_CASE("the forecast asks its stop check after every product", "[forecast]") {
  const CsrMatrix a = generators::poisson_2d(32);
  ForecastSettings s;
  int asked = 0;
  s.stop = [&] { ++asked; };
  const JacobiForecast f = forecast_jacobi(a, times_ones(a), s);
  CHECK(asked == f.products);
  struct Stop {};
  s.stop = [] { throw Stop{}; };
  CHECK_THROWS_AS(forecast_jacobi(a, times_ones(a), s), Stop);
}
