#include "solver/row_block.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace slae {

RowBlock make_row_block(const CsrMatrix& a, std::span<const double> inv_diag,
                        std::span<const double> b, RowRange range, std::int64_t chunk_rows,
                        const StopCheck& stop) {
  if (range.begin < 0 || range.end > a.rows || range.begin >= range.end) {
    throw std::invalid_argument("make_row_block: row range outside the matrix");
  }
  if (chunk_rows < 1 || !ReductionChunks(a.rows, chunk_rows).aligned(range)) {
    throw std::invalid_argument("make_row_block: row range not on reduction chunk boundaries");
  }
  RowBlock block;
  block.global_rows = a.rows;
  block.range = range;
  block.chunk_rows = chunk_rows;
  const std::int64_t first = a.row_ptr[range.begin];
  const std::int64_t last = a.row_ptr[range.end];

  // Ghosts: the distinct columns outside the block, sorted so that lookups can bisect.
  for (std::int64_t k = first; k < last; ++k) {
    if (((k - first) & 0xFFFF) == 0) poll_stop(stop);
    if (!range.contains(a.col_idx[k])) block.ghost_cols.push_back(a.col_idx[k]);
  }
  poll_stop(stop);
  std::sort(block.ghost_cols.begin(), block.ghost_cols.end());
  block.ghost_cols.erase(std::unique(block.ghost_cols.begin(), block.ghost_cols.end()),
                         block.ghost_cols.end());

  block.row_ptr.resize(range.size() + 1);
  for (std::int64_t r = range.begin; r <= range.end; ++r) {
    block.row_ptr[r - range.begin] = a.row_ptr[r] - first;
  }
  block.values.assign(a.values.begin() + first, a.values.begin() + last);
  block.local_col.resize(last - first);
  poll_stop(stop);
  for (std::int64_t k = first; k < last; ++k) {
    if (((k - first) & 0xFFFF) == 0) poll_stop(stop);
    const std::int64_t col = a.col_idx[k];
    std::int64_t local = 0;
    if (range.contains(col)) {
      local = col - range.begin;
    } else {
      const auto it = std::lower_bound(block.ghost_cols.begin(), block.ghost_cols.end(), col);
      local = range.size() + (it - block.ghost_cols.begin());
    }
    block.local_col[k - first] = static_cast<std::int32_t>(local);
  }
  block.inv_diag.assign(inv_diag.begin() + range.begin, inv_diag.begin() + range.end);
  block.rhs.assign(b.begin() + range.begin, b.begin() + range.end);
  return block;
}

void RowBlock::validate() const {
  const auto fail = [](const std::string& what) {
    throw std::invalid_argument("row block: " + what);
  };
  if (range.begin < 0 || range.end <= range.begin || range.end > global_rows) fail("bad row range");
  if (chunk_rows < 1 || !ReductionChunks(global_rows, chunk_rows).aligned(range)) {
    fail("row range not on reduction chunk boundaries");
  }
  const std::int64_t m = range.size();
  if (static_cast<std::int64_t>(row_ptr.size()) != m + 1) fail("row_ptr length is not rows + 1");
  if (static_cast<std::int64_t>(inv_diag.size()) != m) fail("inv_diag length is not rows");
  if (static_cast<std::int64_t>(rhs.size()) != m) fail("rhs length is not rows");
  if (local_col.size() != values.size()) fail("column and value counts differ");
  if (row_ptr.front() != 0 || row_ptr.back() != nnz()) fail("row_ptr does not span the entries");
  for (std::int64_t r = 0; r < m; ++r) {
    if (row_ptr[r + 1] < row_ptr[r]) fail("row_ptr decreases");
  }
  const std::int64_t local = local_size();
  for (const std::int32_t c : local_col) {
    if (c < 0 || c >= local) fail("a column number is outside the local buffer");
  }
  for (std::size_t g = 0; g < ghost_cols.size(); ++g) {
    const std::int64_t col = ghost_cols[g];
    if (col < 0 || col >= global_rows || range.contains(col)) fail("a ghost column is invalid");
    if (g > 0 && col <= ghost_cols[g - 1]) fail("ghost columns are not strictly increasing");
  }
}

}  // namespace slae
