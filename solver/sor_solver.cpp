#include "solver/sor_solver.hpp"

#include <cmath>
#include <stdexcept>

#include "solver/jacobi_solver.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/row_block.hpp"
#include "solver/sor.hpp"
#include "solver/system_checks.hpp"

namespace slae {

SolveResult solve_sor(const CsrMatrix& a, std::span<const double> b,
                      const MulticolourOrdering& ordering, StopCriteria criteria, double omega) {
  if (static_cast<std::int64_t>(b.size()) != a.rows || a.rows != a.cols ||
      static_cast<std::int64_t>(ordering.colour.size()) != a.rows) {
    throw std::invalid_argument("solve_sor: A must be square, b and the ordering as long as A");
  }
  if (!(omega > 0.0 && omega < 2.0)) throw std::invalid_argument("solve_sor: omega not in (0, 2)");
  const std::vector<double> inv_diag = inverted_diagonal(a);
  const ReductionChunks chunks = ReductionChunks::for_rows(a.rows);
  const RowBlock block = make_row_block(a, inv_diag, b, {0, a.rows}, chunks.chunk_rows());
  const std::vector<std::vector<std::int32_t>> rows =
      rows_by_colour(ordering.colour, ordering.colours());
  std::vector<double> x(static_cast<std::size_t>(a.rows), 0.0), x_k;
  std::vector<double> residual_sq(static_cast<std::size_t>(block.chunks()));
  std::vector<double> scratch(static_cast<std::size_t>(a.rows));
  ConvergenceMonitor monitor(criteria, norm2(b));
  SolveOutcome outcome = SolveOutcome::running;
  while (outcome == SolveOutcome::running) {
    x_k = x;  // the answer, if the residual the first step measures says so
    for (std::size_t c = 0; c < rows.size(); ++c) {
      if (c == 0) {
        sor_colour_step(block, rows[0], x, omega, residual_sq, scratch);
        outcome = monitor.observe(std::sqrt(sum_in_order(residual_sq)));
        if (outcome != SolveOutcome::running) break;
      } else {
        sor_colour_step(block, rows[c], x, omega);
      }
    }
  }
  return make_result(outcome, monitor, std::move(x_k));
}

}  // namespace slae
