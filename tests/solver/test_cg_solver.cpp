#include "solver/cg_solver.hpp"
#include "solver/jacobi_solver.hpp"

#include <Eigen/Dense>
#include <catch2/catch.hpp>
#include <cmath>

#include "solver/matrix_market.hpp"
#include "tests/support/shipped_matrix.hpp"
#include "tests/support/small_matrices.hpp"

using slae::test::from_dense;

TEST_CASE("CG solves an SPD system in at most n steps (in exact arithmetic)", "[cg]") {
  const int n = 30;
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(n, 0.2, 8, true);
  std::vector<double> ones(n, 1.0), b(n);
  a.multiply(ones, b);
  const slae::SolveResult r = slae::solve_cg(a, b, {1e-10, 1000, 1e5});
  REQUIRE(r.outcome == slae::SolveOutcome::converged);
  CHECK(r.iterations <= n);
  CHECK(slae::test::relative_residual(a, b, r.x) <= 1e-9);  // the recursive r tracks the true one
  for (const double v : r.x)
    CHECK(v == Approx(1.0).epsilon(1e-8));
  CHECK(r.residual_history.size() == static_cast<std::size_t>(r.iterations + 1));
  CHECK(r.seconds_history.size() == r.residual_history.size());
}

TEST_CASE("CG needs far fewer iterations than Jacobi on a 1D Laplacian", "[cg]") {
  const int n = 50;
  std::vector<std::vector<double>> rows(n, std::vector<double>(n, 0.0));
  for (int i = 0; i < n; ++i) {
    rows[i][i] = 2.0;
    if (i > 0) rows[i][i - 1] = -1.0;
    if (i + 1 < n) rows[i][i + 1] = -1.0;
  }
  const slae::CsrMatrix a = from_dense(rows);
  std::vector<double> ones(n, 1.0), b(n);
  a.multiply(ones, b);
  const slae::SolveResult r = slae::solve_cg(a, b, {1e-8, 10000, 1e5});
  REQUIRE(r.outcome == slae::SolveOutcome::converged);
  // With D = 2I the preconditioner is a scaling, and b = A*1 = (1, 0, ..., 0, 1) is symmetric
  // about the middle: it excites only the n/2 symmetric eigenvectors, so CG needs about n/2 steps
  // (rounding may add one or two); Jacobi, with rho = cos(pi/(n+1)) ~ 0.998, needs thousands.
  CHECK(r.iterations <= n / 2 + 2);
  const slae::SolveResult jacobi = slae::solve_jacobi(a, b, {1e-8, 100000, 1e5});
  REQUIRE(jacobi.outcome == slae::SolveOutcome::converged);
  CHECK(jacobi.iterations > 100 * r.iterations);
}

TEST_CASE("CG reports a breakdown on an indefinite matrix", "[cg]") {
  // symmetric, positive diagonal, eigenvalues 3 and -1
  const auto a = from_dense({{1, 2}, {2, 1}});
  const slae::SolveResult r = slae::solve_cg(a, std::vector<double>{1.0, -0.5}, {});
  CHECK(r.outcome == slae::SolveOutcome::breakdown);
  CHECK_THAT(r.note, Catch::Contains("p.Ap") && Catch::Contains("not positive definite"));
}

TEST_CASE("CG reports a breakdown when a diagonal entry is negative", "[cg]") {
  const auto a = from_dense({{-4, 1}, {1, 3}});
  // r_0 = b = (1, 0), z_0 = D^-1 r_0 = (-0.25, 0): r.z < 0 before any step
  const slae::SolveResult r = slae::solve_cg(a, std::vector<double>{1.0, 0.0}, {});
  CHECK(r.outcome == slae::SolveOutcome::breakdown);
  CHECK_THAT(r.note, Catch::Contains("r.z"));
}

TEST_CASE("CG with b = 0 returns x = 0 at once", "[cg]") {
  const auto a = from_dense({{4, 1}, {1, 3}});
  const slae::SolveResult r = slae::solve_cg(a, std::vector<double>{0.0, 0.0}, {});
  CHECK(r.outcome == slae::SolveOutcome::converged);
  CHECK(r.iterations == 0);
  CHECK(r.x == std::vector<double>{0.0, 0.0});
}

TEST_CASE("CG stops at max iterations with the residual of the x it returns", "[cg]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(40, 0.3, 2, true);
  std::vector<double> ones(40, 1.0), b(40);
  a.multiply(ones, b);
  const slae::SolveResult r = slae::solve_cg(a, b, {1e-14, 3, 1e5});
  CHECK(r.outcome == slae::SolveOutcome::max_iterations);
  CHECK(r.iterations == 3);
  CHECK(r.relative_residual == Approx(slae::test::relative_residual(a, b, r.x)).epsilon(1e-8));
}

TEST_CASE("CG checks the true residual and restarts from it when its recurrence drifted", "[cg]") {
  // nos1 at 1e-14: the recurrence reaches the tolerance while b - A x is 1.5e-14 (PETSc would
  // stop there); one restart from the true residual meets it for real
  const slae::CsrMatrix a = slae::test::shipped_matrix("nos1.mtx");
  std::vector<double> ones(static_cast<std::size_t>(a.rows), 1.0), b(ones.size());
  a.multiply(ones, b);
  const slae::SolveResult r = slae::solve_cg(a, b, {1e-14, 10000, 1e5});
  CHECK(r.outcome == slae::SolveOutcome::converged);
  CHECK(r.restarts >= 1);
  REQUIRE(r.recursive_residual);
  CHECK(r.relative_residual <= 1e-14);
  CHECK(r.relative_residual == Approx(slae::test::relative_residual(a, b, r.x)).epsilon(1e-6));
  CHECK(r.residual_history.size() == static_cast<std::size_t>(r.iterations + 1));
}

TEST_CASE("CG says so when the true residual stagnates above the tolerance", "[cg]") {
  // 1138_bus cannot get below about 1.2e-14 in double precision
  const slae::CsrMatrix a = slae::test::shipped_matrix("1138_bus.mtx");
  std::vector<double> ones(static_cast<std::size_t>(a.rows), 1.0), b(ones.size());
  a.multiply(ones, b);
  const slae::SolveResult r = slae::solve_cg(a, b, {1e-14, 10000, 1e5});
  CHECK(r.outcome == slae::SolveOutcome::stagnated);
  CHECK(r.relative_residual > 1e-14);
  CHECK(r.relative_residual == Approx(slae::test::relative_residual(a, b, r.x)).epsilon(1e-6));
  CHECK_THAT(r.note, Catch::Contains("stays at") && Catch::Contains("restarts"));
  CHECK(r.iterations < 10000);  // it stopped restarting instead of running out the limit
}

TEST_CASE("CG going on from the state it reached at an iteration ends as if it never stopped",
          "[cg]") {
  const int n = 60;
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(n, 0.1, 21, true);
  std::vector<double> b(n);
  for (int i = 0; i < n; ++i)
    b[i] = std::sin(0.3 * i) + 0.1;
  const slae::StopCriteria criteria = slae::cg_criteria({1e-12, 1000, 1e5});
  const double rhs_norm = slae::norm2(b);
  const slae::CgSystem system{a, b, rhs_norm};
  // the undisturbed solve, taking the state it reached at iteration 6
  slae::LocalCgBackend whole(a, b);
  slae::ConvergenceMonitor monitor(criteria, rhs_norm);
  slae::CgScalars at;
  std::vector<double> x, r, p, history;
  slae::CgContinuation taking;
  taking.reached = [&](const slae::CgScalars& s) {
    if (s.iteration != 6) return;
    at = s;
    x = whole.solution();
    r = whole.r();
    p = whole.p();
    history = monitor.history();
  };
  const slae::SolveResult undisturbed = slae::run_cg(whole, system, monitor, nullptr, taking);
  REQUIRE(undisturbed.outcome == slae::SolveOutcome::converged);
  REQUIRE(undisturbed.iterations > 8);
  REQUIRE(history.size() == 7);
  // a fresh backend and monitor, loaded with that state
  slae::LocalCgBackend fresh(a, b);
  fresh.load(x, r, p);
  slae::ConvergenceMonitor resumed_monitor(criteria, rhs_norm);
  resumed_monitor.resume(history);
  slae::CgContinuation going_on;
  going_on.resume = &at;
  const slae::SolveResult resumed = slae::run_cg(fresh, system, resumed_monitor, nullptr, going_on);
  CHECK(resumed.outcome == undisturbed.outcome);
  CHECK(resumed.iterations == undisturbed.iterations);
  CHECK(resumed.x == undisturbed.x);
  CHECK(resumed.residual_history == undisturbed.residual_history);
  CHECK(resumed.relative_residual == undisturbed.relative_residual);
  // the state is what makes it: going on from x alone (p = 0, beta = 0) does not end the same
  slae::LocalCgBackend forgetful(a, b);
  forgetful.load(x, r, std::vector<double>(n, 0.0));
  slae::ConvergenceMonitor forgetful_monitor(criteria, rhs_norm);
  forgetful_monitor.resume(history);
  slae::CgScalars cold = at;
  cold.beta = 0.0;
  slae::CgContinuation from_x;
  from_x.resume = &cold;
  const slae::SolveResult restarted =
      slae::run_cg(forgetful, system, forgetful_monitor, nullptr, from_x);
  CHECK(restarted.x != undisturbed.x);
}
