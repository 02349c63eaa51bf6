#include "coordinator/iteration_gather.hpp"

#include <string>

#include "coordinator/cluster_error.hpp"

namespace slae::coordinator {

IterationGather::IterationGather(RowPartition partition)
    : partition_(std::move(partition)),
      have_(partition_.parts(), false),
      residual_sq_(partition_.parts(), 0.0) {}

void IterationGather::begin(std::uint64_t iteration, std::span<double> x_next) {
  if (static_cast<std::int64_t>(x_next.size()) != partition_.rows()) {
    throw std::invalid_argument("IterationGather::begin: x_next has the wrong length");
  }
  iteration_ = iteration;
  x_next_ = x_next;
  have_.assign(have_.size(), false);
  received_ = 0;
}

IterationGather::Verdict IterationGather::accept(int node, std::uint64_t iteration,
                                                 const protocol::BlockResult& result) {
  const std::string who = "node " + std::to_string(node);
  if (node < 0 || node >= partition_.parts()) throw ClusterError("reply from an unknown node");
  if (iteration < iteration_) return Verdict::stale;
  if (iteration > iteration_) {
    throw ClusterError(who + " answered iteration " + std::to_string(iteration) +
                       " while iteration " + std::to_string(iteration_) + " is under way");
  }
  const RowRange rows = partition_.block(node);
  if (result.row_begin != rows.begin || result.row_end != rows.end) {
    throw ClusterError(who + " sent rows " + std::to_string(result.row_begin) + ".." +
                       std::to_string(result.row_end) + " but owns " + std::to_string(rows.begin) +
                       ".." + std::to_string(rows.end));
  }
  if (static_cast<std::int64_t>(result.x_next.size()) != rows.size()) {
    throw ClusterError(who + " sent " + std::to_string(result.x_next.size()) + " values for " +
                       std::to_string(rows.size()) + " rows");
  }
  if (have_[node])
    throw ClusterError(who + " answered iteration " + std::to_string(iteration) + " twice");
  result.x_next.copy_to(x_next_.subspan(rows.begin, rows.size()));
  residual_sq_[node] = result.residual_sq;
  have_[node] = true;
  ++received_;
  return Verdict::accepted;
}

double IterationGather::residual_sq() const {
  double sum = 0.0;
  for (const double part : residual_sq_)
    sum += part;
  return sum;
}

}  // namespace slae::coordinator
