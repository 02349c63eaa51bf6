#pragma once
// The 3-point finite-difference Laplacian on a line of grid points: the tridiagonal matrix of
// the course's first experiments, where every quantity has a closed form.
#include "solver/csr_matrix.hpp"

namespace slae::generators {

/// Row i is grid point i: `diagonal` on the diagonal, -1 for each of the (up to) two
/// neighbours. With diagonal 2 this is the textbook (2, -1) matrix, whose eigenvalues are
/// 2 - 2 cos(k pi/(grid+1)). Throws std::invalid_argument unless 1 <= grid.
CsrMatrix poisson_1d(int grid, double diagonal = 2.0);

}  // namespace slae::generators
