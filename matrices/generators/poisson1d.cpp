#include "matrices/generators/poisson1d.hpp"

#include <stdexcept>
#include <string>

namespace slae::generators {

CsrMatrix poisson_1d(int grid, double diagonal) {
  if (grid < 1) {
    throw std::invalid_argument("poisson_1d: the grid must have at least 1 point, not " +
                                std::to_string(grid));
  }
  const std::int64_t g = grid;
  CsrMatrix a;
  a.rows = a.cols = g;
  a.row_ptr.reserve(g + 1);
  a.col_idx.reserve(3 * g);
  a.values.reserve(3 * g);
  a.row_ptr.push_back(0);
  const auto add = [&a](std::int64_t col, double value) {
    a.col_idx.push_back(static_cast<std::int32_t>(col));
    a.values.push_back(value);
  };
  for (std::int64_t i = 0; i < g; ++i) {
    // columns in increasing order: left, centre, right
    if (i > 0) add(i - 1, -1.0);
    add(i, diagonal);
    if (i + 1 < g) add(i + 1, -1.0);
    a.row_ptr.push_back(static_cast<std::int64_t>(a.col_idx.size()));
  }
  return a;
}

}  // namespace slae::generators
