#pragma once
// Sums over rows that come out the same, to the last bit, on any number of nodes.
//
// Floating-point addition is not associative, so a residual norm or a dot product summed node
// by node depends on where the blocks are cut. Instead, every sum over rows is taken in two
// fixed stages: first over chunks of `chunk_rows` consecutive global rows (in row order), then
// over the chunk sums (in chunk order). Partitions cut only between chunks, so a node always
// holds whole chunks and reports one partial sum per chunk; the coordinator adds them up in
// chunk order. The result depends on n alone, never on the node count: residual histories,
// iteration counts and CG's iterates are bitwise identical on 1 node or 8.
#include <cstdint>
#include <span>

#include "solver/row_partition.hpp"

namespace slae {

class ReductionChunks {
 public:
  /// The chunking used for n rows: the largest power of two <= max(1, n / 1024) rows per
  /// chunk, so there are between 1024 and 2048 chunks (n when n < 2048): fine enough for
  /// balanced partitions, coarse enough that the partial sums cost nothing on the wire.
  static ReductionChunks for_rows(std::int64_t rows);

  /// Explicit chunk size (tests). Throws std::invalid_argument unless rows, chunk_rows >= 1.
  ReductionChunks(std::int64_t rows, std::int64_t chunk_rows);

  std::int64_t rows() const { return rows_; }
  std::int64_t chunk_rows() const { return chunk_rows_; }
  std::int64_t count() const { return (rows_ + chunk_rows_ - 1) / chunk_rows_; }
  /// Rows of chunk c (the last one may be shorter).
  RowRange chunk(std::int64_t c) const;
  /// True when range starts on a chunk boundary and ends on one (or at the last row).
  bool aligned(RowRange range) const;
  /// The chunks covering an aligned range: [first, first + count).
  std::int64_t first_chunk(RowRange range) const { return range.begin / chunk_rows_; }
  std::int64_t chunks_in(RowRange range) const {
    return (range.size() + chunk_rows_ - 1) / chunk_rows_;
  }

 private:
  std::int64_t rows_;
  std::int64_t chunk_rows_;
};

/// Number of chunks of `chunk_rows` rows that cover `rows` rows (a node's block).
inline std::int64_t chunk_count(std::int64_t rows, std::int64_t chunk_rows) {
  return (rows + chunk_rows - 1) / chunk_rows;
}

/// The second stage: chunk sums added in order. (Also the only summation order the tests
/// of bitwise reproducibility need to mirror.)
double sum_in_order(std::span<const double> chunk_sums);

/// sum_i v_i^2 over rows, through the two stages (the single-process reference for norms).
double chunked_sum_of_squares(std::span<const double> v, std::int64_t chunk_rows);

}  // namespace slae
