#include "coordinator/distributed_jacobi.hpp"

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>

#include "coordinator/iteration_gather.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/row_block.hpp"
#include "solver/system_checks.hpp"

namespace slae::coordinator {
namespace {

namespace proto = slae::protocol;
using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kJobId = 1;  // one job per coordinator run, until the broker arrives
constexpr std::uint32_t kEpoch = 1;  // the block assignment never changes within a run yet

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Ships every node its block and waits for each to accept it. Returns each block's ghosts.
std::vector<std::vector<std::int64_t>> distribute_blocks(Cluster& cluster, const CsrMatrix& a,
                                                         std::span<const double> b,
                                                         const RowPartition& partition,
                                                         DistributedStats& stats) {
  const std::vector<double> inv_diag = inverted_diagonal(a);
  std::vector<std::vector<std::int64_t>> ghosts(partition.parts());
  for (int node = 0; node < partition.parts(); ++node) {
    RowBlock block = make_row_block(a, inv_diag, b, partition.block(node));
    ghosts[node] = block.ghost_cols;
    stats.assignments.push_back(
        {node, block.range, block.nnz(), static_cast<std::int64_t>(block.ghost_cols.size())});
    cluster.send(node, proto::Message{{kJobId, kEpoch, 0}, proto::Setup{node, std::move(block)}});
  }
  std::vector<bool> acked(partition.parts(), false);
  int acks = 0;
  while (acks < partition.parts()) {
    cluster.receive([&](int node, const proto::Message& m) {
      if (std::holds_alternative<proto::SetupAck>(m.body) && m.header.job == kJobId &&
          m.header.epoch == kEpoch && !acked[node]) {
        acked[node] = true;
        ++acks;
      }
    });
  }
  return ghosts;
}

}  // namespace

SolveResult solve_jacobi_distributed(Cluster& cluster, const CsrMatrix& a,
                                     std::span<const double> b, const RowPartition& partition,
                                     StopCriteria criteria, const ProgressCallback& progress,
                                     DistributedStats& stats) {
  if (partition.parts() != cluster.size() || partition.rows() != a.rows ||
      static_cast<std::int64_t>(b.size()) != a.rows) {
    throw std::invalid_argument("solve_jacobi_distributed: partition, cluster and b disagree");
  }
  const auto setup_start = Clock::now();
  const auto ghost_cols = distribute_blocks(cluster, a, b, partition, stats);
  stats.distribution_seconds = seconds_since(setup_start);

  // Everything the loop touches is allocated here, once.
  std::vector<double> x(a.rows, 0.0), x_next(a.rows, 0.0);
  std::vector<std::vector<double>> ghost_values(partition.parts());
  for (int node = 0; node < partition.parts(); ++node)
    ghost_values[node].resize(ghost_cols[node].size());
  IterationGather gather(partition);
  ConvergenceMonitor monitor(criteria, norm2(b));

  const auto loop_start = Clock::now();
  const std::uint64_t sent_before = cluster.bytes_sent();
  const std::uint64_t received_before = cluster.bytes_received();
  SolveOutcome outcome = SolveOutcome::running;
  for (std::uint64_t k = 0; outcome == SolveOutcome::running; ++k) {
    for (int node = 0; node < partition.parts(); ++node) {
      std::vector<double>& values = ghost_values[node];
      const std::vector<std::int64_t>& cols = ghost_cols[node];
      for (std::size_t g = 0; g < cols.size(); ++g)
        values[g] = x[cols[g]];
      cluster.send(
          node,
          proto::Message{{kJobId, kEpoch, k},
                         proto::Iterate{proto::PackedDoubles(std::span<const double>(values))}});
    }
    gather.begin(k, x_next);
    while (!gather.complete()) {
      cluster.receive([&](int node, const proto::Message& m) {
        if (const auto* result = std::get_if<proto::BlockResult>(&m.body)) {
          if (m.header.job == kJobId && m.header.epoch == kEpoch) {
            gather.accept(node, m.header.iteration, *result);
          }
        }
      });
    }
    // The sweep on x_k gave ||b - A x_k||; x_k is the answer if it meets the criteria.
    outcome = monitor.observe(std::sqrt(gather.residual_sq()));
    if (progress) progress(static_cast<std::int64_t>(k), monitor.relative_residual());
    if (outcome == SolveOutcome::running) std::swap(x, x_next);
    ++stats.sweeps;
  }
  stats.iteration_seconds = seconds_since(loop_start);
  stats.bytes_to_nodes = cluster.bytes_sent() - sent_before;
  stats.bytes_from_nodes = cluster.bytes_received() - received_before;
  return SolveResult{outcome, monitor.iterations(), monitor.relative_residual(), monitor.history(),
                     std::move(x)};
}

}  // namespace slae::coordinator
