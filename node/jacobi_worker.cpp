#include "node/jacobi_worker.hpp"

#include <stdexcept>
#include <string>

#include "solver/jacobi.hpp"

namespace slae::node {

using namespace slae::protocol;

JacobiWorker::JacobiWorker(const RowBlock& block, const std::vector<std::int32_t>& exports,
                           bool early_exports, const Start& start)
    : block_(block),
      exports_(exports),
      early_exports_(early_exports),
      omega_(start.omega),
      use_rhs_(start.use_rhs),
      x_{PayloadBuffer(static_cast<std::size_t>(block.local_size())),
         PayloadBuffer(static_cast<std::size_t>(block.local_size()))},
      export_values_(early_exports ? exports.size() : 0),
      residual_sq_(static_cast<std::size_t>(block.chunks())) {
  if (!(omega_ > 0.0 && omega_ < 2.0)) {
    throw std::invalid_argument("omega " + std::to_string(omega_) + " is outside (0, 2)");
  }
  if (start.x0.size() != 0) {
    if (static_cast<std::int64_t>(start.x0.size()) != block.rows()) {
      throw std::invalid_argument("x0 holds " + std::to_string(start.x0.size()) +
                                  " values for a block of " + std::to_string(block.rows()) +
                                  " rows");
    }
    start.x0.copy_to(x_[0].values().first(static_cast<std::size_t>(block.rows())));
  }
}

void JacobiWorker::iterate(const Header& h, const Iterate& m, ReplySink& out) {
  if (h.iteration != next_iteration_) {
    throw std::invalid_argument("iterate " + std::to_string(h.iteration) +
                                " but this node holds x_" + std::to_string(next_iteration_));
  }
  const auto own = static_cast<std::size_t>(block_.rows());
  if (m.ghost_values.size() != block_.ghost_cols.size()) {
    throw std::invalid_argument("iterate carries " + std::to_string(m.ghost_values.size()) +
                                " ghost values, expected " +
                                std::to_string(block_.ghost_cols.size()));
  }
  PayloadBuffer& current = x_[current_];
  PayloadBuffer& next = x_[1 - current_];
  // The ghosts lie past the own rows, outside any frame in flight: no need to wait for them.
  m.ghost_values.copy_to(current.values().subspan(own));
  next.wait_until_free();  // sent two iterations ago; long gone in practice
  jacobi_sweep(block_, current.values(), next.values().first(own), omega_, residual_sq_, use_rhs_);
  current_ = 1 - current_;
  ++next_iteration_;

  const std::span<const double> x_next = next.values().first(own);
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
  result.x_next = PackedDoubles(x_next);
  out.send(Message{h, result}, next);
}

std::span<const double> JacobiWorker::x() const {
  return x_[current_].values().first(static_cast<std::size_t>(block_.rows()));
}

}  // namespace slae::node
