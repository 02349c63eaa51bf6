#pragma once
// The 5-point stencil on a grid x grid square that the 2D generators share: one row per point,
// row-major, each row's entries in increasing column order (the point below, left, itself,
// right, above), a neighbour outside the square left out.
#include "solver/csr_matrix.hpp"

namespace slae::generators {

struct FivePointStencil {
  double below = -1.0;  ///< the point a row of the grid earlier (column - grid)
  double left = -1.0;
  double centre = 4.0;
  double right = -1.0;
  double above = -1.0;
};

/// The matrix of the stencil on a grid x grid square. `who` names the generator in the
/// exception a grid outside 1 .. 46340 (grid^2 rows keep int32 column indices) throws.
CsrMatrix five_point_matrix(int grid, const FivePointStencil& stencil, const char* who);

}  // namespace slae::generators
