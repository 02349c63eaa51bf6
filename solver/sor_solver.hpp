#pragma once
// The single-process multicolour SOR solve (Gauss-Seidel at omega = 1): the reference every
// distributed run must equal bit for bit.
#include <span>

#include "solver/convergence.hpp"
#include "solver/csr_matrix.hpp"
#include "solver/multicolour.hpp"
#include "solver/solve_result.hpp"

namespace slae {

/// SOR in the ordering's colour order from x_0 = 0 until the criteria stop it, with residual
/// norms summed in the reduction chunks of A's order (so it matches a cluster run of any node
/// count). A must be square with a non-zero diagonal, the ordering A's; throws
/// std::invalid_argument if b or the ordering has the wrong length or omega is outside (0, 2).
SolveResult solve_sor(const CsrMatrix& a, std::span<const double> b,
                      const MulticolourOrdering& ordering, StopCriteria criteria,
                      double omega = 1.0);

}  // namespace slae
