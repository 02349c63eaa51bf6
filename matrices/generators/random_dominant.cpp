#include "matrices/generators/random_dominant.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "solver/splitmix64.hpp"

namespace slae::generators {

CsrMatrix random_diagonally_dominant(std::int64_t rows, int off_diagonals, std::uint64_t seed) {
  if (rows < 1 || rows > std::numeric_limits<std::int32_t>::max() || off_diagonals < 0 ||
      off_diagonals >= rows) {
    throw std::invalid_argument(
        "random_diagonally_dominant: need 1 <= rows <= 2^31-1 and 0 <= off_diagonals < rows");
  }
  SplitMix64 rng(seed);
  CsrMatrix a;
  a.rows = a.cols = rows;
  const std::size_t per_row = static_cast<std::size_t>(off_diagonals) + 1;
  a.row_ptr.reserve(static_cast<std::size_t>(rows) + 1);
  a.col_idx.reserve(static_cast<std::size_t>(rows) * per_row);
  a.values.reserve(static_cast<std::size_t>(rows) * per_row);
  a.row_ptr.push_back(0);
  std::vector<std::pair<std::int32_t, double>> row;
  for (std::int64_t r = 0; r < rows; ++r) {
    row.clear();
    double magnitude = 0.0;
    while (static_cast<int>(row.size()) < off_diagonals) {
      const auto col = static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(rows)));
      const bool taken = col == r || std::any_of(row.begin(), row.end(),
                                                 [col](const auto& e) { return e.first == col; });
      if (taken) continue;
      const double k = static_cast<double>(1 + rng.below(999));
      const double value = (rng.next() & 1) ? k / 1000.0 : -k / 1000.0;
      magnitude += std::abs(value);
      row.emplace_back(col, value);
    }
    row.emplace_back(static_cast<std::int32_t>(r), magnitude + 1.0);
    std::sort(row.begin(), row.end());
    for (const auto& [col, value] : row) {
      a.col_idx.push_back(col);
      a.values.push_back(value);
    }
    a.row_ptr.push_back(static_cast<std::int64_t>(a.col_idx.size()));
  }
  return a;
}

}  // namespace slae::generators
