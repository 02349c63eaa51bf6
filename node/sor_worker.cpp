#include "node/sor_worker.hpp"

#include <stdexcept>
#include <string>

#include "node/start_checks.hpp"
#include "solver/multicolour.hpp"
#include "solver/sor.hpp"

namespace slae::node {

using namespace slae::protocol;

SorWorker::SorWorker(const RowBlock& block, const Start& start, std::uint64_t first)
    : block_(block),
      omega_(start.omega),
      colours_(start.colour_count),
      x_(static_cast<std::size_t>(block.local_size()), 0.0),
      scratch_(static_cast<std::size_t>(block.rows())),
      residual_sq_(static_cast<std::size_t>(block.chunks())),
      next_step_(first) {
  check_weight(omega_);
  if (start.method == Method::gauss_seidel && omega_ != 1.0)
    throw std::invalid_argument("gauss-seidel takes omega 1 (sor takes others)");
  if (start.r0.size() != 0 || start.p0.size() != 0)
    throw std::invalid_argument("gauss-seidel and sor take no r0 or p0");
  if (colours_ == 0 || colours_ > kMaxColours)
    throw std::invalid_argument("gauss-seidel and sor need a colour count");
  if (static_cast<std::int64_t>(start.colours.size()) != block.rows()) {
    throw std::invalid_argument("start carries " + std::to_string(start.colours.size()) +
                                " colours for a block of " + std::to_string(block.rows()) +
                                " rows");
  }
  if (first % colours_ != 0) {
    throw std::invalid_argument("start at step " + std::to_string(first) +
                                ", not the first of an iteration of " + std::to_string(colours_) +
                                " colours");
  }
  rows_ = rows_by_colour(start.colours, static_cast<int>(colours_));
  check_start_x0(start.x0, block);
  if (start.x0.size() != 0) {
    start.x0.copy_to(std::span<double>(x_).first(static_cast<std::size_t>(block.rows())));
  }
}

void SorWorker::iterate(const Header& h, const Iterate& m, ReplySink& out) {
  if (h.iteration != next_step_) {
    throw std::invalid_argument("iterate " + std::to_string(h.iteration) +
                                " but this node is at step " + std::to_string(next_step_));
  }
  const auto own = static_cast<std::size_t>(block_.rows());
  check_ghost_count(m, block_);
  m.ghost_values.copy_to(std::span<double>(x_).subspan(own));
  const std::uint64_t colour = next_step_ % colours_;
  BlockResult result;
  result.row_begin = block_.range.begin;
  result.row_end = block_.range.end;
  if (colour == 0) {
    sor_colour_step(block_, rows_[0], x_, omega_, residual_sq_, scratch_);
    result.residual_sq = PackedDoubles(std::span<const double>(residual_sq_));
  } else {
    sor_colour_step(block_, rows_[colour], x_, omega_);
  }
  ++next_step_;
  result.x_next = PackedDoubles(x());
  out.send(Message{h, result});
}

}  // namespace slae::node
