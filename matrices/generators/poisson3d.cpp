#include "matrices/generators/poisson3d.hpp"

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace slae::generators {
namespace {
constexpr std::int64_t cube(std::int64_t g) {
  return g * g * g;
}
static_assert(cube(kPoisson3dMaxGrid) <= std::numeric_limits<std::int32_t>::max() &&
              cube(kPoisson3dMaxGrid + 1) > std::numeric_limits<std::int32_t>::max());
}  // namespace

CsrMatrix poisson_3d(int grid, double diagonal) {
  if (grid < 1 || grid > kPoisson3dMaxGrid) {
    throw std::invalid_argument("poisson_3d: the grid must have 1 to " +
                                std::to_string(kPoisson3dMaxGrid) + " points per side, not " +
                                std::to_string(grid));
  }
  const std::int64_t g = grid;
  const std::int64_t layer = g * g;
  CsrMatrix a;
  a.rows = a.cols = cube(g);
  a.row_ptr.reserve(a.rows + 1);
  a.col_idx.reserve(7 * a.rows);
  a.values.reserve(7 * a.rows);
  a.row_ptr.push_back(0);
  const auto add = [&a](std::int64_t col, double value) {
    a.col_idx.push_back(static_cast<std::int32_t>(col));
    a.values.push_back(value);
  };
  for (std::int64_t k = 0; k < g; ++k) {
    for (std::int64_t i = 0; i < g; ++i) {
      for (std::int64_t j = 0; j < g; ++j) {
        const std::int64_t row = k * layer + i * g + j;
        // columns in increasing order: below, north, west, centre, east, south, above
        if (k > 0) add(row - layer, -1.0);
        if (i > 0) add(row - g, -1.0);
        if (j > 0) add(row - 1, -1.0);
        add(row, diagonal);
        if (j + 1 < g) add(row + 1, -1.0);
        if (i + 1 < g) add(row + g, -1.0);
        if (k + 1 < g) add(row + layer, -1.0);
        a.row_ptr.push_back(static_cast<std::int64_t>(a.col_idx.size()));
      }
    }
  }
  return a;
}

}  // namespace slae::generators
