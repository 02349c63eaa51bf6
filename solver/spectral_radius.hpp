#pragma once
// Why will Jacobi converge, or not? Its error obeys e_{k+1} = J e_k with the iteration matrix
// J = I - omega D^-1 A, so it shrinks like rho(J)^k: rho < 1 converges, rho >= 1 diverges, and
// ln(tol) / ln(rho) iterations reach the tolerance. rho is estimated by the power iteration
// x_k = J^k x_0, which is Jacobi itself on A x = 0 (jacobi_sweep with use_rhs = false), from
// a pseudo-random x_0.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "solver/csr_matrix.hpp"

namespace slae {

/// Estimates rho(J) from the norms ||J^k x_0||, k = 0, 1, 2, ...
class SpectralRadiusEstimator {
 public:
  /// Records ||J^k x_0|| for the next k. Returns false when further iterations cannot help:
  /// the norm reached zero (J is nilpotent on x_0: rho is 0 as far as Jacobi can tell), or
  /// left [1e-150, 1e150], beyond which squares of the values would lose precision.
  bool observe(double norm);

  /// The estimate: the geometric mean of the norm ratios over the last two steps,
  /// (||J^k x_0|| / ||J^{k-2} x_0||)^(1/2), which settles even when J has a pair of dominant
  /// eigenvalues +rho and -rho (common: bipartite sparsity patterns). Nothing before k = 2,
  /// unless the norm already reached zero.
  std::optional<double> estimate() const;

  /// Power iterations done (norms observed minus one).
  std::int64_t iterations() const { return static_cast<std::int64_t>(norms_.size()) - 1; }

 private:
  std::vector<double> norms_;
};

/// Jacobi iterations predicted to reduce the residual from ||b|| (x_0 = 0) to tol ||b|| when
/// rho(J) = rho: ceil(ln(tol) / ln(rho)). Nothing when rho >= 1 (it will not converge); 1 when
/// rho = 0.
std::optional<std::int64_t> predicted_iterations(double rho, double tolerance);

/// The pseudo-random start vector of the power iteration: n values uniform in [-1, 1) from a
/// fixed seed, the same on every machine and node count.
std::vector<double> power_iteration_start(std::int64_t n, std::uint64_t seed = 20261125);

/// Single-process reference: `iterations` power iterations of J = I - omega D^-1 A from
/// power_iteration_start(n), the norms summed in row order. The cluster's estimate must equal
/// it bit for bit.
SpectralRadiusEstimator estimate_jacobi_spectral_radius(const CsrMatrix& a, int iterations,
                                                        double omega = 1.0);

}  // namespace slae
