#include "solver/jacobi_solver.hpp"

#include <catch2/catch.hpp>

#include "tests/support/small_matrices.hpp"

using slae::test::from_dense;

namespace {
double residual(const slae::CsrMatrix& a, const std::vector<double>& b,
                const std::vector<double>& x) {
  return slae::test::relative_residual(a, b, x);
}
}  // namespace

TEST_CASE("a diagonally dominant 3x3 system converges to its solution", "[jacobi_solver]") {
  const auto a = from_dense({{4, -1, 0}, {-1, 4, -1}, {0, -1, 4}});
  const std::vector<double> b = {3, 2, 3};  // x = (1, 1, 1)
  const slae::SolveResult r = slae::solve_jacobi(a, b, {1e-12, 1000, 1e5});
  REQUIRE(r.outcome == slae::SolveOutcome::converged);
  for (const double v : r.x)
    CHECK(v == Approx(1.0).epsilon(1e-11));
  // the reported residual is that of the returned x
  CHECK(r.relative_residual == Approx(residual(a, b, r.x)).epsilon(1e-6).margin(1e-16));
  CHECK(r.residual_history.size() == static_cast<std::size_t>(r.iterations + 1));
  CHECK(r.residual_history.front() == 1.0);  // x0 = 0
}

TEST_CASE("a diagonal system converges after one update", "[jacobi_solver]") {
  const auto a = from_dense({{2, 0}, {0, 4}});
  const slae::SolveResult r = slae::solve_jacobi(a, std::vector<double>{2, 8}, {});
  CHECK(r.outcome == slae::SolveOutcome::converged);
  CHECK(r.iterations == 1);
  CHECK(r.x == std::vector<double>{1, 2});
}

TEST_CASE("b = 0 gives x = 0 in no iterations", "[jacobi_solver]") {
  const auto a = from_dense({{4, 1}, {1, 4}});
  const slae::SolveResult r = slae::solve_jacobi(a, std::vector<double>{0, 0}, {});
  CHECK(r.outcome == slae::SolveOutcome::converged);
  CHECK(r.iterations == 0);
  CHECK(r.x == std::vector<double>{0, 0});
}

TEST_CASE("max iterations and divergence are outcomes, not exceptions", "[jacobi_solver]") {
  const auto slow = from_dense({{1, -0.99}, {-0.99, 1}});
  const slae::SolveResult capped =
      slae::solve_jacobi(slow, std::vector<double>{1, 1}, {1e-12, 5, 1e5});
  CHECK(capped.outcome == slae::SolveOutcome::max_iterations);
  CHECK(capped.iterations == 5);
  CHECK(capped.relative_residual == Approx(residual(slow, {1, 1}, capped.x)).epsilon(1e-9));
  const auto bad = from_dense({{1, 3}, {3, 1}});  // rho(J) = 3
  const slae::SolveResult diverged = slae::solve_jacobi(bad, std::vector<double>{1, 2}, {});
  CHECK(diverged.outcome == slae::SolveOutcome::diverged);
  CHECK(diverged.iterations < 50);
}

TEST_CASE("weighted Jacobi: omega = 1 is plain Jacobi, other omegas change the path",
          "[jacobi_solver]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(60, 0.1, 4);
  std::vector<double> ones(60, 1.0), b(60);
  a.multiply(ones, b);
  const slae::SolveResult plain = slae::solve_jacobi(a, b, {});
  const slae::SolveResult one = slae::solve_jacobi(a, b, {}, 1.0);
  CHECK(one.x == plain.x);
  CHECK(one.residual_history == plain.residual_history);
  const slae::SolveResult damped = slae::solve_jacobi(a, b, {}, 0.7);
  REQUIRE(damped.outcome == slae::SolveOutcome::converged);
  CHECK(damped.iterations > plain.iterations);  // damping slows a dominant system down
  CHECK(residual(a, b, damped.x) <= 1e-8 * 1.0001);
  CHECK_THROWS_AS(slae::solve_jacobi(a, b, {}, 2.0), std::invalid_argument);
  CHECK_THROWS_AS(slae::solve_jacobi(a, b, {}, 0.0), std::invalid_argument);
}

TEST_CASE("damping makes Jacobi converge where plain Jacobi oscillates", "[jacobi_solver]") {
  // A is SPD with eigenvalues 2.2, 0.4, 0.4 and D = I, so J = I - omega A has eigenvalues
  // 1 - 2.2 omega and 1 - 0.4 omega: rho = 1.2 for omega = 1, but 0.8 for omega = 0.5
  const auto a = from_dense({{1, 0.6, 0.6}, {0.6, 1, 0.6}, {0.6, 0.6, 1}});
  const std::vector<double> b = {2.2, 2.2, 2.2};
  CHECK(slae::solve_jacobi(a, b, {}).outcome == slae::SolveOutcome::diverged);
  const slae::SolveResult damped = slae::solve_jacobi(a, b, {}, 0.5);
  CHECK(damped.outcome == slae::SolveOutcome::converged);
}
