#include "solver/jacobi_solver.hpp"

#include <cmath>
#include <stdexcept>

#include "solver/jacobi.hpp"
#include "solver/row_block.hpp"
#include "solver/system_checks.hpp"

namespace slae {

double norm2(std::span<const double> v) {
  double sum = 0.0;
  for (const double value : v)
    sum += value * value;
  return std::sqrt(sum);
}

SolveResult solve_jacobi(const CsrMatrix& a, std::span<const double> b, StopCriteria criteria) {
  if (static_cast<std::int64_t>(b.size()) != a.rows || a.rows != a.cols) {
    throw std::invalid_argument("solve_jacobi: A must be square and b as long as A");
  }
  const std::vector<double> inv_diag = inverted_diagonal(a);
  const RowBlock block = make_row_block(a, inv_diag, b, {0, a.rows});  // one block, no ghosts
  std::vector<double> x(a.rows, 0.0), x_next(a.rows, 0.0);
  ConvergenceMonitor monitor(criteria, norm2(b));
  SolveOutcome outcome = SolveOutcome::running;
  while (outcome == SolveOutcome::running) {
    // The sweep on x_k yields ||b - A x_k|| and x_{k+1}; x_k is kept if it is the answer.
    const double residual = std::sqrt(jacobi_sweep(block, x, x_next));
    outcome = monitor.observe(residual);
    if (outcome == SolveOutcome::running) std::swap(x, x_next);
  }
  return SolveResult{outcome, monitor.iterations(), monitor.relative_residual(), monitor.history(),
                     std::move(x)};
}

}  // namespace slae
