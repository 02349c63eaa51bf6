#pragma once
// Before Gauss-Seidel or SOR runs: the spectral radius of its iteration matrix in the
// multicolour ordering, measured. The error of SOR obeys e_{k+1} = M e_k, which is SOR itself
// on A x = 0: so sweeping a random start with b = 0 is a power iteration on M, and the average
// shrink factor per sweep tends to rho(M). No theory is assumed (A need not be symmetric, nor the
// ordering consistent), so it is an honest estimate for any matrix; the price is that it
// settles slowly when M's largest eigenvalues lie close together (then it says so).
//
// For a two-colour ordering of a matrix with one-signed diagonal (consistently ordered, as the
// red-black ordering of the 5-point stencil is), Young's theory adds what a course wants:
// rho_GS = rho_J^2, and the best weight omega_opt = 2 / (1 + sqrt(1 - rho_J^2)).
#include <cstdint>
#include <optional>

#include "solver/csr_matrix.hpp"
#include "solver/jacobi_forecast.hpp"
#include "solver/multicolour.hpp"

namespace slae {

struct SorForecast {
  double omega = 1.0;
  std::int64_t sweeps = 0;  ///< sweeps spent (each one product with A)
  std::int64_t budget = 0;
  double spectral_radius = 0;  ///< the average shrink factor per sweep, over the last sweeps
  bool settled = false;        ///< the estimate stopped moving (within 2% of 1 - rho)
  bool diverges = false;       ///< settled at rho >= 1
  /// Settled and converging: ln(tol) / ln(rho), what the slowest error mode needs.
  std::optional<std::int64_t> iterations;
  /// Gauss-Seidel with two colours: rho_J = sqrt(rho_GS), and Young's best weight from it.
  std::optional<double> jacobi_radius, optimal_omega;
};

/// Measures rho of SOR's iteration matrix at `omega` in `ordering` (settings' omega is unused;
/// its tolerance, budget and stop are). A must be square with a non-zero diagonal.
/// Deterministic.
SorForecast forecast_sor(const CsrMatrix& a, const MulticolourOrdering& ordering, double omega,
                         const ForecastSettings& settings);

}  // namespace slae
