#pragma once
// Compressed sparse rows: the layout every sweep walks. Within a row, columns are strictly
// increasing; that fixed order is what makes a row's sum the same bits on every node count.
#include <cstdint>
#include <span>
#include <vector>

#include "solver/coo_matrix.hpp"
#include "solver/stop_check.hpp"

namespace slae {

struct CsrMatrix {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::vector<std::int64_t> row_ptr;  ///< rows + 1 offsets into col_idx / values
  std::vector<std::int32_t> col_idx;  ///< column of each stored entry, increasing within a row
  std::vector<double> values;         ///< value of each stored entry

  std::int64_t nnz() const { return static_cast<std::int64_t>(values.size()); }

  /// Sorts the entries, sums duplicates. Throws InputError if a dimension exceeds int32; `stop`
  /// is asked every 65536 rows.
  static CsrMatrix from_coo(const CooMatrix& coo, const StopCheck& stop = {});

  /// y = A x (sequential, in row order).
  void multiply(std::span<const double> x, std::span<double> y) const;

  /// The diagonal; 0.0 where no entry is stored.
  std::vector<double> diagonal() const;
};

}  // namespace slae
