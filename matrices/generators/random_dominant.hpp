#pragma once
// A random, strictly diagonally dominant, non-symmetric sparse matrix whose off-diagonal
// entries are spread over all columns: the worst case for ghost exchange, since every block
// of rows references most of x.
#include <cstdint>

#include "solver/csr_matrix.hpp"

namespace slae::generators {

/// Each row holds `off_diagonals` distinct random columns other than its own, with values
/// +-k/1000 (k uniform in 1..999, so the file text stays short), and a diagonal equal to the
/// sum of their magnitudes plus 1. Jacobi therefore converges (rho(J) < 1). The same seed
/// gives the same matrix on every platform (the generator is our own, not <random>'s
/// implementation-defined distributions). Throws std::invalid_argument on impossible sizes.
CsrMatrix random_diagonally_dominant(std::int64_t rows, int off_diagonals, std::uint64_t seed);

}  // namespace slae::generators
