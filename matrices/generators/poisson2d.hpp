#pragma once
// The 5-point finite-difference Laplacian on a grid x grid square: the benchmark matrix.
#include "solver/csr_matrix.hpp"

namespace slae::generators {

/// Row i*grid + j is grid point (i, j): `diagonal` on the diagonal, -1 for each of the (up to)
/// four neighbours. With diagonal 4 this is the textbook Poisson matrix, whose Jacobi spectral
/// radius cos(pi/(grid+1)) tends to 1; diagonal 4.5 makes rho(J) = 4 cos(pi/(grid+1)) / 4.5,
/// about 0.889, so that Jacobi converges to 1e-8 in 157 iterations at grid = 1000.
/// Throws std::invalid_argument unless 1 <= grid and grid^2 fits in int32.
CsrMatrix poisson_2d(int grid, double diagonal = 4.0);

}  // namespace slae::generators
