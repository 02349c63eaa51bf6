#pragma once
// Jacobi over the cluster: ship each node its row block once, then every iteration send each
// node the ghost values it needs of x_k and gather its rows of x_{k+1} and its residual share.
// The coordinator keeps the whole iterate (the fault-tolerance work relies on that).
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "coordinator/cluster.hpp"
#include "solver/convergence.hpp"
#include "solver/csr_matrix.hpp"
#include "solver/row_partition.hpp"
#include "solver/solve_result.hpp"

namespace slae::coordinator {

struct NodeAssignment {
  int node = 0;
  RowRange rows;
  std::int64_t nnz = 0;     ///< stored entries in the node's rows
  std::int64_t ghosts = 0;  ///< entries of x it receives every iteration
};

struct DistributedStats {
  std::vector<NodeAssignment> assignments;
  double distribution_seconds = 0.0;  ///< building and shipping the blocks
  double iteration_seconds = 0.0;     ///< the iteration loop
  std::uint64_t bytes_to_nodes = 0;   ///< during the iteration loop
  std::uint64_t bytes_from_nodes = 0;
  std::int64_t sweeps = 0;  ///< iterations run (= result.iterations + 1)
};

/// Called after each iteration with k and ||b - A x_k|| / ||b||.
using ProgressCallback = std::function<void(std::int64_t iteration, double relative_residual)>;

/// A must be square with a non-zero diagonal; partition.parts() == cluster.size().
SolveResult solve_jacobi_distributed(Cluster& cluster, const CsrMatrix& a,
                                     std::span<const double> b, const RowPartition& partition,
                                     StopCriteria criteria, const ProgressCallback& progress,
                                     DistributedStats& stats);

}  // namespace slae::coordinator
