#pragma once
// The 7-point finite-difference Laplacian on a grid x grid x grid cube: the 3D experiments,
// whose many more neighbours per row change what a sweep and its ghost exchange cost.
#include "solver/csr_matrix.hpp"

namespace slae::generators {

/// The largest grid whose grid^3 rows still have int32 column indices.
inline constexpr int kPoisson3dMaxGrid = 1290;

/// Row (k*grid + i)*grid + j is grid point (i, j) of layer k: `diagonal` on the diagonal, -1
/// for each of the (up to) six neighbours. With diagonal 6 this is the textbook Poisson
/// matrix. Throws std::invalid_argument unless 1 <= grid <= kPoisson3dMaxGrid.
CsrMatrix poisson_3d(int grid, double diagonal = 6.0);

}  // namespace slae::generators
