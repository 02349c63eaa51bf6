#include "matrices/generators/convection_diffusion2d.hpp"

#include <cmath>
#include <stdexcept>

#include "matrices/generators/five_point.hpp"

namespace slae::generators {

CsrMatrix convection_diffusion_2d(int grid, double peclet) {
  if (!(peclet >= 0.0) || !std::isfinite(peclet)) {
    throw std::invalid_argument("convection_diffusion_2d: the Peclet number must be >= 0");
  }
  const double ph = peclet / (static_cast<double>(grid) + 1.0);
  // upwind: the flow comes from below and from the left
  return five_point_matrix(grid, {-(1.0 + ph), -(1.0 + ph), 4.0 + 2.0 * ph, -1.0, -1.0},
                           "convection_diffusion_2d");
}

}  // namespace slae::generators
