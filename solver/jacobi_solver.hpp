#pragma once
// The single-process Jacobi solve: the reference every distributed run must equal bit for bit.
#include <span>

#include "solver/convergence.hpp"
#include "solver/csr_matrix.hpp"
#include "solver/solve_result.hpp"

namespace slae {

/// ||v||2, summed in index order.
double norm2(std::span<const double> v);

/// (Weighted) Jacobi from x0 = 0 until the criteria stop it, with residual norms summed in the
/// reduction chunks of A's order (so it matches a cluster run of any node count). A must be
/// square with a non-zero diagonal (require_nonzero_diagonal); throws std::invalid_argument if
/// b has the wrong length or omega is outside (0, 2).
SolveResult solve_jacobi(const CsrMatrix& a, std::span<const double> b, StopCriteria criteria,
                         double omega = 1.0);

}  // namespace slae
