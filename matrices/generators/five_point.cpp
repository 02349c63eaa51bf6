#include "matrices/generators/five_point.hpp"

#include <limits>
#include <stdexcept>
#include <string>

namespace slae::generators {

CsrMatrix five_point_matrix(int grid, const FivePointStencil& s, const char* who) {
  const std::int64_t g = grid;
  if (g < 1 || g * g > std::numeric_limits<std::int32_t>::max()) {
    throw std::invalid_argument(std::string(who) +
                                ": the grid must have 1 to 46340 points per side, not " +
                                std::to_string(grid));
  }
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
      if (i > 0) add(row - g, s.below);
      if (j > 0) add(row - 1, s.left);
      add(row, s.centre);
      if (j + 1 < g) add(row + 1, s.right);
      if (i + 1 < g) add(row + g, s.above);
      a.row_ptr.push_back(static_cast<std::int64_t>(a.col_idx.size()));
    }
  }
  return a;
}

}  // namespace slae::generators
