#include "coordinator/outputs/sweep_outputs.hpp"

#include <catch2/catch.hpp>

using namespace slae::coordinator;

namespace {

MethodRun solve(SolveMethod method, double omega, slae::SolveOutcome outcome,
                std::int64_t iterations, double residual) {
  MethodRun m;
  m.method = method;
  m.omega = omega;
  m.result.outcome = outcome;
  m.result.iterations = iterations;
  m.result.relative_residual = residual;
  m.stats.seconds = 0.25;
  return m;
}

}  // namespace

TEST_CASE("a sweep's table has a line per solve and each method's best weight", "[sweep_outputs]") {
  using slae::SolveOutcome;
  const std::vector<MethodRun> solves = {
      solve(SolveMethod::gauss_seidel, 1.0, SolveOutcome::converged, 483, 9.79e-9),
      solve(SolveMethod::sor, 1.5, SolveOutcome::converged, 158, 9.286e-9),
      solve(SolveMethod::sor, 1.7, SolveOutcome::converged, 55, 8.269e-9),
      solve(SolveMethod::jacobi, 1.5, SolveOutcome::diverged, 25, 3.6e4)};
  const std::string table = sweep_table(solves);
  CHECK(table ==
        "method            omega  outcome         iterations  final residual    seconds\n"
        "gauss-seidel             converged              483       9.790e-09      0.250\n"
        "sor                 1.5  converged              158       9.286e-09      0.250\n"
        "sor                 1.7  converged               55       8.269e-09      0.250\n"
        "jacobi              1.5  diverged                25       3.600e+04      0.250\n"
        "best sor: omega 1.7, 55 iterations\n"
        "best jacobi: none of its weights converged\n");
  const std::vector<SweepSeries> series = sweep_series(solves);
  REQUIRE(series.size() == 2);
  CHECK(series[0].label == "sor");
  REQUIRE(series[0].points.size() == 2);
  CHECK(series[0].points[1].omega == 1.7);
  CHECK(series[0].points[1].iterations == 55);
  CHECK(series[1].points[0].outcome == "diverged");
}

TEST_CASE("the residual lines go beside the sweep chart", "[sweep_outputs]") {
  CHECK(residuals_chart_path("omega.svg") == "omega-residuals.svg");
  CHECK(residuals_chart_path("out.d/omega.SVG") == "out.d/omega-residuals.svg");
  CHECK(residuals_chart_path("out.d/omega") == "out.d/omega-residuals.svg");
}
