#pragma once
// One linear system distributed over the cluster: how the rows are cut, who needs which values
// from whom, and the row blocks, shipped once. Every solve on it (the diagnosis, Jacobi, CG,
// one after the other) runs in an epoch of its own, so late replies of one solve can never be
// taken for replies of the next. When a worker is lost, recover() gives its block to another
// worker (or spreads the rows over the workers left) and ships what the new owners lack; the
// solve then goes on from an iterate it holds, in a new epoch.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "coordinator/cluster/iterate_window.hpp"
#include "coordinator/cluster/job_events.hpp"
#include "coordinator/cluster/node_group.hpp"
#include "protocol/payload_buffer.hpp"
#include "protocol/shared_segment.hpp"
#include "solver/csr_matrix.hpp"
#include "solver/ghost_exchange.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/row_partition.hpp"

namespace slae::coordinator {

/// A's rows cut into `parts` blocks balanced by stored entries, on the chunks' boundaries.
RowPartition plan_partition(const CsrMatrix& a, int parts, const ReductionChunks& chunks);

struct NodeAssignment {
  int node = 0;
  RowRange rows;
  std::int64_t nnz = 0;      ///< stored entries in the node's rows
  std::int64_t ghosts = 0;   ///< entries of x it receives every iteration
  std::int64_t exports = 0;  ///< of its rows that other nodes need
};

/// The traffic of the nodes of one kind.
struct KindTraffic {
  int nodes = 0;
  std::uint64_t bytes_to_nodes = 0;
  std::uint64_t bytes_from_nodes = 0;
};

/// The traffic and time of one solve's iteration loop.
struct LoopStats {
  double seconds = 0.0;
  std::int64_t sweeps = 0;  ///< iterations whose residual was judged (= iterations + 1)
  std::uint64_t bytes_to_nodes = 0;
  std::uint64_t bytes_from_nodes = 0;
  KindTraffic shared_memory;  ///< nodes whose blocks of x come through shared memory
  KindTraffic socket;         ///< the others (their blocks come in messages)
};

/// Per part, bytes sent and received so far: a loop's traffic is the difference.
struct TrafficMark {
  std::vector<std::uint64_t> to, from;
  std::uint64_t all_to = 0, all_from = 0;
};

class ClusterJob {
 public:
  /// Cuts A into partition's blocks (on chunks' boundaries), ships them with b and waits until
  /// every node has accepted its block. share_memory: give each node a shared-memory segment
  /// for Jacobi's iterates (protocol/shared_segment.hpp); a node whose segment cannot be made sends
  /// its blocks in messages instead. A worker lost meanwhile is recovered from as in a solve
  /// (recover()), each loss and re-placement told to on_loss (at iteration 0). Throws
  /// ClusterError when no worker is left (or Interrupted).
  ClusterJob(NodeGroup& nodes, const CsrMatrix& a, std::span<const double> b,
             RowPartition partition, ReductionChunks chunks, bool share_memory = true,
             const EventSink& on_loss = {});

  NodeGroup& nodes() { return nodes_; }
  std::uint64_t id() const { return id_; }
  const RowPartition& partition() const { return partition_; }
  const ReductionChunks& chunks() const { return chunks_; }
  const GhostExchange& exchange() const { return exchange_; }
  const std::vector<NodeAssignment>& assignments() const { return assignments_; }
  double distribution_seconds() const { return distribution_seconds_; }
  /// Per node, where it writes Jacobi's iterates when it shares memory (for IterateWindow).
  std::vector<SharedIterates> shared_iterates() const;
  /// Nodes that share memory with the coordinator.
  int sharing_nodes() const;

  /// Where the traffic stands now.
  TrafficMark traffic_mark() const;
  /// Adds the traffic since `mark` to stats, in all and by kind of node.
  void add_traffic_since(const TrafficMark& mark, LoopStats& stats) const;

  /// A fresh epoch for the next solve.
  std::uint32_t next_epoch() { return ++epoch_; }

  /// After nodes().receive() threw `loss`: the nodes find who takes the lost parts
  /// (NodeGroup::recover); a new worker receives its block (and so does a kept one that had not
  /// accepted its own yet: the loss came while the blocks were shipped), or, when parts were
  /// dropped, A is cut again over the workers left and every one receives its new block. Returns
  /// how many parts were lost (replaced or dropped). Throws ClusterError when no worker is left, or
  /// when the new placement fails too (a WorkerLost again: the caller may recover once more).
  int recover(const WorkerLost& loss);

  /// Where node's ghost values for an exchange are gathered and sent from, without a copy.
  /// Two per node, alternating with the iteration, so one can be filled while the other may
  /// still be on its way.
  protocol::PayloadBuffer& ghost_buffer(int node, std::uint64_t iteration) {
    return ghost_buffers_[static_cast<std::size_t>(2 * node + (iteration & 1))];
  }

  /// Receives until every node has sent one reply of type T for (epoch, iteration), calling
  /// on_reply(node, body, frame) for each. Replies of other epochs are late answers to an
  /// earlier solve and are dropped; anything else of this epoch is a cluster failure.
  template <typename T, typename OnReply>
  void gather(std::uint32_t epoch, std::uint64_t iteration, OnReply&& on_reply) {
    gather_from<T>(std::vector<bool>(static_cast<std::size_t>(partition_.parts()), true), epoch,
                   iteration, std::forward<OnReply>(on_reply));
  }
  /// The same from the parts marked in `from` only.
  template <typename T, typename OnReply>
  void gather_from(std::vector<bool> from, std::uint32_t epoch, std::uint64_t iteration,
                   OnReply&& on_reply);

 private:
  void make_ghost_buffers();
  /// Builds and sends the blocks of the parts marked in `to`, in epoch; waits for their acks.
  void distribute(const std::vector<bool>& to, std::uint32_t epoch);
  [[noreturn]] void unexpected(int node, const protocol::Message& message, const char* wanted,
                               std::uint64_t iteration) const;

  NodeGroup& nodes_;
  const CsrMatrix& a_;
  std::span<const double> b_;
  std::vector<double> inv_diag_;
  bool share_memory_;
  std::uint64_t id_;
  RowPartition partition_;
  ReductionChunks chunks_;
  GhostExchange exchange_;
  std::vector<NodeAssignment> assignments_;
  double distribution_seconds_ = 0.0;
  std::uint32_t epoch_ = 0;
  std::vector<protocol::PayloadBuffer> ghost_buffers_;
  std::vector<std::optional<protocol::SharedSegment>> segments_;  ///< per node
  std::vector<bool> placed_;  ///< per node: it has accepted its block (its setup_ack came)
};

template <typename T, typename OnReply>
void ClusterJob::gather_from(std::vector<bool> from, std::uint32_t epoch, std::uint64_t iteration,
                             OnReply&& on_reply) {
  auto pending = std::count(from.begin(), from.end(), true);
  const auto handler = [&](int node, const protocol::Message& m, protocol::Received& frame) {
    if (m.header.job != id_ || m.header.epoch != epoch) {  // an earlier solve's
      nodes_.note_stale();
      return;
    }
    const T* body = std::get_if<T>(&m.body);
    if (!body || m.header.iteration != iteration || !from[static_cast<std::size_t>(node)]) {
      unexpected(node, m, protocol::type_name(protocol::type_of(protocol::Body{T{}})), iteration);
    }
    from[static_cast<std::size_t>(node)] = false;
    --pending;
    on_reply(node, *body, frame);
  };
  while (pending > 0)
    nodes_.receive(handler);
}

}  // namespace slae::coordinator
