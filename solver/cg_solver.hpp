#pragma once
// Conjugate gradients with the Jacobi preconditioner M = D, written once against a small
// backend interface, in the manner of Ginkgo's executors and AMGCL's backends: the cluster
// backend sends each step to the nodes, the local backend runs the same kernels in this
// process. Both go through run_cg, so both take the very same scalar decisions.
//
// The residual tracked is the recursively updated r (PETSc's "unpreconditioned" norm for CG),
// and the stopping test is ||r_k|| <= tol ||b||, as PETSc's -ksp_norm_type unpreconditioned.
// Unlike PETSc, a solve does not end there: in floating point the recursive r drifts from
// b - A x (by 2000x on ill-conditioned matrices at tight tolerances), so the true residual is
// computed afresh, and when it misses the tolerance CG restarts from it. The x returned meets
// the tolerance in truth, or its outcome says that it does not.
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "solver/convergence.hpp"
#include "solver/csr_matrix.hpp"
#include "solver/row_block.hpp"
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
  /// x as it stands (whole).
  virtual std::vector<double> solution() = 0;
  /// Starts over from x with its true residual r = b - A x (whole vectors): p = 0, and the next
  /// step(iteration, 0) gives z = D^-1 r with its sums. `iteration` is the k of this x_k.
  virtual void restart(std::int64_t iteration, std::span<const double> x,
                       std::span<const double> r) = 0;
};

/// What CG solves, for the true residual.
struct CgSystem {
  const CsrMatrix& a;
  std::span<const double> b;
  double rhs_norm = 0.0;  ///< ||b||2, as the monitor has it
};

/// run_cg's own state right after the step that made x_k. With the backend's vectors at that
/// moment (x_k, r_k and p_{k-1}) and the monitor's residuals of x_0 .. x_k, it is all a solve
/// needs to go on from k as if it had never stopped (a checkpoint, solver/checkpoint.hpp).
struct CgScalars {
  std::int64_t iteration = 0;  ///< k
  double beta = 0.0;           ///< of the next direction: (r.z)_k / (r.z)_{k-1}
  std::int64_t restarts = 0;   ///< from the true residual, so far
  std::int64_t fruitless = 0;  ///< restarts in a row that did not halve the true residual
  double best = std::numeric_limits<double>::infinity();  ///< smallest true residual so far
};

/// How run_cg begins and whom it tells of the states it reaches.
struct CgContinuation {
  /// Go on from this state instead of x_0 = 0: the backend already holds its x_k, r_k and
  /// p_{k-1}, and the monitor the residuals of x_0 .. x_k (ConvergenceMonitor::resume).
  const CgScalars* resume = nullptr;
  /// Called after every step that leaves the solve running, while the backend holds x_k, r_k
  /// and p_{k-1}: the moment to save them.
  std::function<void(const CgScalars&)> reached;
};

/// CG's stopping criteria from a solve's: divergence only on NaN/Inf (CG on an SPD matrix
/// cannot diverge, and a residual that climbs for a while on an ill-conditioned one is normal).
StopCriteria cg_criteria(StopCriteria criteria);

/// Runs CG from x0 = 0 (the backend's starting state: x = 0, r = b, p = 0), recording the
/// tracked residual of every iteration in `monitor` (made with cg_criteria; the caller keeps
/// it, so an interrupted solve still has its history). Stops with `breakdown` when p.Ap <= 0
/// (A is not positive definite) or r.z <= 0 (D is not positive definite). When the tracked
/// residual meets the tolerance but the true one does not, restarts from the true one, until it
/// does (converged), the iterations run out (max_iterations), or three restarts in a row fail
/// to halve it (stagnated). The result's relative_residual is always the true one of its x.
SolveResult run_cg(CgBackend& backend, const CgSystem& system, ConvergenceMonitor& monitor,
                   const ProgressCallback& progress = nullptr,
                   const CgContinuation& continuation = {});

/// The whole matrix as one block in this process: what solve_cg runs on, and a backend whose
/// state can be taken and put back (tests of going on from a state).
class LocalCgBackend final : public CgBackend {
 public:
  LocalCgBackend(const CsrMatrix& a, std::span<const double> b);
  StepSums step(std::int64_t iteration, double alpha) override;
  double direction(std::int64_t iteration, double beta) override;
  std::vector<double> solution() override { return x_; }
  void restart(std::int64_t iteration, std::span<const double> x,
               std::span<const double> r) override;
  /// Puts x, r and p back (whole vectors, as r() and p() gave them).
  void load(std::span<const double> x, std::span<const double> r, std::span<const double> p);
  const std::vector<double>& r() const { return r_; }
  const std::vector<double>& p() const { return p_; }

 private:
  RowBlock block_;
  std::vector<double> x_, r_, z_, p_, q_;
  std::vector<double> sums_a_, sums_b_;
};

/// The single-process reference: run_cg over the local backend. A must be square with a
/// non-zero diagonal; throws std::invalid_argument if b has the wrong length.
SolveResult solve_cg(const CsrMatrix& a, std::span<const double> b, StopCriteria criteria);

}  // namespace slae
