#include "coordinator/cluster_job.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "coordinator/cluster_error.hpp"
#include "coordinator/signals.hpp"
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

ClusterJob::ClusterJob(NodeGroup& nodes, const CsrMatrix& a, std::span<const double> b,
                       RowPartition partition, ReductionChunks chunks, bool share_memory)
    : nodes_(nodes),
      id_(nodes.job_id()),
      partition_(std::move(partition)),
      chunks_(chunks),
      exchange_(partition_, ghost_columns(a, partition_)) {
  if (partition_.parts() != nodes.size() || partition_.rows() != a.rows ||
      static_cast<std::int64_t>(b.size()) != a.rows || chunks_.rows() != a.rows) {
    throw std::invalid_argument("ClusterJob: partition, cluster, A and b disagree");
  }
  const auto start = std::chrono::steady_clock::now();
  const std::vector<double> inv_diag = inverted_diagonal(a);
  const int parts = partition_.parts();
  for (int node = 0; node < parts; ++node) {
    throw_if_interrupted();  // a block of a large matrix takes a while to build and send
    // one block at a time: it is encoded, sent and dropped before the next is built
    proto::Setup setup;
    setup.node_index = node;
    setup.block = make_row_block(a, inv_diag, b, partition_.block(node), chunks_.chunk_rows(),
                                 [] { throw_if_interrupted(); });
    setup.exports = exchange_.exports(node);
    setup.early_exports = exchange_.early_exports(node);
    std::optional<proto::SharedSegment> segment;
    if (share_memory && nodes_.same_machine(node)) {
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
    segments_.push_back(std::move(segment));
    assignments_.push_back({node, setup.block.range, setup.block.nnz(),
                            static_cast<std::int64_t>(setup.block.ghost_cols.size()),
                            static_cast<std::int64_t>(setup.exports.size())});
    throw_if_interrupted();
    nodes_.send(node, proto::Message{{id_, epoch_, 0}, std::move(setup)});
    const auto ghosts = static_cast<std::size_t>(exchange_.ghost_count(node));
    ghost_buffers_.emplace_back(ghosts);
    ghost_buffers_.emplace_back(ghosts);
  }
  gather<proto::SetupAck>(epoch_, 0, [&](int node, const proto::SetupAck& ack, proto::Received&) {
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
  // Both sides have mapped their segments: the names can go.
  for (auto& segment : segments_) {
    if (segment) segment->release_name();
  }
  distribution_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
  for (int p = 0; p < partition_.parts(); ++p) {
    KindTraffic& kind = segments_[static_cast<std::size_t>(p)] ? stats.shared_memory : stats.socket;
    ++kind.nodes;
    kind.bytes_to_nodes += nodes_.bytes_sent_to(p) - mark.to[static_cast<std::size_t>(p)];
    kind.bytes_from_nodes += nodes_.bytes_received_from(p) - mark.from[static_cast<std::size_t>(p)];
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
