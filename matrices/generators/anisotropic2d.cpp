#include "matrices/generators/anisotropic2d.hpp"

#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

namespace slae::generators {

CsrMatrix anisotropic_2d(int grid, double epsilon) {
  const std::int64_t g = grid;
  if (g < 1 || g * g > std::numeric_limits<std::int32_t>::max()) {
    throw std::invalid_argument(
        "anisotropic_2d: the grid must have 1 to 46340 points per side, not " +
        std::to_string(grid));
  }
  // written so that NaN fails it too
  if (!(epsilon > 0.0 && epsilon <= kAnisotropic2dMaxEpsilon)) {
    std::ostringstream message;
    message << "anisotropic_2d: epsilon must be > 0 and <= 1e12, not " << epsilon;
    throw std::invalid_argument(message.str());
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
  const double diagonal = 2.0 + 2.0 * epsilon;
  for (std::int64_t i = 0; i < g; ++i) {
    for (std::int64_t j = 0; j < g; ++j) {
      const std::int64_t row = i * g + j;
      // columns in increasing order: y below, x left, centre, x right, y above
      if (i > 0) add(row - g, -epsilon);
      if (j > 0) add(row - 1, -1.0);
      add(row, diagonal);
      if (j + 1 < g) add(row + 1, -1.0);
      if (i + 1 < g) add(row + g, -epsilon);
      a.row_ptr.push_back(static_cast<std::int64_t>(a.col_idx.size()));
    }
  }
  return a;
}

}  // namespace slae::generators
