#pragma once
// Before iterating: will Jacobi reach the tolerance on this system, how many iterations will it
// take, and if not, what would work instead? Answered from a Krylov process started from
// Jacobi's own r_0 = b (krylov.hpp), for a few dozen to a few hundred products with A:
//
// - symmetric A with a one-signed diagonal: Lanczos. The Ritz values give the extreme
//   eigenvalues of D^-1 A and so rho(J) = max |1 - omega lambda| from below; the quadrature
//   weights give the residual Jacobi will see, ||r_k|| ~ ||(I - omega H)^k e_1|| ||b|| (exact in
//   the |D|^-1-norm for k below the steps taken, a lower bound beyond).
// - otherwise: Arnoldi, whose small Hessenberg matrix carries the early, non-normal growth of
//   the residual that a power iteration mistakes for divergence.
//
// The estimate has settled when the predicted iteration count (or the verdict "diverges") and
// rho stopped moving over the last checks, or when the Krylov space is exhausted. Settled, the
// count is a prediction ("about N"); not settled, a symmetric estimate still gives a proven
// lower bound ("at least N"), a nonsymmetric one nothing to promise.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "solver/csr_matrix.hpp"
#include "solver/stop_check.hpp"

namespace slae {

struct ForecastSettings {
  double omega = 1.0;                   ///< Jacobi's weight
  double tolerance = 1e-8;              ///< the relative residual to reach
  std::int64_t max_iterations = 10000;  ///< the solve's limit: a bound above it ends the work
  /// The most products with A to spend (0: default_forecast_budget(max_iterations)).
  std::int64_t max_products = 0;
  StopCheck stop;  ///< asked after every product
};

/// The default budget: 5% of the iteration limit, and at least 200 products.
std::int64_t default_forecast_budget(std::int64_t max_iterations);

struct JacobiForecast {
  enum class Method { lanczos, arnoldi };
  Method method = Method::lanczos;
  std::int64_t products = 0;  ///< products with A spent
  std::int64_t budget = 0;
  bool settled = false;
  /// rho(J) = max |1 - omega mu| over the Ritz values mu. Lanczos: a lower bound on the true
  /// rho (and close to it when settled); Arnoldi: an estimate.
  double spectral_radius = 0.0;
  /// Lanczos only: the extreme Ritz values of D^-1 A (inside its spectrum).
  std::optional<double> lambda_min, lambda_max;
  /// Iterations to reach the tolerance from x_0 = 0: a prediction when settled, a proven lower
  /// bound when not (Lanczos), nothing when Jacobi diverges, when tol = 0, or when an unsettled
  /// Arnoldi estimate promises nothing.
  std::optional<std::int64_t> iterations;
  bool iterations_are_lower_bound = false;
  /// rho >= 1: the residual grows (settled, or Lanczos, whose rho is a lower bound: proven).
  bool diverges = false;
  /// Lanczos saw a Ritz value <= 0: D^-1 A has an eigenvalue <= 0, so A (times the sign of its
  /// diagonal) is not positive definite; no omega makes Jacobi converge, and CG breaks down.
  bool indefinite = false;
  /// Lanczos: the diagonal is positive (else negative; Arnoldi: whatever it is).
  bool positive_diagonal = true;
  /// A weight that converges where `omega` does not (or faster), when one was found, with its
  /// rho (Lanczos: a lower bound, as spectral_radius) and predicted iterations (Lanczos: a
  /// lower bound when its estimate did not settle within the budget).
  std::optional<double> better_omega;
  std::optional<double> better_omega_rho;
  std::optional<std::int64_t> better_omega_iterations;
  bool better_omega_iterations_are_lower_bound = false;
};

/// Runs the forecast. A must be square with a non-zero diagonal, b as long; b = 0 needs no
/// forecast (x = 0 at once) and throws std::invalid_argument. Deterministic.
JacobiForecast forecast_jacobi(const CsrMatrix& a, std::span<const double> b,
                               const ForecastSettings& settings);

/// "Lanczos", "Arnoldi".
std::string to_string(JacobiForecast::Method method);

}  // namespace slae
