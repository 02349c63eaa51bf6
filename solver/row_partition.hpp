#pragma once
// How the rows of A are cut into contiguous blocks, one per node.
#include <cstdint>
#include <vector>

#include "solver/csr_matrix.hpp"

namespace slae {

struct RowRange {
  std::int64_t begin = 0;  ///< first row
  std::int64_t end = 0;    ///< one past the last row
  std::int64_t size() const { return end - begin; }
  bool contains(std::int64_t row) const { return row >= begin && row < end; }
  friend bool operator==(const RowRange&, const RowRange&) = default;
};

class RowPartition {
 public:
  /// parts blocks whose row counts differ by at most one (the first n % parts get one more).
  /// Throws std::invalid_argument unless 1 <= parts <= rows.
  static RowPartition uniform(std::int64_t rows, int parts);

  /// parts non-empty contiguous blocks whose stored-entry counts are as even as contiguity
  /// allows, so that a few dense rows do not leave one node doing most of the work. Blocks are
  /// cut only at multiples of `granule` rows (the reduction chunks, see reduction_chunks.hpp).
  /// Throws std::invalid_argument unless 1 <= parts <= ceil(a.rows / granule).
  static RowPartition balanced_by_nnz(const CsrMatrix& a, int parts, std::int64_t granule = 1);

  /// Blocks from explicit boundaries 0 = b0 < b1 < ... < bk = rows.
  explicit RowPartition(std::vector<std::int64_t> bounds);

  int parts() const { return static_cast<int>(bounds_.size()) - 1; }
  std::int64_t rows() const { return bounds_.back(); }
  RowRange block(int part) const { return {bounds_[part], bounds_[part + 1]}; }
  /// The part that owns a row (binary search).
  int owner(std::int64_t row) const;

 private:
  std::vector<std::int64_t> bounds_;
};

}  // namespace slae
