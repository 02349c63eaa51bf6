#include "matrices/generators/convection_diffusion2d.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace slae::generators {

CsrMatrix convection_diffusion_2d(int grid, double peclet) {
  const std::int64_t g = grid;
  if (g < 1 || g * g > std::numeric_limits<std::int32_t>::max()) {
    throw std::invalid_argument(
        "convection_diffusion_2d: the grid must have 1 to 46340 points per side");
  }
  if (!(peclet >= 0.0) || !std::isfinite(peclet)) {
    throw std::invalid_argument("convection_diffusion_2d: the Peclet number must be >= 0");
  }
  const double ph = peclet / static_cast<double>(g + 1);
  CsrMatrix a;
  a.rows = a.cols = g * g;
  a.row_ptr.reserve(a.rows + 1);
  a.col_idx.reserve(5 * a.rows);
  a.values.reserve(5 * a.rows);
  a.row_ptr.push_back(0);
  const auto add = [&a](std::int64_t col, double value) {
    a.col_idx.push_back(static_cast<std::int32_t>(col));
    a.values.push_back(value);
  };
  for (std::int64_t i = 0; i < g; ++i) {
    for (std::int64_t j = 0; j < g; ++j) {
      const std::int64_t row = i * g + j;
      // columns in increasing order: south (upwind), west (upwind), centre, east, north
      if (i > 0) add(row - g, -(1.0 + ph));
      if (j > 0) add(row - 1, -(1.0 + ph));
      add(row, 4.0 + 2.0 * ph);
      if (j + 1 < g) add(row + 1, -1.0);
      if (i + 1 < g) add(row + g, -1.0);
      a.row_ptr.push_back(static_cast<std::int64_t>(a.col_idx.size()));
    }
  }
  return a;
}

}  // namespace slae::generators
