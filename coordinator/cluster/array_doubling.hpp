#pragma once
// The smoke test of the machinery: split a list into chunks, have the nodes double them, glue
// the results back in the original order whatever order they arrive in.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "coordinator/cluster/node_group.hpp"
#include "solver/row_partition.hpp"

namespace slae::coordinator {

/// The most values one doubling task carries.
inline constexpr std::int64_t kMaxDoublingChunk = 4096;

/// Chunks for n values over `nodes` nodes: one per node for short lists, more (of at most
/// max_chunk values) for long ones, so that a free node can take the next chunk.
RowPartition plan_chunks(std::int64_t n, int nodes, std::int64_t max_chunk = kMaxDoublingChunk);

/// Parses "1,2.5,-3": throws InputError naming the bad item.
std::vector<double> parse_number_list(const std::string& text);
/// "2,5,-6": shortest text that reads back as the same double.
std::string format_number_list(std::span<const double> values);

/// Places chunk results by chunk number; throws ClusterError on a bad or repeated chunk.
class ChunkAssembler {
 public:
  explicit ChunkAssembler(RowPartition chunks);
  void accept(int node, std::int64_t chunk, std::span<const double> values);
  bool complete() const { return received_ == chunks_.parts(); }
  const std::vector<double>& result() const { return result_; }
  /// Chunk numbers in the order they arrived (for the out-of-order test and --verbose).
  const std::vector<std::int64_t>& arrival_order() const { return arrival_; }

 private:
  RowPartition chunks_;
  std::vector<double> result_;
  std::vector<bool> have_;
  std::vector<std::int64_t> arrival_;
  int received_ = 0;
};

/// Doubles `values` on the cluster, handing the next pending chunk to whichever node is free.
std::vector<double> double_on_cluster(NodeGroup& cluster, std::span<const double> values,
                                      std::vector<std::int64_t>* arrival_order = nullptr);

}  // namespace slae::coordinator
