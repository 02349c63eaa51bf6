#pragma once
// Collects the nodes' blocks of x_{k+1} for one iteration. Replies are accepted by key
// (node, iteration), never by arrival order; each block lands at its row range.
#include <cstdint>
#include <span>
#include <vector>

#include "protocol/messages.hpp"
#include "solver/row_partition.hpp"

namespace slae::coordinator {

class IterationGather {
 public:
  enum class Verdict { accepted, stale };

  explicit IterationGather(RowPartition partition);

  /// Starts gathering iteration k into x_next (length = rows of the partition).
  void begin(std::uint64_t iteration, std::span<double> x_next);

  /// Takes node's reply. A reply for an earlier iteration is `stale` and ignored. Anything
  /// else that does not fit (wrong rows, wrong length, a second reply, a future iteration)
  /// throws ClusterError naming the node.
  Verdict accept(int node, std::uint64_t iteration, const protocol::BlockResult& result);

  bool complete() const { return received_ == partition_.parts(); }
  /// Sum of the nodes' residual shares, added in node order (not arrival order), so the
  /// same replies always give the same bits.
  double residual_sq() const;

  const RowPartition& partition() const { return partition_; }

 private:
  RowPartition partition_;
  std::uint64_t iteration_ = 0;
  std::span<double> x_next_;
  std::vector<bool> have_;
  std::vector<double> residual_sq_;
  int received_ = 0;
};

}  // namespace slae::coordinator
