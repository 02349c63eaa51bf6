#include "node/cg_worker.hpp"

#include <stdexcept>
#include <string>

#include "solver/cg_kernels.hpp"

namespace slae::node {

using namespace slae::protocol;

CgWorker::CgWorker(const RowBlock& block, const std::vector<std::int32_t>& exports,
                   const Start& start, std::uint64_t iteration)
    : block_(block),
      exports_(exports),
      iteration_(iteration),
      x_(static_cast<std::size_t>(block.rows()), 0.0),
      r_(block.rhs),
      z_(static_cast<std::size_t>(block.rows()), 0.0),
      q_(static_cast<std::size_t>(block.rows()), 0.0),
      p_(static_cast<std::size_t>(block.local_size()), 0.0),
      z_ghosts_(block.ghost_cols.size(), 0.0),
      sums_a_(static_cast<std::size_t>(block.chunks())),
      sums_b_(static_cast<std::size_t>(block.chunks())),
      export_values_(exports.size()) {
  if (start.x0.size() != start.r0.size()) {
    throw std::invalid_argument("cg: a restart needs both x0 and r0");
  }
  if (start.x0.size() != 0) {
    if (static_cast<std::int64_t>(start.x0.size()) != block.rows()) {
      throw std::invalid_argument("cg: x0 and r0 hold " + std::to_string(start.x0.size()) +
                                  " values for a block of " + std::to_string(block.rows()) +
                                  " rows");
    }
    start.x0.copy_to(x_);
    start.r0.copy_to(r_);
  }
  if (start.p0.size() != 0) {
    if (start.x0.size() == 0 || static_cast<std::int64_t>(start.p0.size()) != block.local_size()) {
      throw std::invalid_argument("cg: p0 holds " + std::to_string(start.p0.size()) +
                                  " values for a block of " + std::to_string(block.local_size()) +
                                  " rows and ghosts, or comes without x0");
    }
    start.p0.copy_to(p_);
  }
}

void CgWorker::expect(const Header& h, bool want_step) const {
  if (want_step != step_due_ || h.iteration != iteration_) {
    throw std::invalid_argument(std::string("cg ") + (want_step ? "step " : "direction ") +
                                std::to_string(h.iteration) + " out of turn: this node expects " +
                                (step_due_ ? "step " : "direction ") + std::to_string(iteration_));
  }
}

void CgWorker::step(const Header& h, const CgStep& m, ReplySink& out) {
  expect(h, true);
  cg_step(block_, m.alpha, std::span<const double>(p_).first(x_.size()), q_, x_, r_, z_, sums_a_,
          sums_b_);
  step_due_ = false;
  export_values_.wait_until_free();
  const std::span<double> values = export_values_.values();
  for (std::size_t e = 0; e < exports_.size(); ++e)
    values[e] = z_[static_cast<std::size_t>(exports_[e])];
  CgResidual reply;
  reply.rz = PackedDoubles(std::span<const double>(sums_a_));
  reply.rr = PackedDoubles(std::span<const double>(sums_b_));
  reply.exports = PackedDoubles(std::span<const double>(values));
  out.send(Message{h, reply}, export_values_);
}

void CgWorker::direction(const Header& h, const CgDirection& m, ReplySink& out) {
  expect(h, false);
  if (m.ghost_values.size() != z_ghosts_.size()) {
    throw std::invalid_argument("cg direction carries " + std::to_string(m.ghost_values.size()) +
                                " ghost values, expected " + std::to_string(z_ghosts_.size()));
  }
  m.ghost_values.copy_to(z_ghosts_);
  cg_direction(m.beta, z_, z_ghosts_, p_);
  cg_multiply(block_, p_, q_, sums_a_);
  step_due_ = true;
  ++iteration_;
  out.send(Message{h, CgCurvature{PackedDoubles(std::span<const double>(sums_a_))}});
}

}  // namespace slae::node
