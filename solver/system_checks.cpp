#include "solver/system_checks.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "solver/input_error.hpp"

namespace slae {

void require_nonzero_diagonal(const CooMatrix& a, const std::string& who, const StopCheck& stop) {
  const auto zero = [&](std::int64_t row) {
    return InputError("row " + std::to_string(row + 1) + " has a zero diagonal entry; " + who +
                      " needs a non-zero diagonal");
  };
  const auto missing = [&](std::int64_t row) {
    return InputError("row " + std::to_string(row + 1) + " has no diagonal entry; " + who +
                      " needs a non-zero diagonal");
  };
  std::int64_t on_diagonal = 0;
  for (const MatrixEntry& e : a.entries)
    on_diagonal += e.row == e.col;
  poll_stop(stop);
  if (on_diagonal >= a.rows) {
    // As many diagonal entries as rows at least: a sum per row costs no more memory than the
    // entries already hold, and no sort (duplicates add up, as in CSR).
    std::vector<double> sum(static_cast<std::size_t>(a.rows), 0.0);
    std::vector<bool> seen(sum.size(), false);
    for (const MatrixEntry& e : a.entries) {
      if (e.row != e.col) continue;
      sum[static_cast<std::size_t>(e.row)] += e.value;
      seen[static_cast<std::size_t>(e.row)] = true;
    }
    poll_stop(stop);
    for (std::size_t row = 0; row < sum.size(); ++row) {
      if (!seen[row]) throw missing(static_cast<std::int64_t>(row));
      if (sum[row] == 0.0) throw zero(static_cast<std::int64_t>(row));
    }
    return;
  }
  // Fewer: some row has none. Find the first in O(diagonal entries) memory, which a header
  // claiming 2^31 rows next to a handful of entries needs (a sum per row would be 16 GB).
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
    double total = 0.0;
    for (; k < diag.size() && diag[k].first == row; ++k)
      total += diag[k].second;
    if (total == 0.0) throw zero(row);
    ++expected;
  }
  throw missing(expected);
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
