#pragma once
// Who needs which entries of x from whom, worked out once at setup. Node i's rows reference
// columns outside its block, its ghosts; each ghost is some other node's row. In our star
// topology every value travels owner -> coordinator -> consumer, so the coordinator needs, for
// each consumer, where each ghost comes from, and each owner may send the rows others need
// (its exports) ahead of its whole block, so consumers can start the next sweep early.
#include <cstdint>
#include <vector>

#include "solver/row_partition.hpp"

namespace slae {

class GhostExchange {
 public:
  /// ghost_cols[i]: sorted global columns node i needs from others (RowBlock::ghost_cols).
  /// Throws std::invalid_argument if a ghost lies inside its own block or outside the matrix.
  GhostExchange(const RowPartition& partition,
                const std::vector<std::vector<std::int64_t>>& ghost_cols);

  int nodes() const { return static_cast<int>(exports_.size()); }

  /// Rows of node j's block (local numbers, sorted) that some other node needs.
  const std::vector<std::int32_t>& exports(int node) const { return exports_[node]; }

  /// Whether node j sends its exports as a separate early message. Worth it only when they are
  /// a small part of the block (the 2D Poisson matrix: 0.2%); when most rows are exported (a
  /// random matrix), the early message would nearly double the bytes, so consumers wait for
  /// the whole block instead.
  bool early_exports(int node) const { return early_[node]; }

  /// One stretch of node i's ghosts that a single owner supplies: ghosts [first, last).
  struct Run {
    int owner = 0;
    std::int64_t first = 0;
    std::int64_t last = 0;
  };
  /// Node i's ghosts grouped by owner, in ghost order (ghosts are sorted, so owners ascend).
  const std::vector<Run>& runs(int node) const { return runs_[node]; }
  /// For node i's ghost g: the owner's local row, and its index in the owner's exports.
  const std::vector<std::int32_t>& source_rows(int node) const { return source_rows_[node]; }
  const std::vector<std::int32_t>& source_exports(int node) const { return source_exports_[node]; }

  /// Nodes whose rows node i needs (ascending), and nodes that need node j's rows.
  std::vector<int> owners(int node) const;
  const std::vector<int>& consumers(int node) const { return consumers_[node]; }

  /// Ghost values node i receives per exchange.
  std::int64_t ghost_count(int node) const {
    return static_cast<std::int64_t>(source_rows_[node].size());
  }

 private:
  std::vector<std::vector<std::int32_t>> exports_;
  std::vector<bool> early_;
  std::vector<std::vector<Run>> runs_;
  std::vector<std::vector<std::int32_t>> source_rows_;
  std::vector<std::vector<std::int32_t>> source_exports_;
  std::vector<std::vector<int>> consumers_;
};

}  // namespace slae
