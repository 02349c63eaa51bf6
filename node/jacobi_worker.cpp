#include "node/jacobi_worker.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "node/start_checks.hpp"
#include "protocol/shared_segment.hpp"
#include "solver/jacobi.hpp"

namespace slae::node {

using namespace slae::protocol;

JacobiWorker::JacobiWorker(const RowBlock& block, const std::vector<std::int32_t>& exports,
                           bool early_exports, const Start& start, std::span<double> shared)
    : block_(block),
      exports_(exports),
      // a node that sends its block only now and then sends its exports every time
      early_exports_(early_exports || (shared.empty() && start.collect_every > 1)),
      omega_(start.omega),
      collect_every_(shared.empty() ? std::max<std::uint32_t>(1, start.collect_every) : 1),
      shared_(shared),
      x_{PayloadBuffer(shared.empty() ? static_cast<std::size_t>(block.local_size()) : 0),
         PayloadBuffer(shared.empty() ? static_cast<std::size_t>(block.local_size()) : 0),
         PayloadBuffer(shared.empty() ? static_cast<std::size_t>(block.local_size()) : 0)},
      export_values_(early_exports_ ? exports.size() : 0),
      residual_sq_(static_cast<std::size_t>(block.chunks())) {
  if (!shared_.empty() &&
      shared_.size() != static_cast<std::size_t>(kSharedSlots * block.local_size())) {
    throw std::invalid_argument("the shared segment does not fit the block");
  }
  if (start.r0.size() != 0) throw std::invalid_argument("jacobi takes no r0");
  check_weight(omega_);
  check_start_x0(start.x0, block);
  if (start.x0.size() != 0) {
    start.x0.copy_to(slot(0).first(static_cast<std::size_t>(block.rows())));
  } else if (!shared_.empty()) {
    std::fill(shared_.begin(), shared_.end(), 0.0);  // an earlier solve's iterates
  }
}

std::span<double> JacobiWorker::slot(std::uint64_t m) {
  if (!shared_.empty()) return shared_iterate_slot(shared_, block_.local_size(), m);
  return x_[m % 3].values();
}

void JacobiWorker::iterate(const Header& h, const Iterate& m, ReplySink& out) {
  if (h.iteration != next_iteration_) {
    throw std::invalid_argument("iterate " + std::to_string(h.iteration) +
                                " but this node holds x_" + std::to_string(next_iteration_));
  }
  const auto own = static_cast<std::size_t>(block_.rows());
  check_ghost_count(m, block_);
  const std::uint64_t k = next_iteration_;
  const std::span<double> current = slot(k);
  const std::span<double> next = slot(k + 1);
  // The ghosts lie past the own rows, outside any frame in flight: no need to wait for them.
  m.ghost_values.copy_to(current.subspan(own));
  // A buffer sent two iterations ago is long gone in practice; a shared slot is free by the
  // window's rule (shared_segment.hpp).
  if (shared_.empty()) x_[(k + 1) % 3].wait_until_free();
  jacobi_sweep(block_, current, next.first(own), omega_, residual_sq_);
  ++next_iteration_;

  const std::span<const double> x_next = next.first(own);
  if (early_exports_) {
    export_values_.wait_until_free();
    const std::span<double> values = export_values_.values();
    for (std::size_t e = 0; e < exports_.size(); ++e)
      values[e] = x_next[static_cast<std::size_t>(exports_[e])];
    out.send(Message{h, Exports{PackedDoubles(std::span<const double>(values))}}, export_values_);
  }
  BlockResult result;
  result.row_begin = block_.range.begin;
  result.row_end = block_.range.end;
  result.residual_sq = PackedDoubles(std::span<const double>(residual_sq_));
  if (!shared_.empty() || (k + 1) % collect_every_ != 0) {
    // the block is in the shared slot already, or stays here until it is collected
    out.send(Message{h, result});
    return;
  }
  result.x_next = PackedDoubles(x_next);
  out.send(Message{h, result}, x_[(k + 1) % 3]);
}

std::span<const double> JacobiWorker::x() {
  return slot(next_iteration_).first(static_cast<std::size_t>(block_.rows()));
}

std::span<const double> JacobiWorker::x_at(std::uint64_t m) {
  if (m > next_iteration_ || m + 2 < next_iteration_) {
    throw std::invalid_argument("collect x_" + std::to_string(m) + ", but this node holds x_" +
                                std::to_string(next_iteration_ >= 2 ? next_iteration_ - 2 : 0) +
                                " to x_" + std::to_string(next_iteration_));
  }
  return slot(m).first(static_cast<std::size_t>(block_.rows()));
}

}  // namespace slae::node
