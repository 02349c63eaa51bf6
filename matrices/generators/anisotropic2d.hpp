#pragma once
// The anisotropic Laplacian -eps u_yy - u_xx on a grid x grid square, 5-point differences, the
// equations scaled by h^2. Symmetric positive definite like the Poisson matrix, but as eps
// moves away from 1 the couplings in y and x differ more and more: point Jacobi and plain CG
// slow down, which is what line relaxation and preconditioning are taught against.
#include "solver/csr_matrix.hpp"

namespace slae::generators {

/// The largest eps accepted (like --peclet's bound): beyond it the diagonal 2 + 2 eps leaves
/// no trace of the x coupling, and far beyond it overflows.
inline constexpr double kAnisotropic2dMaxEpsilon = 1e12;

/// Row i*grid + j is grid point (x_j, y_i): 2 + 2 eps on the diagonal, -1 towards the (up to)
/// two x neighbours (columns row -+ 1), -eps towards the (up to) two y neighbours (row -+ grid).
/// eps = 1 gives the Poisson matrix. Throws std::invalid_argument unless 1 <= grid, grid^2
/// fits in int32 and 0 < eps <= kAnisotropic2dMaxEpsilon.
CsrMatrix anisotropic_2d(int grid, double epsilon);

}  // namespace slae::generators
