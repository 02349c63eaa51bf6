#include "coordinator/cluster/cluster_job.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/cluster/job_recovery.hpp"
#include "coordinator/process/signals.hpp"
#include "solver/elapsed.hpp"
#include "solver/row_block.hpp"
#include "solver/system_checks.hpp"

namespace slae::coordinator {

namespace proto = slae::protocol;

namespace {

// Every block's ghost columns, without keeping the blocks themselves (they can be large).
std::vector<std::vector<std::int64_t>> ghost_columns(const CsrMatrix& a,
                                                     const RowPartition& partition) {
  std::vector<std::vector<std::int64_t>> ghosts(static_cast<std::size_t>(partition.parts()));
  for (int node = 0; node < partition.parts(); ++node) {
    const RowRange range = partition.block(node);
    auto& cols = ghosts[static_cast<std::size_t>(node)];
    for (std::int64_t k = a.row_ptr[range.begin]; k < a.row_ptr[range.end]; ++k) {
      if ((k & 0xFFFF) == 0) throw_if_interrupted();  // a large matrix takes a while
      if (!range.contains(a.col_idx[k])) cols.push_back(a.col_idx[k]);
    }
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
  }
  return ghosts;
}

}  // namespace

RowPartition plan_partition(const CsrMatrix& a, int parts, const ReductionChunks& chunks) {
  // a node holds whole reduction chunks; below 2048 rows a chunk is one row
  const int usable = static_cast<int>(std::min<std::int64_t>(parts, chunks.count()));
  return RowPartition::balanced_by_nnz(a, std::max(1, usable), chunks.chunk_rows());
}

ClusterJob::ClusterJob(NodeGroup& nodes, const CsrMatrix& a, std::span<const double> b,
                       RowPartition partition, ReductionChunks chunks, bool share_memory,
                       const EventSink& on_loss)
    : nodes_(nodes),
      a_(a),
      b_(b),
      share_memory_(share_memory),
      id_(nodes.job_id()),
      partition_(std::move(partition)),
      chunks_(chunks),
      exchange_(partition_, ghost_columns(a, partition_)) {
  if (partition_.parts() != nodes.size() || partition_.rows() != a.rows ||
      static_cast<std::int64_t>(b.size()) != a.rows || chunks_.rows() != a.rows) {
    throw std::invalid_argument("ClusterJob: partition, cluster, A and b disagree");
  }
  const auto start = std::chrono::steady_clock::now();
  inv_diag_ = inverted_diagonal(a);
  const auto parts = static_cast<std::size_t>(partition_.parts());
  assignments_.resize(parts);
  segments_.resize(parts);
  placed_.assign(parts, false);
  make_ghost_buffers();
  try {
    distribute(std::vector<bool>(parts, true), epoch_);
  } catch (const WorkerLost& loss) {
    // lost while the blocks were on their way: placed again like a loss in a solve, before it
    recover_job(*this, loss, 0, on_loss ? on_loss : EventSink([](JobEvent) {}), {});
  }
  distribution_seconds_ = seconds_since(start);
}

int ClusterJob::recover(const WorkerLost& loss) {
  const int before = partition_.parts();
  const std::vector<int> origin = nodes_.recover(loss);
  const int parts = static_cast<int>(origin.size());
  std::vector<bool> to(static_cast<std::size_t>(parts), true);
  const auto fresh = static_cast<int>(std::count(origin.begin(), origin.end(), -1));
  if (parts == before) {
    // every part kept its place: only the new workers need their blocks, and those kept that
    // had not accepted theirs yet (a setup of an earlier epoch is answered, and dropped, late)
    std::vector<bool> placed(static_cast<std::size_t>(parts), false);
    for (int node = 0; node < parts; ++node) {
      const int was = origin[static_cast<std::size_t>(node)];
      placed[static_cast<std::size_t>(node)] = was >= 0 && placed_[static_cast<std::size_t>(was)];
      to[static_cast<std::size_t>(node)] = !placed[static_cast<std::size_t>(node)];
    }
    placed_ = std::move(placed);
  } else {
    // parts were dropped: A is cut again over the workers left (x does not depend on the cut:
    // every sum is taken per reduction chunk, and blocks hold whole chunks)
    partition_ = plan_partition(a_, parts, chunks_);
    exchange_ = GhostExchange(partition_, ghost_columns(a_, partition_));
    assignments_.resize(static_cast<std::size_t>(parts));
    segments_.resize(static_cast<std::size_t>(parts));
    placed_.assign(static_cast<std::size_t>(parts), false);
  }
  // all afresh: an old buffer may sit in a lost worker's queue (dropping it never waits)
  make_ghost_buffers();
  distribute(to, next_epoch());
  return before - parts + fresh;
}

void ClusterJob::make_ghost_buffers() {
  ghost_buffers_.clear();
  for (int node = 0; node < partition_.parts(); ++node) {
    const auto ghosts = static_cast<std::size_t>(exchange_.ghost_count(node));
    ghost_buffers_.emplace_back(ghosts);
    ghost_buffers_.emplace_back(ghosts);
  }
}

void ClusterJob::distribute(const std::vector<bool>& to, std::uint32_t epoch) {
  for (int node = 0; node < partition_.parts(); ++node) {
    if (!to[static_cast<std::size_t>(node)]) continue;
    placed_[static_cast<std::size_t>(node)] = false;
    throw_if_interrupted();  // a block of a large matrix takes a while to build and send
    // one block at a time: it is encoded, sent and dropped before the next is built
    proto::Setup setup;
    setup.node_index = node;
    setup.block = make_row_block(a_, inv_diag_, b_, partition_.block(node), chunks_.chunk_rows(),
                                 [] { throw_if_interrupted(); });
    setup.exports = exchange_.exports(node);
    setup.early_exports = exchange_.early_exports(node);
    std::optional<proto::SharedSegment> segment;
    if (share_memory_ && nodes_.same_machine(node)) {
      try {
        segment =
            proto::SharedSegment::create(proto::shared_iterate_bytes(setup.block.local_size()));
        setup.segment = segment->name();  // the node turns early exports off if it maps it
      } catch (const std::runtime_error& e) {
        std::fprintf(stderr,
                     "warning: node %d sends its blocks through the socket instead of shared "
                     "memory: %s\n",
                     node, e.what());
      }
    }
    segments_[static_cast<std::size_t>(node)] = std::move(segment);
    assignments_[static_cast<std::size_t>(node)] = {
        node, setup.block.range, setup.block.nnz(),
        static_cast<std::int64_t>(setup.block.ghost_cols.size()),
        static_cast<std::int64_t>(setup.exports.size())};
    throw_if_interrupted();
    nodes_.send(node, proto::Message{{id_, epoch, 0}, std::move(setup)});
  }
  gather_from<proto::SetupAck>(
      to, epoch, 0, [&](int node, const proto::SetupAck& ack, proto::Received&) {
        placed_[static_cast<std::size_t>(node)] = true;
        auto& segment = segments_[static_cast<std::size_t>(node)];
        if (ack.shared_memory && !segment) {
          throw NodeFault(node, "says it maps shared memory it was never offered");
        }
        if (segment && !ack.shared_memory) {
          std::fprintf(stderr,
                       "warning: node %d could not map its shared memory; it sends its blocks "
                       "through the socket instead\n",
                       node);
          segment.reset();  // closes and unmaps
        }
      });
  // Both sides have mapped the new segments: their names can go.
  for (std::size_t node = 0; node < segments_.size(); ++node) {
    if (to[node] && segments_[node]) segments_[node]->release_name();
  }
}

std::vector<SharedIterates> ClusterJob::shared_iterates() const {
  std::vector<SharedIterates> shared(segments_.size());
  for (std::size_t node = 0; node < segments_.size(); ++node) {
    if (segments_[node]) {
      const std::int64_t local = partition_.block(static_cast<int>(node)).size() +
                                 exchange_.ghost_count(static_cast<int>(node));
      shared[node] = {segments_[node]->doubles(), local};
    }
  }
  return shared;
}

TrafficMark ClusterJob::traffic_mark() const {
  TrafficMark mark;
  for (int p = 0; p < partition_.parts(); ++p) {
    mark.to.push_back(nodes_.bytes_sent_to(p));
    mark.from.push_back(nodes_.bytes_received_from(p));
  }
  mark.all_to = nodes_.bytes_sent();
  mark.all_from = nodes_.bytes_received();
  return mark;
}

void ClusterJob::add_traffic_since(const TrafficMark& mark, LoopStats& stats) const {
  stats.bytes_to_nodes += nodes_.bytes_sent() - mark.all_to;
  stats.bytes_from_nodes += nodes_.bytes_received() - mark.all_from;
  stats.shared_memory.nodes = stats.socket.nodes = 0;
  // after a re-placement the parts' counters started again: only whole totals are comparable
  const bool same_parts = mark.to.size() == static_cast<std::size_t>(partition_.parts());
  for (int p = 0; p < partition_.parts(); ++p) {
    KindTraffic& kind = segments_[static_cast<std::size_t>(p)] ? stats.shared_memory : stats.socket;
    ++kind.nodes;
    const auto i = static_cast<std::size_t>(p);
    if (!same_parts || nodes_.bytes_sent_to(p) < mark.to[i] ||
        nodes_.bytes_received_from(p) < mark.from[i])
      continue;
    kind.bytes_to_nodes += nodes_.bytes_sent_to(p) - mark.to[i];
    kind.bytes_from_nodes += nodes_.bytes_received_from(p) - mark.from[i];
  }
}

int ClusterJob::sharing_nodes() const {
  return static_cast<int>(std::count_if(segments_.begin(), segments_.end(),
                                        [](const auto& s) { return s.has_value(); }));
}

void ClusterJob::unexpected(int node, const proto::Message& message, const char* wanted,
                            std::uint64_t iteration) const {
  throw NodeFault(node, std::string("sent ") + proto::type_name(proto::type_of(message.body)) +
                            " of iteration " + std::to_string(message.header.iteration) +
                            " while " + wanted + " of iteration " + std::to_string(iteration) +
                            " was due");
}

}  // namespace slae::coordinator
