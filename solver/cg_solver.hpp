#pragma once
// Conjugate gradients with the Jacobi preconditioner M = D, written once against a small
// backend interface, in the manner of Ginkgo's executors and AMGCL's backends: the cluster
// backend sends each step to the nodes, the local backend runs the same kernels in this
// process. Both go through run_cg, so both take the very same scalar decisions.
//
// The residual tracked is the recursively updated r (PETSc's "unpreconditioned" norm for CG),
// and the stopping test is ||r_k|| <= tol ||b||, as PETSc's -ksp_norm_type unpreconditioned.
#include <cstdint>
#include <span>
#include <vector>

#include "solver/convergence.hpp"
#include "solver/csr_matrix.hpp"
#include "solver/solve_result.hpp"

namespace slae {

/// What CG needs from whoever holds the vectors. Sums come back already added in reduction
/// chunk order (reduction_chunks.hpp), so they do not depend on how the rows are split.
class CgBackend {
 public:
  virtual ~CgBackend() = default;
  struct StepSums {
    double rz = 0.0;  ///< r.z (z = D^-1 r)
    double rr = 0.0;  ///< r.r = ||r||^2
  };
  /// x += alpha p; r -= alpha q; z = D^-1 r. `iteration` is k of the x_k this produces.
  virtual StepSums step(std::int64_t iteration, double alpha) = 0;
  /// p = z + beta p; q = A p. Returns p.q. `iteration` is the k of the current x_k.
  virtual double direction(std::int64_t iteration, double beta) = 0;
  /// x as it stands; called once, when the solve ends.
  virtual std::vector<double> solution() = 0;
};

/// Runs CG from x0 = 0 (the backend's starting state: x = 0, r = b, p = 0). Stops on the
/// criteria (divergence only on NaN/Inf: CG on an SPD matrix cannot diverge, and a residual
/// that climbs for a while on an ill-conditioned one is normal), or with `breakdown` when
/// p.Ap <= 0 (A is not positive definite) or r.z <= 0 (D is not positive definite).
SolveResult run_cg(CgBackend& backend, double rhs_norm, StopCriteria criteria,
                   const ProgressCallback& progress = nullptr);

/// The single-process reference: run_cg over the local backend. A must be square with a
/// non-zero diagonal; throws std::invalid_argument if b has the wrong length.
SolveResult solve_cg(const CsrMatrix& a, std::span<const double> b, StopCriteria criteria);

}  // namespace slae
