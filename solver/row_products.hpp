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

/// The CSR arrays a product walks (a block's), taken out of the block once per kernel call.
struct RowEntries {
  const std::int64_t* row_ptr;
  const std::int32_t* col;
  const double* val;

  explicit RowEntries(const RowBlock& block)
      : row_ptr(block.row_ptr.data()), col(block.local_col.data()), val(block.values.data()) {}

  /// a_i . v over row i; v is the node's [own rows | ghosts] buffer.
  double product(const double* v, std::int64_t i) const {
    // walked by pointers, not by an index and its bound: one register fewer, which keeps the
    // loop's bound out of memory inside the kernels (2.5% of a Jacobi sweep, measured)
    const std::int32_t* c = col + row_ptr[i];
    const std::int32_t* const end = col + row_ptr[i + 1];
    const double* a = val + row_ptr[i];
    double sum = 0.0;
    for (; c != end; ++c, ++a)
      sum += *a * v[*c];
    return sum;
  }
};

/// a_i . v over row i of the block.
inline double row_product(const RowBlock& block, const double* v, std::int64_t i) {
  return RowEntries(block).product(v, i);
}

/// For each of the block's reduction chunks, in row order: chunk_sums[c] = the sum over the
/// chunk's rows i, in order, of row_term(i, a_i . v). chunk_sums holds block.chunks() values;
/// the caller checks the sizes.
template <class RowTerm>
void chunked_row_products(const RowBlock& block, const double* v, std::span<double> chunk_sums,
                          RowTerm&& row_term) {
  const RowEntries entries(block);
  const std::int64_t m = block.rows();
  const std::int64_t chunks = block.chunks();
  for (std::int64_t c = 0; c < chunks; ++c) {
    const std::int64_t first = c * block.chunk_rows;
    const std::int64_t last = std::min(m, first + block.chunk_rows);
    double sum = 0.0;
    for (std::int64_t i = first; i < last; ++i)
      sum += row_term(i, entries.product(v, i));
    chunk_sums[static_cast<std::size_t>(c)] = sum;
  }
}

}  // namespace slae
