#pragma once
// Convection-diffusion on the unit square: -laplace(u) + p (u_x + u_y) = f, with first-order
// upwind differences on a grid x grid interior (h = 1 / (grid + 1)), the equations scaled by
// h^2. A nonsymmetric M-matrix: Jacobi converges, and for large p the iteration matrix is far
// from normal, so that its residual grows for a while before it falls: the case that a power
// iteration mistakes for divergence.
#include "solver/csr_matrix.hpp"

namespace slae::generators {

/// Row i*grid + j is grid point (i, j). p >= 0 is the Peclet number (wind speed times the side
/// length over the diffusion): 4 + 2 p h on the diagonal, -(1 + p h) towards the upwind
/// neighbours (west, south), -1 towards the others. Throws std::invalid_argument unless
/// 1 <= grid, grid^2 fits in int32 and p >= 0.
CsrMatrix convection_diffusion_2d(int grid, double peclet);

}  // namespace slae::generators
