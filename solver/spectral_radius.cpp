#include "solver/spectral_radius.hpp"

#include <cmath>
#include <stdexcept>

#include "solver/jacobi.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/row_block.hpp"
#include "solver/splitmix64.hpp"
#include "solver/system_checks.hpp"

namespace slae {
namespace {
constexpr double kLargest = 1e150;
constexpr double kSmallest = 1e-150;
}  // namespace

bool SpectralRadiusEstimator::observe(double norm) {
  norms_.push_back(norm);
  return norm != 0.0 && norm >= kSmallest && norm <= kLargest && std::isfinite(norm);
}

std::optional<double> SpectralRadiusEstimator::estimate() const {
  if (norms_.empty()) return std::nullopt;
  if (norms_.back() == 0.0) return 0.0;
  const std::size_t k = norms_.size() - 1;
  if (k < 2 || norms_[k - 2] == 0.0) return std::nullopt;
  return std::sqrt(norms_[k] / norms_[k - 2]);
}

std::optional<std::int64_t> predicted_iterations(double rho, double tolerance) {
  if (!(rho < 1.0) || !(tolerance > 0.0)) return std::nullopt;
  if (tolerance >= 1.0) return 0;
  if (rho <= 0.0) return 1;
  return static_cast<std::int64_t>(std::ceil(std::log(tolerance) / std::log(rho)));
}

std::vector<double> power_iteration_start(std::int64_t n, std::uint64_t seed) {
  SplitMix64 rng(seed);
  std::vector<double> v(static_cast<std::size_t>(n));
  for (double& value : v)
    value = rng.symmetric_unit();
  return v;
}

SpectralRadiusEstimator estimate_jacobi_spectral_radius(const CsrMatrix& a, int iterations,
                                                        double omega) {
  const std::vector<double> zeros(a.rows, 0.0);
  const RowBlock block = make_row_block(a, inverted_diagonal(a), zeros, {0, a.rows},
                                        ReductionChunks::for_rows(a.rows).chunk_rows());
  std::vector<double> x = power_iteration_start(a.rows), x_next(a.rows);
  std::vector<double> residual_sq(block.chunks());
  SpectralRadiusEstimator estimator;
  bool going = estimator.observe(norm2(x));
  for (int k = 0; k < iterations && going; ++k) {
    jacobi_sweep(block, x, x_next, omega, residual_sq, /*use_rhs=*/false);
    std::swap(x, x_next);
    going = estimator.observe(norm2(x));
  }
  return estimator;
}

}  // namespace slae
