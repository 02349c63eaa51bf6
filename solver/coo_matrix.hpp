#pragma once
// A matrix as a list of (row, column, value) entries, the shape in which Matrix Market delivers it.
// Entries are 0-based; symmetric storage is already expanded; duplicates are not yet summed
// (CsrMatrix::from_coo does that).
#include <cstdint>
#include <vector>

namespace slae {

struct MatrixEntry {
  std::int64_t row = 0;  ///< 0-based row index
  std::int64_t col = 0;  ///< 0-based column index
  double value = 0.0;    ///< finite value
};

struct CooMatrix {
  std::int64_t rows = 0;             ///< number of rows
  std::int64_t cols = 0;             ///< number of columns
  std::vector<MatrixEntry> entries;  ///< in file order, symmetric halves mirrored
};

}  // namespace slae
