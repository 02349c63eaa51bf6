#include "solver/sor_forecast.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "solver/jacobi_solver.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/row_block.hpp"
#include "solver/sor.hpp"
#include "solver/splitmix64.hpp"
#include "solver/system_checks.hpp"

namespace slae {

namespace {

constexpr std::int64_t kWindow = 20;  ///< sweeps per estimate
constexpr double kSettled = 0.02;     ///< change in rho, relative to 1 - rho, that counts as still
constexpr std::uint64_t kSeed = 0x5eed50f0;

}  // namespace

SorForecast forecast_sor(const CsrMatrix& a, const MulticolourOrdering& ordering, double omega,
                         const ForecastSettings& settings) {
  SorForecast f;
  f.omega = omega;
  f.budget = std::max<std::int64_t>(
      2 * kWindow, settings.max_products > 0 ? settings.max_products
                                             : default_forecast_budget(settings.max_iterations));
  const std::vector<double> zero(static_cast<std::size_t>(a.rows), 0.0);
  const RowBlock block = make_row_block(a, inverted_diagonal(a), zero, {0, a.rows});
  const auto rows = rows_by_colour(ordering.colour, ordering.colours());
  std::vector<double> e(static_cast<std::size_t>(a.rows));
  SplitMix64 random(kSeed);
  for (double& v : e)
    v = random.symmetric_unit();
  double norm = norm2(e);
  double log_sum = 0.0;  // of ln(shrink) over the current window
  std::optional<double> previous;
  while (f.sweeps + kWindow <= f.budget) {
    log_sum = 0.0;
    for (std::int64_t s = 0; s < kWindow; ++s) {
      if (settings.stop) settings.stop();
      for (const auto& colour_rows : rows)
        sor_colour_step(block, colour_rows, e, omega);
      ++f.sweeps;
      const double next = norm2(e);
      if (!(next > 0.0) || !std::isfinite(next)) {  // M e = 0 (or overflow): nothing more to learn
        f.spectral_radius = next > 0.0 ? HUGE_VAL : 0.0;
        f.settled = true;
        break;
      }
      log_sum += std::log(next / norm);
      for (double& v : e)
        v /= next;
      norm = 1.0;
    }
    if (f.settled) break;
    f.spectral_radius = std::exp(log_sum / kWindow);
    if (previous && std::abs(f.spectral_radius - *previous) <=
                        kSettled * std::max(std::abs(1.0 - f.spectral_radius), 1e-6)) {
      f.settled = true;
      break;
    }
    previous = f.spectral_radius;
  }
  if (f.settled) {
    f.diverges = f.spectral_radius >= 1.0;
    if (!f.diverges && f.spectral_radius > 0.0 && settings.tolerance > 0.0) {
      f.iterations = static_cast<std::int64_t>(
          std::ceil(std::log(settings.tolerance) / std::log(f.spectral_radius)));
    } else if (!f.diverges) {
      f.iterations = 1;
    }
  }
  if (ordering.colours() == 2 && omega == 1.0 && f.spectral_radius < 1.0) {
    const double rho_j = std::sqrt(f.spectral_radius);
    f.jacobi_radius = rho_j;
    f.optimal_omega = 2.0 / (1.0 + std::sqrt(1.0 - rho_j * rho_j));
  }
  return f;
}

}  // namespace slae
