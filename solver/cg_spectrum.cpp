#include "solver/cg_spectrum.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <limits>

namespace slae {
namespace {

bool positive_finite(double v) {
  return std::isfinite(v) && v > 0.0;
}

}  // namespace

std::optional<SpectrumEstimate> estimate_spectrum(std::span<const double> alphas,
                                                  std::span<const double> betas) {
  const std::size_t k = alphas.size();
  if (k == 0 || betas.size() + 1 < k) return std::nullopt;
  Eigen::VectorXd diagonal(static_cast<Eigen::Index>(k));
  Eigen::VectorXd beside(static_cast<Eigen::Index>(k > 1 ? k - 1 : 0));
  for (std::size_t j = 0; j < k; ++j) {
    if (!positive_finite(alphas[j]) || (j + 1 < k && !positive_finite(betas[j])))
      return std::nullopt;
    double d = 1.0 / alphas[j];
    if (j > 0) d += betas[j - 1] / alphas[j - 1];
    diagonal[static_cast<Eigen::Index>(j)] = d;
    if (j + 1 < k) beside[static_cast<Eigen::Index>(j)] = std::sqrt(betas[j]) / alphas[j];
  }
  SpectrumEstimate s;
  s.iterations = static_cast<std::int64_t>(k);
  if (k == 1) {
    s.lambda_min = s.lambda_max = diagonal[0];
    return s;
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver;
  solver.computeFromTridiagonal(diagonal, beside, Eigen::EigenvaluesOnly);
  if (solver.info() != Eigen::Success) return std::nullopt;
  s.lambda_min = solver.eigenvalues().minCoeff();  // ascending, but say what is meant
  s.lambda_max = solver.eigenvalues().maxCoeff();
  return s;
}

double cg_iteration_bound(double kappa, double tolerance) {
  if (!(kappa >= 1.0) || !(tolerance > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt(kappa) / 2.0 * std::log(2.0 / tolerance);
}

}  // namespace slae
