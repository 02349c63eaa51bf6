#pragma once
// What CG learns of its matrix on the way. Preconditioned CG is the Lanczos process on D^-1 A in
// disguise: its coefficients alpha_j and beta_j build the symmetric tridiagonal T_k of that
// process (as PETSc's -ksp_monitor_singular_value does; Saad, "Iterative Methods for Sparse
// Linear Systems", 6.7.3), whose extreme eigenvalues approach those of D^-1 A from inside as k
// grows. Their ratio estimates kappa, the number that bounds CG's iterations.
#include <cstdint>
#include <optional>
#include <span>

#include "solver/solve_result.hpp"

namespace slae {

/// The extreme eigenvalues of T_k built from the alphas of k steps and the betas between them
/// (k - 1 of them; more are ignored): diagonal 1/alpha_j + beta_{j-1}/alpha_{j-1}, beside it
/// sqrt(beta_j)/alpha_j. Nothing when there is no step, or a coefficient is not a positive
/// finite number (a breakdown: no Lanczos process to speak of).
std::optional<SpectrumEstimate> estimate_spectrum(std::span<const double> alphas,
                                                  std::span<const double> betas);

/// The classical bound on CG's iterations to reduce the error's A-norm by `tolerance`:
/// (sqrt(kappa) / 2) ln(2 / tolerance), from ||e_k||_A <= 2 ((sqrt(k)-1)/(sqrt(k)+1))^k ||e_0||_A.
double cg_iteration_bound(double kappa, double tolerance);

}  // namespace slae
