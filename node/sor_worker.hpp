#pragma once
// A node's part of a multicolour Gauss-Seidel or SOR solve (solver/sor.hpp): its rows of x and
// their ghosts, and one colour's step per `iterate`. Step m sweeps colour m % colours; the
// first colour's step also sums the residual of the iterate it starts from. Every reply carries
// the block whole, so the coordinator holds x_k at each iteration's start (where a solve goes on
// from after a lost worker) and gathers the next colour's ghosts from it.
#include <cstdint>
#include <span>
#include <vector>

#include "node/reply_sink.hpp"
#include "protocol/messages.hpp"
#include "solver/row_block.hpp"

namespace slae::node {

class SorWorker {
 public:
  /// block must outlive the worker; `first` is the start's iteration: the step it begins with,
  /// k * colours for x_k. Throws std::invalid_argument when start does not fit the block
  /// (colours or x_0 of the wrong length, omega outside (0, 2), Gauss-Seidel with omega != 1,
  /// a first step that is not an iteration's first).
  SorWorker(const RowBlock& block, const protocol::Start& start, std::uint64_t first);

  /// Copies the ghosts (x as the previous step left it), runs step h.iteration, replies with the
  /// block. Throws std::invalid_argument for an iterate that does not fit (wrong step, wrong
  /// ghost count).
  void iterate(const protocol::Header& header, const protocol::Iterate& message, ReplySink& out);

  /// The node's rows of x as the last step left them.
  std::span<const double> x() const {
    return std::span<const double>(x_).first(static_cast<std::size_t>(block_.rows()));
  }

 private:
  const RowBlock& block_;
  double omega_;
  std::uint32_t colours_;
  std::vector<std::vector<std::int32_t>> rows_;  ///< the block's rows of each colour
  std::vector<double> x_;                        ///< [own rows | ghosts]
  std::vector<double> scratch_;
  std::vector<double> residual_sq_;  ///< one sum per reduction chunk
  std::uint64_t next_step_;
};

}  // namespace slae::node
