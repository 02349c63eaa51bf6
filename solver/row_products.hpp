#pragma once
// The one loop over a row block's matrix that every kernel shares: a_i . v for each row i, its
// entries taken in the block's order (global column order: row_block.hpp), and one partial sum
// per reduction chunk (reduction_chunks.hpp) of what the kernel makes of each row.
//
// Jacobi's sweep, CG's A p and SOR's residuals all multiply through here, so one order of
// floating-point operations serves them all: the bitwise guarantees across node counts rest on
// it, and a change to the loop (a faster one, a wider index) is made once.
#include <algorithm>
#include <cstdint>
#include <span>

#include "solver/row_block.hpp"

namespace slae {

/// a_i . v over row i of the block; v is the node's [own rows | ghosts] buffer.
inline double row_product(const RowBlock& block, const double* v, std::int64_t i) {
  const std::int64_t* row_ptr = block.row_ptr.data();
  const std::int32_t* col = block.local_col.data();
  const double* val = block.values.data();
  double product = 0.0;
  for (std::int64_t k = row_ptr[i]; k < row_ptr[i + 1]; ++k)
    product += val[k] * v[col[k]];
  return product;
}

/// For each of the block's reduction chunks, in row order: chunk_sums[c] = the sum over the
/// chunk's rows i, in order, of row_term(i, a_i . v). chunk_sums holds block.chunks() values;
/// the caller checks the sizes.
template <class RowTerm>
void chunked_row_products(const RowBlock& block, const double* v, std::span<double> chunk_sums,
                          RowTerm&& row_term) {
  const std::int64_t m = block.rows();
  for (std::int64_t c = 0; c < block.chunks(); ++c) {
    const std::int64_t first = c * block.chunk_rows;
    const std::int64_t last = std::min(m, first + block.chunk_rows);
    double sum = 0.0;
    for (std::int64_t i = first; i < last; ++i)
      sum += row_term(i, row_product(block, v, i));
    chunk_sums[static_cast<std::size_t>(c)] = sum;
  }
}

}  // namespace slae
