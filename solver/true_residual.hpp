#pragma once
// r = b - A x computed afresh, with its norm summed in A's reduction chunks (the same bits
// whatever the node count): what a method's own recurrence only approximates.
#include <span>

#include "solver/csr_matrix.hpp"

namespace slae {

/// Fills r with b - A x and returns ||r||_2. Throws std::invalid_argument on sizes that differ.
double true_residual(const CsrMatrix& a, std::span<const double> b, std::span<const double> x,
                     std::span<double> r);

}  // namespace slae
