#include "solver/sor_solver.hpp"

#include <cmath>

#include <catch2/catch.hpp>

#include "matrices/generators/poisson2d.hpp"
#include "solver/jacobi_solver.hpp"
#include "tests/support/small_matrices.hpp"

namespace {

// Textbook SOR, written independently of the kernel: rows visited colour by colour (ascending
// within a colour), x_i = (1 - omega) x_i + omega / a_ii (b_i - sum_{j != i} a_ij x_j).
std::vector<double> textbook_sor(const slae::CsrMatrix& a, const std::vector<double>& b,
                                 const slae::MulticolourOrdering& o, double omega,
                                 std::int64_t iterations) {
  std::vector<double> x(b.size(), 0.0);
  for (std::int64_t k = 0; k < iterations; ++k) {
    for (int c = 0; c < o.colours(); ++c) {
      for (std::int64_t i = 0; i < a.rows; ++i) {
        if (o.colour[static_cast<std::size_t>(i)] != c) continue;
        double off = 0.0, diagonal = 0.0;
        for (std::int64_t e = a.row_ptr[i]; e < a.row_ptr[i + 1]; ++e) {
          if (a.col_idx[e] == i)
            diagonal = a.values[e];
          else
            off += a.values[e] * x[static_cast<std::size_t>(a.col_idx[e])];
        }
        x[static_cast<std::size_t>(i)] =
            (1 - omega) * x[static_cast<std::size_t>(i)] + omega * (b[i] - off) / diagonal;
      }
    }
  }
  return x;
}

std::vector<double> ones_rhs(const slae::CsrMatrix& a) {
  std::vector<double> b(static_cast<std::size_t>(a.rows));
  a.multiply(std::vector<double>(static_cast<std::size_t>(a.rows), 1.0), b);
  return b;
}

}  // namespace

TEST_CASE("SOR in colour order is the textbook sweep in that order", "[sor_solver]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(60, 0.08, 11);
  const std::vector<double> b = ones_rhs(a);
  const slae::MulticolourOrdering o = slae::colour_greedily(a);
  REQUIRE(o.colours() > 2);
  for (const double omega : {1.0, 0.7, 1.3}) {
    // tolerance 0: runs to the limit and returns x_12
    const slae::SolveResult r = slae::solve_sor(a, b, o, {0.0, 12, 1e5}, omega);
    REQUIRE(r.iterations == 12);
    const std::vector<double> x = textbook_sor(a, b, o, omega, 12);
    for (std::size_t i = 0; i < x.size(); ++i)
      CHECK(r.x[i] == Approx(x[i]).epsilon(1e-12));
  }
}

TEST_CASE("Gauss-Seidel converges to the solution and reports the residual of its x",
          "[sor_solver]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(80, 0.05, 5, true);
  const std::vector<double> b = ones_rhs(a);
  const slae::SolveResult r = slae::solve_sor(a, b, slae::colour_greedily(a), {1e-12, 1000, 1e5});
  REQUIRE(r.outcome == slae::SolveOutcome::converged);
  for (const double v : r.x)
    CHECK(v == Approx(1.0).epsilon(1e-10));
  CHECK(r.relative_residual ==
        Approx(slae::test::relative_residual(a, b, r.x)).epsilon(1e-6).margin(1e-16));
  CHECK(r.residual_history.size() == static_cast<std::size_t>(r.iterations + 1));
}

TEST_CASE("red-black Gauss-Seidel on 2D Poisson takes half of Jacobi's iterations",
          "[sor_solver]") {
  // rho_GS = rho_J^2 for a consistently ordered matrix (red-black on the 5-point stencil)
  const slae::CsrMatrix a = slae::generators::poisson_2d(20);
  const std::vector<double> b = ones_rhs(a);
  const slae::MulticolourOrdering o = slae::colour_greedily(a);
  REQUIRE(o.colours() == 2);
  const slae::StopCriteria criteria{1e-8, 100000, 1e5};
  const slae::SolveResult jacobi = slae::solve_jacobi(a, b, criteria);
  const slae::SolveResult gs = slae::solve_sor(a, b, o, criteria);
  REQUIRE(jacobi.outcome == slae::SolveOutcome::converged);
  REQUIRE(gs.outcome == slae::SolveOutcome::converged);
  // Red-black GS from x_0 = 0 is Jacobi two steps at a time: its black points are Jacobi's x_2k,
  // its red ones x_2k-1. Its residual, zero on the black rows, spans two Jacobi steps on the red
  // ones: sqrt(2) times Jacobi's in the slowest mode, which costs ln(sqrt 2) / -ln(rho_J^2) more.
  const double rho_j = std::cos(M_PI / 21.0);
  const double extra = std::log(std::sqrt(2.0)) / -std::log(rho_j * rho_j);
  INFO("jacobi " << jacobi.iterations << ", gauss-seidel " << gs.iterations << ", extra " << extra);
  CHECK(std::abs(static_cast<double>(gs.iterations) -
                 (static_cast<double>(jacobi.iterations) / 2.0 + extra)) <= 2.0);
  // and SOR at the optimal weight 2 / (1 + sin(pi h)) is an order of magnitude faster
  const double h = 1.0 / 21.0;
  const slae::SolveResult sor =
      slae::solve_sor(a, b, o, criteria, 2.0 / (1.0 + std::sin(M_PI * h)));
  REQUIRE(sor.outcome == slae::SolveOutcome::converged);
  CHECK(sor.iterations * 5 < gs.iterations);
}

TEST_CASE("on a small grid red-black Gauss-Seidel is within a few iterations of half of Jacobi's",
          "[sor_solver]") {
  // the offset ln(sqrt 2) / -ln(rho_J^2) grows like 1/h^2: 4 iterations on a 10 x 10 grid
  const slae::CsrMatrix a = slae::generators::poisson_2d(10);
  const std::vector<double> b = ones_rhs(a);
  const slae::SolveResult jacobi = slae::solve_jacobi(a, b, {});
  const slae::SolveResult gs = slae::solve_sor(a, b, slae::colour_greedily(a), {});
  INFO("jacobi " << jacobi.iterations << ", gauss-seidel " << gs.iterations);
  CHECK(std::abs(2 * gs.iterations - jacobi.iterations) <= 2 * 5);
  CHECK(gs.iterations * 2 >= jacobi.iterations);
}

TEST_CASE("solve_sor refuses a weight outside (0, 2) and an ordering of another size",
          "[sor_solver]") {
  const auto a = slae::test::from_dense({{2, 1}, {1, 2}});
  const std::vector<double> b = {1, 1};
  const slae::MulticolourOrdering o = slae::colour_greedily(a);
  CHECK_THROWS_AS(slae::solve_sor(a, b, o, {}, 2.0), std::invalid_argument);
  CHECK_THROWS_AS(slae::solve_sor(a, b, o, {}, 0.0), std::invalid_argument);
  slae::MulticolourOrdering wrong = o;
  wrong.colour.push_back(0);
  CHECK_THROWS_AS(slae::solve_sor(a, b, wrong, {}), std::invalid_argument);
}
