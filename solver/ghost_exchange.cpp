#include "solver/ghost_exchange.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace slae {

GhostExchange::GhostExchange(const RowPartition& partition,
                             const std::vector<std::vector<std::int64_t>>& ghost_cols) {
  const int n = partition.parts();
  if (static_cast<int>(ghost_cols.size()) != n) {
    throw std::invalid_argument("GhostExchange: one ghost list per block expected");
  }
  exports_.resize(n);
  early_.assign(n, false);
  runs_.resize(n);
  source_rows_.resize(n);
  source_exports_.resize(n);
  consumers_.resize(n);

  // Pass 1: each owner's exports are the distinct rows any consumer asks for.
  std::vector<std::vector<std::int32_t>> wanted(n);
  for (int i = 0; i < n; ++i) {
    for (const std::int64_t col : ghost_cols[i]) {
      if (col < 0 || col >= partition.rows() || partition.block(i).contains(col)) {
        throw std::invalid_argument("GhostExchange: node " + std::to_string(i) + " ghost column " +
                                    std::to_string(col) + " is not another node's row");
      }
      const int owner = partition.owner(col);
      wanted[owner].push_back(static_cast<std::int32_t>(col - partition.block(owner).begin));
    }
  }
  for (int j = 0; j < n; ++j) {
    auto& rows = wanted[j];
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    exports_[j] = rows;
    early_[j] =
        !rows.empty() && rows.size() * 4 <= static_cast<std::size_t>(partition.block(j).size());
  }

  // Pass 2: where each ghost comes from.
  for (int i = 0; i < n; ++i) {
    const auto& cols = ghost_cols[i];
    source_rows_[i].resize(cols.size());
    source_exports_[i].resize(cols.size());
    for (std::size_t g = 0; g < cols.size(); ++g) {
      const int owner = partition.owner(cols[g]);
      const auto local = static_cast<std::int32_t>(cols[g] - partition.block(owner).begin);
      const auto& ex = exports_[owner];
      source_rows_[i][g] = local;
      source_exports_[i][g] =
          static_cast<std::int32_t>(std::lower_bound(ex.begin(), ex.end(), local) - ex.begin());
      if (runs_[i].empty() || runs_[i].back().owner != owner) {
        if (!runs_[i].empty() && runs_[i].back().owner > owner) {
          throw std::invalid_argument("GhostExchange: ghost columns of node " + std::to_string(i) +
                                      " are not sorted");
        }
        runs_[i].push_back({owner, static_cast<std::int64_t>(g), static_cast<std::int64_t>(g)});
        consumers_[owner].push_back(i);
      }
      runs_[i].back().last = static_cast<std::int64_t>(g) + 1;
    }
  }
  for (auto& c : consumers_)
    std::sort(c.begin(), c.end());
}

std::vector<int> GhostExchange::owners(int node) const {
  std::vector<int> out;
  for (const Run& run : runs_[node])
    out.push_back(run.owner);
  return out;
}

}  // namespace slae
