#include "coordinator/cluster/array_doubling.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>

#include "coordinator/cluster/cluster_error.hpp"
#include "solver/input_error.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {

namespace proto = slae::protocol;

RowPartition plan_chunks(std::int64_t n, int nodes, std::int64_t max_chunk) {
  const std::int64_t by_size = (n + max_chunk - 1) / max_chunk;
  const std::int64_t parts = std::min<std::int64_t>(n, std::max<std::int64_t>(nodes, by_size));
  return RowPartition::uniform(n, static_cast<int>(parts));
}

std::vector<double> parse_number_list(const std::string& text) {
  std::vector<double> values;
  std::size_t start = 0;
  for (int item = 1;; ++item) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string token = text.substr(start, comma - start);
    token.erase(0, token.find_first_not_of(" \t"));
    token.erase(token.find_last_not_of(" \t") + 1);
    const char* first = token.data() + (token.starts_with('+') ? 1 : 0);
    const char* last = token.data() + token.size();
    double value = 0.0;
    const auto [end, ec] = std::from_chars(first, last, value);
    if (token.empty() || ec != std::errc() || end != last || !std::isfinite(value)) {
      throw InputError("--double: item " + std::to_string(item) + " ('" + printable(token) +
                       "') is not a finite number");
    }
    values.push_back(value);
    if (comma == text.size()) break;
    start = comma + 1;
  }
  return values;
}

std::string format_number_list(std::span<const double> values) {
  std::string out;
  char buffer[32];
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, values[i]);
    out.append(buffer, end);
  }
  return out;
}

ChunkAssembler::ChunkAssembler(RowPartition chunks)
    : chunks_(std::move(chunks)), result_(chunks_.rows(), 0.0), have_(chunks_.parts(), false) {}

void ChunkAssembler::accept(int node, std::int64_t chunk, std::span<const double> values) {
  if (chunk < 0 || chunk >= chunks_.parts()) {
    throw NodeFault(node, "returned chunk " + std::to_string(chunk) + ", which does not exist");
  }
  const RowRange range = chunks_.block(static_cast<int>(chunk));
  if (static_cast<std::int64_t>(values.size()) != range.size() || have_[chunk]) {
    throw NodeFault(node, "returned a wrong or repeated chunk " + std::to_string(chunk));
  }
  std::copy(values.begin(), values.end(), result_.begin() + range.begin);
  have_[chunk] = true;
  arrival_.push_back(chunk);
  ++received_;
}

std::vector<double> double_on_cluster(NodeGroup& cluster, std::span<const double> values,
                                      std::vector<std::int64_t>* arrival_order) {
  const std::uint64_t job = cluster.job_id();
  const RowPartition chunks = plan_chunks(static_cast<std::int64_t>(values.size()), cluster.size());
  ChunkAssembler assembler(chunks);
  int next_chunk = 0;
  const auto hand_out = [&](int node) {
    if (next_chunk >= chunks.parts()) return;
    const RowRange r = chunks.block(next_chunk);
    cluster.send(node,
                 proto::Message{{job, 0, 0},
                                proto::DoubleTask{next_chunk, proto::PackedDoubles(values.subspan(
                                                                  r.begin, r.size()))}});
    ++next_chunk;
  };
  for (int node = 0; node < cluster.size(); ++node)
    hand_out(node);
  std::vector<double> scratch;
  while (!assembler.complete()) {
    cluster.receive([&](int node, const proto::Message& m, proto::Received&) {
      const auto* result = std::get_if<proto::DoubleResult>(&m.body);
      if (!result || m.header.job != job) return;
      scratch.resize(result->values.size());
      result->values.copy_to(scratch);
      assembler.accept(node, result->chunk, scratch);
      hand_out(node);  // the node is free again
    });
  }
  if (arrival_order) *arrival_order = assembler.arrival_order();
  return assembler.result();
}

}  // namespace slae::coordinator
