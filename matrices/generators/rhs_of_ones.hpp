#pragma once
// The right-hand side that --rhs writes: b = A * 1, so that the exact solution is all ones and a
// run's error can be measured, not only its residual.
#include <vector>

#include "solver/csr_matrix.hpp"

namespace slae::generators {

/// b = A * (1, ..., 1): each b[r] is row r's values summed in stored order, the very sum the
/// coordinator forms when it is given no --rhs.
std::vector<double> rhs_of_ones(const CsrMatrix& a);

}  // namespace slae::generators
