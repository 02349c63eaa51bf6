#pragma once
// Reading a CsrMatrix entry by entry, for the tests that check a generated matrix's stencil.
#include <cstdint>

#include "solver/csr_matrix.hpp"

namespace slae::test {

/// a(r, c): the stored value, 0.0 where nothing is stored.
inline double entry(const CsrMatrix& a, std::int64_t r, std::int64_t c) {
  for (std::int64_t k = a.row_ptr[r]; k < a.row_ptr[r + 1]; ++k) {
    if (a.col_idx[k] == c) return a.values[k];
  }
  return 0.0;
}

/// Row r's stored values summed in stored order.
inline double row_sum(const CsrMatrix& a, std::int64_t r) {
  double sum = 0.0;
  for (std::int64_t k = a.row_ptr[r]; k < a.row_ptr[r + 1]; ++k)
    sum += a.values[k];
  return sum;
}

/// Whether a(r, c) == a(c, r) bit for bit for every stored entry (a stored explicit zero and
/// an absent entry count as equal).
inline bool exactly_symmetric(const CsrMatrix& a) {
  for (std::int64_t r = 0; r < a.rows; ++r) {
    for (std::int64_t k = a.row_ptr[r]; k < a.row_ptr[r + 1]; ++k) {
      if (entry(a, a.col_idx[k], r) != a.values[k]) return false;
    }
  }
  return true;
}

/// Whether every row's columns strictly increase, as CsrMatrix promises its sweeps.
inline bool columns_increase(const CsrMatrix& a) {
  for (std::int64_t r = 0; r < a.rows; ++r) {
    for (std::int64_t k = a.row_ptr[r] + 1; k < a.row_ptr[r + 1]; ++k) {
      if (a.col_idx[k] <= a.col_idx[k - 1]) return false;
    }
  }
  return true;
}

}  // namespace slae::test
