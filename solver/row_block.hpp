#pragma once
// One node's share of the system: its rows of A in CSR with local column numbers, the inverted
// diagonal and its part of b. Built once by the coordinator, shipped once, swept every iteration.
//
// Local numbering: a node holds x as one buffer [own block | ghosts]. Column c of A maps to
// c - range.begin when the node owns it, else to range.size() + (position of c in ghost_cols).
// Entries keep the global column order within each row, so the floating-point sum of a row is
// the same whichever way the rows are split: that is what makes x bitwise identical across
// node counts.
#include <cstdint>
#include <span>
#include <vector>

#include "solver/csr_matrix.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/row_partition.hpp"
#include "solver/stop_check.hpp"

namespace slae {

struct RowBlock {
  std::int64_t global_rows = 0;          ///< n, the order of A
  RowRange range;                        ///< the rows this block holds
  std::int64_t chunk_rows = 1;           ///< rows per reduction chunk (reduction_chunks.hpp)
  std::vector<std::int64_t> row_ptr;     ///< range.size() + 1 offsets, starting at 0
  std::vector<std::int32_t> local_col;   ///< local column of each entry (see above)
  std::vector<double> values;            ///< value of each entry
  std::vector<double> inv_diag;          ///< 1 / a_ii for each row of the block
  std::vector<double> rhs;               ///< b_i for each row of the block
  std::vector<std::int64_t> ghost_cols;  ///< sorted global columns referenced outside range

  std::int64_t rows() const { return range.size(); }
  std::int64_t nnz() const { return static_cast<std::int64_t>(values.size()); }
  /// Length of the node's x buffer: own rows then ghosts.
  std::int64_t local_size() const {
    return range.size() + static_cast<std::int64_t>(ghost_cols.size());
  }
  /// Reduction chunks the block's rows fall into (it starts on a chunk boundary).
  std::int64_t chunks() const { return chunk_count(range.size(), chunk_rows); }

  /// Throws std::invalid_argument if the arrays are inconsistent (sizes, offsets, column
  /// numbers outside the local buffer, unsorted or owned ghosts, a range not on chunk
  /// boundaries). Nodes call this on every block they receive: it came over the network.
  void validate() const;
};

/// Cuts rows [range.begin, range.end) out of A. inv_diag and b are indexed globally; the range
/// must lie on boundaries of chunks of chunk_rows rows. `stop` is asked every 65536 entries.
RowBlock make_row_block(const CsrMatrix& a, std::span<const double> inv_diag,
                        std::span<const double> b, RowRange range, std::int64_t chunk_rows = 1,
                        const StopCheck& stop = {});

}  // namespace slae
