#pragma once
// The bookkeeping of pipelined Jacobi, as a state machine with no sockets (the pipeline in
// jacobi_pipeline.cpp moves the messages; this decides what may happen next).
//
// Iteration k sends each node the ghost values of x_k; the node sweeps and answers with x_{k+1}
// (its export rows first, when they are few, then its whole block with its share of
// ||b - A x_k||^2). Nothing waits for a whole iteration:
//  - a node is sent x_{m} as soon as every node owning one of its ghosts has delivered its
//    values of x_m, so the next sweep starts while big blocks are still in transit;
//  - the residual of x_k is judged once all blocks of iteration k are in, one iteration behind
//    the nodes: iterate m may go out once the residual of x_{m-2} was judged, so nodes run at
//    most two iterations ahead of the judgment, and the window holds x_{d+1}, x_{d+2}, x_{d+3}
//    (d: the last iteration judged), each as the frames it arrived in.
// Blocks are placed by (node, iteration), never by arrival order; late, repeated or premature
// replies are cluster failures naming the node.
#include <cstdint>
#include <span>
#include <vector>

#include "coordinator/cluster/held_vector.hpp"
#include "protocol/messages.hpp"
#include "protocol/transport.hpp"
#include "solver/ghost_exchange.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/row_partition.hpp"

namespace slae::coordinator {

/// A node's blocks in shared memory (protocol/shared_segment.hpp): x_m's own rows begin slot
/// m % 3 of the segment.
struct SharedIterates {
  std::span<const double> segment;  ///< empty: the node sends its blocks in messages
  std::int64_t local_size = 0;      ///< doubles per slot
};

class IterateWindow {
 public:
  /// x0: the starting iterate (all rows); the layout objects must outlive the window. shared:
  /// per node, where it writes its blocks if it shares memory (empty vector: none does).
  /// collect_every: per node that does not share memory, every how many iterations its block
  /// comes with its block result (empty vector: every iteration); in between only its exports
  /// do, and a block the solve ends on is collected (place_collected).
  IterateWindow(const RowPartition& partition, const ReductionChunks& chunks,
                const GhostExchange& exchange, std::vector<double> x0,
                std::vector<SharedIterates> shared = {},
                std::vector<std::uint32_t> collect_every = {});

  // ---- what arrives (each throws ClusterError when it does not fit)
  /// Node's x_{k+1} at its export rows; takes the frame.
  void take_exports(int node, std::uint64_t k, protocol::Received& frame,
                    const protocol::Exports& message);
  /// Node's whole block of x_{k+1} and its residual shares of x_k; takes the frame.
  void take_block(int node, std::uint64_t k, protocol::Received& frame,
                  const protocol::BlockResult& message);

  // ---- judging the residual, one iteration at a time
  /// The next iteration whose residual is to be judged (0 at first).
  std::int64_t next_judgment() const { return judged_ + 1; }
  /// All blocks of iteration next_judgment() are in: its residual is known.
  bool judgment_ready() const;
  /// ||b - A x_k||^2 for k = next_judgment(), chunk sums added in chunk order.
  double residual_sq() const;
  /// x_k was judged and the solve goes on: its slot is freed for x_{k+3}.
  void advance();

  // ---- what may be sent
  /// The next iterate node is to be sent (k of the x_k whose ghosts it carries).
  std::uint64_t next_iterate(int node) const { return next_send_[node]; }
  /// Whether it may be sent now.
  bool can_send(int node) const;
  /// Node's ghost values of x_m, m = next_iterate(node). Requires can_send(node).
  void gather_ghosts(int node, std::span<double> out) const;
  void mark_sent(int node) { ++next_send_[node]; }

  // ---- results
  /// Whether every block of x_m is here, m = 0 or next_judgment() (or, once judged, m =
  /// next_judgment() + 1); the nodes whose blocks are missing, otherwise.
  bool whole(std::int64_t m) const { return missing_blocks(m).empty(); }
  std::vector<int> missing_blocks(std::int64_t m) const;
  /// Node's block of x_m, collected after the node sent its block result without it.
  void place_collected(int node, std::int64_t m, protocol::Received& frame,
                       const protocol::BlockValues& message);
  /// x_m, all rows, for m = 0 or next_judgment(), when whole(m).
  std::vector<double> assemble(std::int64_t m) const;
  /// sum of (x_i - reference_i)^2 over x_m in row order (the same bits on any node count), m as
  /// for assemble: the squared error of x_m when the reference is the exact solution.
  double distance_sq(std::int64_t m, std::span<const double> reference) const;

 private:
  // One iterate x_m being gathered, or complete.
  struct Slot {
    std::int64_t iteration = -1;
    std::vector<HeldVector> exports;  ///< per node: its early exports
    std::vector<HeldVector> blocks;   ///< per node: its block of x_m
    std::vector<bool> values_in;      ///< per node: exports or block arrived
    std::vector<int> owners_pending;  ///< per node: owners of its ghosts not yet in
    std::vector<double> residual_sq;  ///< per chunk: shares of ||b - A x_{m-1}||^2
    int blocks_in = 0;
  };
  Slot& slot_for(int node, std::uint64_t k, const char* what);  // the slot of x_{k+1}
  const Slot& slot_of(std::int64_t m) const { return slots_[static_cast<std::size_t>(m % 3)]; }
  void reset(Slot& slot, std::int64_t m);
  void values_arrived(Slot& slot, int node);
  /// Throws ClusterError when node's reply for iteration k contradicts itself (its residual
  /// sums `sums` finite but NaN in its values of x_{k+1}, or a negative sum).
  void check_consistent(const Slot& slot, int node, std::uint64_t k,
                        std::span<const double> sums) const;

  bool shares(int node) const { return !shared_[static_cast<std::size_t>(node)].segment.empty(); }
  /// Whether node sends its block only every collect_every-th iteration.
  bool thin(int node) const {
    return !shares(node) && collect_every_[static_cast<std::size_t>(node)] > 1;
  }
  /// Whether node sends early exports: a node in shared memory has no need to (its block
  /// result is as small as its exports would be); a thin node must.
  bool early(int node) const {
    return (exchange_.early_exports(node) && !shares(node)) || thin(node);
  }

  const RowPartition& partition_;
  const ReductionChunks& chunks_;
  const GhostExchange& exchange_;
  std::vector<SharedIterates> shared_;
  std::vector<std::uint32_t> collect_every_;
  std::vector<double> x0_;
  std::int64_t judged_ = -1;
  std::vector<std::uint64_t> next_send_;
  Slot slots_[3];  ///< x_m lives in slots_[m % 3]
};

}  // namespace slae::coordinator
