#include "solver/jacobi_solver.hpp"

#include <cmath>
#include <stdexcept>

#include "solver/jacobi.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/row_block.hpp"
#include "solver/system_checks.hpp"

namespace slae {

double norm2(std::span<const double> v) {
  double sum = 0.0;
  for (const double value : v)
    sum += value * value;
  return std::sqrt(sum);
}

SolveResult solve_jacobi(const CsrMatrix& a, std::span<const double> b, StopCriteria criteria,
                         double omega) {
  if (static_cast<std::int64_t>(b.size()) != a.rows || a.rows != a.cols) {
    throw std::invalid_argument("solve_jacobi: A must be square and b as long as A");
  }
  if (!(omega > 0.0 && omega < 2.0))
    throw std::invalid_argument("solve_jacobi: omega not in (0, 2)");
  const std::vector<double> inv_diag = inverted_diagonal(a);
  const ReductionChunks chunks = ReductionChunks::for_rows(a.rows);
  // one block, no ghosts
  const RowBlock block = make_row_block(a, inv_diag, b, {0, a.rows}, chunks.chunk_rows());
  std::vector<double> x(a.rows, 0.0), x_next(a.rows, 0.0), residual_sq(block.chunks());
  ConvergenceMonitor monitor(criteria, norm2(b));
  SolveOutcome outcome = SolveOutcome::running;
  while (outcome == SolveOutcome::running) {
    // The sweep on x_k yields ||b - A x_k|| and x_{k+1}; x_k is kept if it is the answer.
    jacobi_sweep(block, x, x_next, omega, residual_sq);
    outcome = monitor.observe(std::sqrt(sum_in_order(residual_sq)));
    if (outcome == SolveOutcome::running) std::swap(x, x_next);
  }
  return make_result(outcome, monitor, std::move(x));
}

}  // namespace slae
