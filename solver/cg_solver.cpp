#include "solver/cg_solver.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

#include "solver/cg_kernels.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/row_block.hpp"
#include "solver/system_checks.hpp"

namespace slae {
namespace {

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", v);
  return buffer;
}

// The whole matrix as one block in this process.
class LocalCgBackend final : public CgBackend {
 public:
  LocalCgBackend(const CsrMatrix& a, std::span<const double> b)
      : block_(make_row_block(a, inverted_diagonal(a), b, {0, a.rows},
                              ReductionChunks::for_rows(a.rows).chunk_rows())),
        x_(a.rows, 0.0),
        r_(b.begin(), b.end()),
        z_(a.rows, 0.0),
        p_(a.rows, 0.0),
        q_(a.rows, 0.0),
        sums_a_(block_.chunks()),
        sums_b_(block_.chunks()) {}

  StepSums step(std::int64_t, double alpha) override {
    cg_step(block_, alpha, p_, q_, x_, r_, z_, sums_a_, sums_b_);
    return {sum_in_order(sums_a_), sum_in_order(sums_b_)};
  }
  double direction(std::int64_t, double beta) override {
    cg_direction(beta, z_, {}, p_);
    cg_multiply(block_, p_, q_, sums_a_);
    return sum_in_order(sums_a_);
  }
  std::vector<double> solution() override { return x_; }

 private:
  RowBlock block_;
  std::vector<double> x_, r_, z_, p_, q_;
  std::vector<double> sums_a_, sums_b_;
};

}  // namespace

SolveResult run_cg(CgBackend& backend, double rhs_norm, StopCriteria criteria,
                   const ProgressCallback& progress) {
  criteria.divergence_factor = std::numeric_limits<double>::infinity();
  ConvergenceMonitor monitor(criteria, rhs_norm);
  std::string note;
  // x_0 = 0: a step with alpha = 0 gives r_0 = b, z_0 = D^-1 b and their products.
  CgBackend::StepSums sums = backend.step(0, 0.0);
  SolveOutcome outcome = monitor.observe(std::sqrt(sums.rr));
  if (progress) progress(0, monitor.relative_residual());
  double rz = sums.rz;
  double beta = 0.0;  // the first direction is p_0 = z_0
  for (std::int64_t k = 0; outcome == SolveOutcome::running; ++k) {
    if (!(rz > 0.0)) {
      outcome = SolveOutcome::breakdown;
      note = "r.z = " + number(rz) + " <= 0 at iteration " + std::to_string(k) +
             ": the Jacobi preconditioner is not positive definite (a diagonal entry is <= 0), "
             "so A is not symmetric positive definite";
      break;
    }
    const double pq = backend.direction(k, beta);
    if (!(pq > 0.0)) {
      outcome = SolveOutcome::breakdown;
      note = "p.Ap = " + number(pq) + " <= 0 at iteration " + std::to_string(k) +
             ": A is not positive definite (CG needs a symmetric positive definite matrix)";
      break;
    }
    const double alpha = rz / pq;
    sums = backend.step(k + 1, alpha);
    outcome = monitor.observe(std::sqrt(sums.rr));
    if (progress) progress(k + 1, monitor.relative_residual());
    beta = sums.rz / rz;
    rz = sums.rz;
  }
  return make_result(outcome, monitor, backend.solution(), std::move(note));
}

SolveResult solve_cg(const CsrMatrix& a, std::span<const double> b, StopCriteria criteria) {
  if (static_cast<std::int64_t>(b.size()) != a.rows || a.rows != a.cols) {
    throw std::invalid_argument("solve_cg: A must be square and b as long as A");
  }
  LocalCgBackend backend(a, b);
  return run_cg(backend, norm2(b), criteria);
}

}  // namespace slae
