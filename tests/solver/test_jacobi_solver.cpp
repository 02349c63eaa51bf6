#include "solver/jacobi_solver.hpp"

#include <catch2/catch.hpp>

namespace {
slae::CsrMatrix from_dense(std::vector<std::vector<double>> rows) {
  const auto n = static_cast<std::int64_t>(rows.size());
  slae::CooMatrix coo{n, n, {}};
  for (std::int64_t r = 0; r < n; ++r) {
    for (std::int64_t c = 0; c < n; ++c) {
      if (rows[r][c] != 0.0) coo.entries.push_back({r, c, rows[r][c]});
    }
  }
  return slae::CsrMatrix::from_coo(coo);
}

double residual(const slae::CsrMatrix& a, const std::vector<double>& b,
                const std::vector<double>& x) {
  std::vector<double> ax(b.size());
  a.multiply(x, ax);
  for (std::size_t i = 0; i < b.size(); ++i)
    ax[i] = b[i] - ax[i];
  return slae::norm2(ax) / slae::norm2(b);
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
