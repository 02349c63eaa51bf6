#include "solver/csr_matrix.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "solver/input_error.hpp"

namespace slae {

CsrMatrix CsrMatrix::from_coo(const CooMatrix& coo, const StopCheck& stop) {
  constexpr std::int64_t kMaxDim = std::numeric_limits<std::int32_t>::max();
  if (coo.rows < 0 || coo.cols < 0 || coo.rows > kMaxDim || coo.cols > kMaxDim) {
    throw InputError("matrix of " + std::to_string(coo.rows) + " x " + std::to_string(coo.cols) +
                     " is larger than this solver handles (at most 2147483647 rows)");
  }
  CsrMatrix a;
  a.rows = coo.rows;
  a.cols = coo.cols;

  // Bucket the entries by row (counting sort), then sort each row by column.
  std::vector<std::int64_t> start(coo.rows + 1, 0);
  for (const MatrixEntry& e : coo.entries)
    ++start[e.row + 1];
  for (std::int64_t r = 0; r < coo.rows; ++r)
    start[r + 1] += start[r];
  poll_stop(stop);
  // Not zeroed first: a large matrix's fresh pages fault in as the loop below fills them, between
  // its stop checks, instead of all at once in a constructor that nothing can interrupt.
  struct Entry {
    std::int32_t col;
    double value;
  };
  const std::unique_ptr<Entry[]> bucketed(new Entry[std::max<std::size_t>(coo.entries.size(), 1)]);
  {
    std::vector<std::int64_t> next(start.begin(), start.end() - 1);
    for (std::size_t k = 0; k < coo.entries.size(); ++k) {
      if ((k & 0xFFFF) == 0) poll_stop(stop);
      const MatrixEntry& e = coo.entries[k];
      bucketed[static_cast<std::size_t>(next[e.row]++)] = {static_cast<std::int32_t>(e.col),
                                                           e.value};
    }
  }

  a.row_ptr.assign(coo.rows + 1, 0);
  a.col_idx.reserve(coo.entries.size());
  a.values.reserve(coo.entries.size());
  poll_stop(stop);
  for (std::int64_t r = 0; r < coo.rows; ++r) {
    if ((r & 0xFFFF) == 0) poll_stop(stop);
    Entry* first = bucketed.get() + start[r];
    Entry* last = bucketed.get() + start[r + 1];
    // Stable, so duplicates are summed in file order whatever the sort does.
    std::stable_sort(first, last, [](const Entry& x, const Entry& y) { return x.col < y.col; });
    const std::size_t row_begin = a.col_idx.size();
    for (auto it = first; it != last; ++it) {
      if (a.col_idx.size() > row_begin && a.col_idx.back() == it->col) {
        a.values.back() += it->value;  // Matrix Market: duplicate entries are summed
      } else {
        a.col_idx.push_back(it->col);
        a.values.push_back(it->value);
      }
    }
    a.row_ptr[r + 1] = static_cast<std::int64_t>(a.col_idx.size());
  }
  return a;
}

void CsrMatrix::multiply(std::span<const double> x, std::span<double> y) const {
  if (static_cast<std::int64_t>(x.size()) != cols || static_cast<std::int64_t>(y.size()) != rows) {
    throw std::invalid_argument("CsrMatrix::multiply: vector sizes do not match the matrix");
  }
  for (std::int64_t r = 0; r < rows; ++r) {
    double sum = 0.0;
    for (std::int64_t k = row_ptr[r]; k < row_ptr[r + 1]; ++k)
      sum += values[k] * x[col_idx[k]];
    y[r] = sum;
  }
}

std::vector<double> CsrMatrix::diagonal() const {
  std::vector<double> d(std::min(rows, cols), 0.0);
  for (std::int64_t r = 0; r < static_cast<std::int64_t>(d.size()); ++r) {
    for (std::int64_t k = row_ptr[r]; k < row_ptr[r + 1]; ++k) {
      if (col_idx[k] == r) d[r] = values[k];
    }
  }
  return d;
}

}  // namespace slae
