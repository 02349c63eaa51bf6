#pragma once
// A node's part of a (weighted) Jacobi solve: its rows of x between iterations, the sweep, and
// the replies. Everything the iterations touch is allocated when the worker is made.
#include <cstdint>
#include <span>
#include <vector>

#include "node/reply_sink.hpp"
#include "protocol/messages.hpp"
#include "protocol/payload_buffer.hpp"
#include "solver/row_block.hpp"

namespace slae::node {

class JacobiWorker {
 public:
  /// block and exports must outlive the worker. `shared`: the node's shared-memory segment
  /// (protocol/shared_segment.hpp), where x_m goes to slot m % 3 and block results then carry
  /// no block; empty: blocks travel in the messages, every start.collect_every-th iteration
  /// (the exports go ahead every iteration when that is more than 1). Throws
  /// std::invalid_argument when start does not fit the block (x_0 of the wrong length, omega
  /// outside (0, 2)).
  JacobiWorker(const RowBlock& block, const std::vector<std::int32_t>& exports, bool early_exports,
               const protocol::Start& start, std::span<double> shared = {});

  /// Sweeps x_k into x_{k+1} with the ghost values of x_k, then replies: first x_{k+1} at the
  /// export rows (when early exports were asked for), then the block result. Throws
  /// std::invalid_argument for an iterate that does not fit (wrong k, wrong ghost count).
  void iterate(const protocol::Header& header, const protocol::Iterate& message, ReplySink& out);

  /// The node's rows of the latest x.
  std::span<const double> x();
  /// The node's rows of x_m, for the last three m computed (the ones a coordinator may still
  /// judge). Throws std::invalid_argument for another m.
  std::span<const double> x_at(std::uint64_t m);

 private:
  const RowBlock& block_;
  const std::vector<std::int32_t>& exports_;
  bool early_exports_;
  double omega_;
  std::uint32_t collect_every_;
  std::uint64_t next_iteration_ = 0;  ///< the k whose x_k the current buffer holds
  /// x_m as [own rows | ghosts]: in the shared segment's slot m % 3, or else in x_[m % 3], whose
  /// own rows are sent in place (zero-copy). Three, so that x_m can still be collected when the
  /// coordinator judges it, up to two iterations behind.
  std::span<double> slot(std::uint64_t m);
  std::span<double> shared_;
  protocol::PayloadBuffer x_[3];
  protocol::PayloadBuffer export_values_;
  std::vector<double> residual_sq_;  ///< one sum per reduction chunk
};

}  // namespace slae::node
