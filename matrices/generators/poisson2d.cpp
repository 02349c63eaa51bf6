#include "matrices/generators/poisson2d.hpp"

#include "matrices/generators/five_point.hpp"

namespace slae::generators {

CsrMatrix poisson_2d(int grid, double diagonal) {
  return five_point_matrix(grid, {-1.0, -1.0, diagonal, -1.0, -1.0}, "poisson_2d");
}

}  // namespace slae::generators
