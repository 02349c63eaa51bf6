#pragma once
// A node's part of a CG solve (solver/cg_kernels.hpp): its rows of x, r, z, q and p (with
// ghosts), and the two steps the coordinator alternates: step k (alpha) then direction k (beta).
#include <cstdint>
#include <span>
#include <vector>

#include "node/reply_sink.hpp"
#include "protocol/messages.hpp"
#include "protocol/payload_buffer.hpp"
#include "solver/row_block.hpp"

namespace slae::node {

class CgWorker {
 public:
  /// block and exports must outlive the worker. Starts from x = 0, r = b, p = 0, or, when start
  /// carries them, from the given x_0 and r_0 (a restart from the true residual) with p = 0, or
  /// with the given p (own rows, then ghosts: CG going on after a lost worker);
  /// the first step expected is step `iteration`. Throws std::invalid_argument when start does
  /// not fit the block.
  CgWorker(const RowBlock& block, const std::vector<std::int32_t>& exports,
           const protocol::Start& start, std::uint64_t iteration = 0);

  /// step k (alpha): x += alpha p, r -= alpha q, z = D^-1 r; replies with r.z, r.r and z at the
  /// exports. Throws std::invalid_argument when a step is out of turn.
  void step(const protocol::Header& header, const protocol::CgStep& message, ReplySink& out);
  /// direction k (beta, z at the ghosts): p = z + beta p, q = A p; replies with p.q.
  void direction(const protocol::Header& header, const protocol::CgDirection& message,
                 ReplySink& out);

  std::span<const double> x() const { return x_; }
  std::span<const double> r() const { return r_; }
  /// p at the block's own rows.
  std::span<const double> p() const { return std::span<const double>(p_).first(x_.size()); }

 private:
  void expect(const protocol::Header& header, bool want_step) const;

  const RowBlock& block_;
  const std::vector<std::int32_t>& exports_;
  std::uint64_t iteration_ = 0;  ///< k of the next step, or of the direction that follows it
  bool step_due_ = true;         ///< the next message must be a step (else a direction)
  std::vector<double> x_, r_, z_, q_;
  std::vector<double> p_;         ///< [own rows | ghosts]
  std::vector<double> z_ghosts_;  ///< z at the ghosts, aligned (the frame's copy may not be)
  std::vector<double> sums_a_, sums_b_;
  protocol::PayloadBuffer export_values_;
};

}  // namespace slae::node
