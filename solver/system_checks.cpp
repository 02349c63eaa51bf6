#include "solver/system_checks.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "solver/input_error.hpp"

namespace slae {

void require_nonzero_diagonal(const CooMatrix& a) {
  // Sum the diagonal entries per row (duplicates add up, as in CSR), using only O(nnz) memory.
  std::vector<std::pair<std::int64_t, double>> diag;
  for (const MatrixEntry& e : a.entries) {
    if (e.row == e.col) diag.emplace_back(e.row, e.value);
  }
  std::stable_sort(diag.begin(), diag.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::int64_t expected = 0;  // the next row that must show up
  for (std::size_t k = 0; k < diag.size();) {
    const std::int64_t row = diag[k].first;
    if (row != expected) break;
    double sum = 0.0;
    for (; k < diag.size() && diag[k].first == row; ++k)
      sum += diag[k].second;
    if (sum == 0.0) {
      throw InputError("row " + std::to_string(row + 1) +
                       " has a zero diagonal entry; Jacobi needs a non-zero diagonal");
    }
    ++expected;
  }
  if (expected < a.rows) {
    throw InputError("row " + std::to_string(expected + 1) +
                     " has no diagonal entry; Jacobi needs a non-zero diagonal");
  }
}

std::vector<double> inverted_diagonal(const CsrMatrix& a) {
  std::vector<double> d = a.diagonal();
  for (double& v : d)
    v = 1.0 / v;
  return d;
}

std::optional<AsymmetricPair> first_asymmetric_entry(const CsrMatrix& a) {
  if (a.rows != a.cols) return AsymmetricPair{0, 0, 0.0, 0.0};
  // a(c, r) by binary search in row c (columns are sorted within a row)
  const auto at = [&a](std::int64_t r, std::int64_t c) {
    const auto first = a.col_idx.begin() + a.row_ptr[r];
    const auto last = a.col_idx.begin() + a.row_ptr[r + 1];
    const auto it = std::lower_bound(first, last, static_cast<std::int32_t>(c));
    return it != last && *it == c ? a.values[it - a.col_idx.begin()] : 0.0;
  };
  for (std::int64_t r = 0; r < a.rows; ++r) {
    for (std::int64_t k = a.row_ptr[r]; k < a.row_ptr[r + 1]; ++k) {
      const std::int64_t c = a.col_idx[k];
      if (c == r) continue;
      const double mirror = at(c, r);
      if (mirror != a.values[k]) return AsymmetricPair{r, c, a.values[k], mirror};
    }
  }
  return std::nullopt;
}

std::optional<std::int64_t> first_row_not_diagonally_dominant(const CsrMatrix& a) {
  for (std::int64_t r = 0; r < a.rows; ++r) {
    double diag = 0.0, off = 0.0;
    for (std::int64_t k = a.row_ptr[r]; k < a.row_ptr[r + 1]; ++k) {
      if (a.col_idx[k] == r)
        diag = std::abs(a.values[k]);
      else
        off += std::abs(a.values[k]);
    }
    if (!(diag > off)) return r;
  }
  return std::nullopt;
}

}  // namespace slae
