#include "solver/convergence.hpp"

#include <catch2/catch.hpp>
#include <limits>

using slae::ConvergenceMonitor;
using slae::SolveOutcome;

TEST_CASE("converges when the relative residual meets the tolerance", "[convergence]") {
  ConvergenceMonitor m({1e-3, 100, 1e5}, 2.0);
  CHECK(m.observe(2.0) == SolveOutcome::running);
  CHECK(m.observe(0.01) == SolveOutcome::running);     // 5e-3 relative
  CHECK(m.observe(0.002) == SolveOutcome::converged);  // 1e-3 relative
  CHECK(m.iterations() == 2);
  CHECK(m.relative_residual() == 1e-3);
  CHECK(m.history().size() == 3);
}

TEST_CASE("stops at max iterations", "[convergence]") {
  ConvergenceMonitor m({1e-8, 2, 1e5}, 1.0);
  CHECK(m.observe(1.0) == SolveOutcome::running);
  CHECK(m.observe(0.5) == SolveOutcome::running);
  CHECK(m.observe(0.25) == SolveOutcome::max_iterations);
  CHECK(m.iterations() == 2);
}

TEST_CASE("a residual meeting the tolerance on the last allowed iteration converges",
          "[convergence]") {
  ConvergenceMonitor m({1e-8, 1, 1e5}, 1.0);
  CHECK(m.observe(1.0) == SolveOutcome::running);
  CHECK(m.observe(1e-9) == SolveOutcome::converged);
}

TEST_CASE("NaN, Inf and growth above the minimum are divergence", "[convergence]") {
  {
    ConvergenceMonitor m({}, 1.0);
    CHECK(m.observe(std::numeric_limits<double>::quiet_NaN()) == SolveOutcome::diverged);
  }
  {
    ConvergenceMonitor m({}, 1.0);
    CHECK(m.observe(std::numeric_limits<double>::infinity()) == SolveOutcome::diverged);
  }
  ConvergenceMonitor m({1e-8, 1000, 100.0}, 1.0);
  CHECK(m.observe(1.0) == SolveOutcome::running);
  CHECK(m.observe(0.01) == SolveOutcome::running);   // minimum so far
  CHECK(m.observe(0.9) == SolveOutcome::running);    // 90x the minimum
  CHECK(m.observe(1.01) == SolveOutcome::diverged);  // 101x the minimum
}

TEST_CASE("b = 0: the absolute residual decides, so x0 = 0 converges at once", "[convergence]") {
  ConvergenceMonitor m({}, 0.0);
  CHECK(m.observe(0.0) == SolveOutcome::converged);
  CHECK(m.iterations() == 0);
}

TEST_CASE("invalid criteria are refused", "[convergence]") {
  CHECK_THROWS(ConvergenceMonitor({-1.0, 10, 1e5}, 1.0));
  CHECK_THROWS(ConvergenceMonitor({1e-8, 10, 0.5}, 1.0));
  CHECK_THROWS(ConvergenceMonitor({1e-8, 10, 1e5}, std::numeric_limits<double>::infinity()));
}

TEST_CASE("a monitor rewound to x_m judges the redone iterates as if it had never seen them",
          "[convergence]") {
  const slae::StopCriteria criteria{1e-3, 10, 1e2};
  ConvergenceMonitor straight(criteria, 1.0), rewound(criteria, 1.0);
  for (const double r : {1.0, 1e-2, 1e-1})
    straight.observe(r);
  // x_2 and x_3 were seen with a smaller residual than x_1's before the rewind
  for (const double r : {1.0, 1e-2, 1e-4, 1e-5})
    rewound.observe(r);
  rewound.rewind(2);
  CHECK(rewound.history() == std::vector<double>{1.0, 1e-2});
  CHECK(rewound.seconds().size() == 2);
  rewound.observe(1e-1);
  CHECK(rewound.history() == straight.history());
  // the smallest residual is x_1's again (1e-2), not the forgotten 1e-5: 0.5 < 1e-2 * 1e2
  CHECK(straight.observe(0.5) == SolveOutcome::running);
  CHECK(rewound.observe(0.5) == SolveOutcome::running);
  CHECK_THROWS_AS(rewound.rewind(9), std::invalid_argument);
}
