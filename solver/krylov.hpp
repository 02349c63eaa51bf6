#pragma once
// The two Krylov processes behind the diagnosis of Jacobi (jacobi_forecast.hpp), started from
// Jacobi's own initial residual r_0 = b, so that what they see is what Jacobi will meet.
//
// Jacobi's residuals obey r_k = (I - omega A D^-1)^k b. Both processes build a small matrix H
// whose powers act on e_1 as A D^-1's powers act on b: ||(I - omega H)^k e_1|| approximates
// ||r_k|| / ||b||, and H's eigenvalues (Ritz values) approximate those of D^-1 A.
//
// - Lanczos, for symmetric A whose diagonal has one sign s: A D^-1 is then similar to the
//   symmetric M = |D|^-1/2 (s A) |D|^-1/2, through r = |D|^1/2 u. Three-term recurrence, O(n)
//   memory; H is tridiagonal, its Ritz values lie inside M's spectrum (so they estimate rho from
//   below), and ||(I - omega H)^k e_1|| is the Gauss quadrature of ||u_k|| / ||u_0|| in that
//   norm: a lower bound for every k (the integrand (1 - omega t)^2k has non-negative even
//   derivatives).
// - Arnoldi, for everything else: full orthogonalization (one reorthogonalization pass), a
//   basis of at most `max_steps` vectors; H is upper Hessenberg, its Ritz values complex.
//
// Products are plain loops in index order: the same bits on every machine and node count.
#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Dense>

#include "solver/csr_matrix.hpp"

namespace slae {

/// Symmetric Lanczos on M = |D|^-1/2 (s A) |D|^-1/2 from u_0 = |D|^-1/2 b.
class LanczosProcess {
 public:
  /// A symmetric with a diagonal of one sign, b != 0 (both checked by the caller).
  LanczosProcess(const CsrMatrix& a, std::span<const double> b);

  /// One more step: one product with A. Returns false when the Krylov space is exhausted (the
  /// last step found an invariant subspace: H is then exact for b).
  bool step();
  std::int64_t steps() const { return static_cast<std::int64_t>(alpha_.size()); }
  bool exhausted() const { return exhausted_; }

  /// Ritz values (ascending) and the squared first components of their eigenvectors (the
  /// Gauss quadrature weights, summing to 1).
  void ritz(Eigen::VectorXd& values, Eigen::VectorXd& weights) const;
  /// s: the sign of A's diagonal (the Ritz values are those of D^-1 A either way).
  double sign() const { return sign_; }

 private:
  const CsrMatrix& a_;
  double sign_ = 1.0;
  std::vector<double> scale_;  ///< |a_ii|^-1/2
  std::vector<double> v_, v_prev_, w_, scaled_;
  std::vector<double> alpha_, beta_;  ///< H's diagonal and sub-diagonal
  bool exhausted_ = false;
};

/// Arnoldi on A D^-1 from v_1 = b / ||b||.
class ArnoldiProcess {
 public:
  ArnoldiProcess(const CsrMatrix& a, std::span<const double> b, int max_steps);

  /// One more step: one product with A. Returns false when no further step is possible: the
  /// Krylov space is exhausted (exhausted() then) or the basis is full.
  bool step();
  int steps() const { return steps_; }
  bool exhausted() const { return exhausted_; }

  /// H of the steps so far (steps() x steps()).
  Eigen::MatrixXd hessenberg() const { return h_.topLeftCorner(steps_, steps_); }

 private:
  const CsrMatrix& a_;
  std::vector<double> inv_diag_;
  int max_steps_;
  std::vector<std::vector<double>> basis_;
  std::vector<double> w_, scaled_;
  Eigen::MatrixXd h_;
  int steps_ = 0;
  bool exhausted_ = false;
};

}  // namespace slae
