#include "coordinator/cluster/iterate_window.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "coordinator/cluster/cluster_error.hpp"
#include "protocol/shared_segment.hpp"

namespace slae::coordinator {

IterateWindow::IterateWindow(const RowPartition& partition, const ReductionChunks& chunks,
                             const GhostExchange& exchange, std::vector<double> x0,
                             std::vector<SharedIterates> shared,
                             std::vector<std::uint32_t> collect_every)
    : partition_(partition),
      chunks_(chunks),
      exchange_(exchange),
      shared_(std::move(shared)),
      collect_every_(std::move(collect_every)),
      x0_(std::move(x0)),
      next_send_(static_cast<std::size_t>(partition.parts()), 0) {
  if (shared_.empty()) shared_.resize(static_cast<std::size_t>(partition.parts()));
  if (collect_every_.empty()) collect_every_.assign(static_cast<std::size_t>(partition.parts()), 1);
  if (static_cast<int>(collect_every_.size()) != partition.parts() ||
      std::find(collect_every_.begin(), collect_every_.end(), 0U) != collect_every_.end()) {
    throw std::invalid_argument("IterateWindow: collect_every is not one positive count per node");
  }
  if (static_cast<std::int64_t>(x0_.size()) != partition.rows() ||
      exchange.nodes() != partition.parts() || chunks.rows() != partition.rows() ||
      static_cast<int>(shared_.size()) != partition.parts()) {
    throw std::invalid_argument("IterateWindow: x0, partition, chunks and exchange disagree");
  }
  reset(slots_[0], 0);  // x_0 itself comes from x0_, not from frames
  reset(slots_[1], 1);
  reset(slots_[2], 2);
}

void IterateWindow::reset(Slot& slot, std::int64_t m) {
  const auto parts = static_cast<std::size_t>(partition_.parts());
  slot.iteration = m;
  slot.exports.resize(parts);
  slot.blocks.resize(parts);
  for (std::size_t j = 0; j < parts; ++j) {
    slot.exports[j].clear();
    slot.blocks[j].clear();
  }
  slot.values_in.assign(parts, false);
  slot.owners_pending.resize(parts);
  for (std::size_t i = 0; i < parts; ++i)
    slot.owners_pending[i] = static_cast<int>(exchange_.runs(static_cast<int>(i)).size());
  slot.residual_sq.assign(static_cast<std::size_t>(chunks_.count()), 0.0);
  slot.blocks_in = 0;
}

IterateWindow::Slot& IterateWindow::slot_for(int node, std::uint64_t k, const char* what) {
  if (node < 0 || node >= partition_.parts()) throw ClusterError("a reply from an unknown node");
  if (k >= next_send_[node]) {
    throw NodeFault(node, std::string("sent ") + what + " of iteration " + std::to_string(k) +
                              " before it was asked for it");
  }
  const auto m = static_cast<std::int64_t>(k) + 1;
  if (m <= judged_ + 1) {
    throw NodeFault(node, std::string("sent ") + what + " of iteration " + std::to_string(k) +
                              " again, after the iteration was complete");
  }
  return slots_[static_cast<std::size_t>(m % 3)];  // holds x_m: m is judged_ + 2 or + 3
}

void IterateWindow::values_arrived(Slot& slot, int node) {
  slot.values_in[node] = true;
  for (const int consumer : exchange_.consumers(node))
    --slot.owners_pending[consumer];
}

void IterateWindow::take_exports(int node, std::uint64_t k, protocol::Received& frame,
                                 const protocol::Exports& message) {
  Slot& slot = slot_for(node, k, "exports");
  if (!early(node) || slot.values_in[node]) {
    throw NodeFault(node, "sent unexpected or repeated exports for iteration " + std::to_string(k));
  }
  if (message.values.size() != exchange_.exports(node).size()) {
    throw NodeFault(node, "sent " + std::to_string(message.values.size()) +
                              " export values, expected " +
                              std::to_string(exchange_.exports(node).size()));
  }
  slot.exports[node] = HeldVector(frame, message.values);
  values_arrived(slot, node);
}

void IterateWindow::take_block(int node, std::uint64_t k, protocol::Received& frame,
                               const protocol::BlockResult& message) {
  Slot& slot = slot_for(node, k, "its block");
  const RowRange rows = partition_.block(node);
  if (slot.blocks[node].held()) {
    throw NodeFault(node, "answered iteration " + std::to_string(k) + " twice");
  }
  if (message.row_begin != rows.begin || message.row_end != rows.end) {
    throw NodeFault(node, "sent rows " + std::to_string(message.row_begin) + ".." +
                              std::to_string(message.row_end) + " but owns " +
                              std::to_string(rows.begin) + ".." + std::to_string(rows.end));
  }
  const bool carried =
      !shares(node) && (k + 1) % collect_every_[static_cast<std::size_t>(node)] == 0;
  const std::size_t expected = carried ? static_cast<std::size_t>(rows.size()) : 0;
  if (message.x_next.size() != expected) {
    throw NodeFault(node, "sent " + std::to_string(message.x_next.size()) + " values for " +
                              std::to_string(rows.size()) + " rows of iteration " +
                              std::to_string(k + 1) +
                              (shares(node) ? ", which it should have written to shared memory"
                               : !carried   ? ", which it should have kept until collected"
                                            : ""));
  }
  const std::int64_t first = chunks_.first_chunk(rows);
  if (static_cast<std::int64_t>(message.residual_sq.size()) != chunks_.chunks_in(rows)) {
    throw NodeFault(node, "sent " + std::to_string(message.residual_sq.size()) +
                              " residual sums for " + std::to_string(chunks_.chunks_in(rows)) +
                              " chunks");
  }
  // copy the small residual sums before the frame moves into the slot
  message.residual_sq.copy_to(
      std::span<double>(slot.residual_sq)
          .subspan(static_cast<std::size_t>(first), message.residual_sq.size()));
  if (shares(node)) {
    const SharedIterates& s = shared_[static_cast<std::size_t>(node)];
    slot.blocks[node] = HeldVector(protocol::shared_iterate_slot(s.segment, s.local_size, k + 1)
                                       .first(static_cast<std::size_t>(rows.size())));
  } else if (carried) {
    slot.blocks[node] = HeldVector(frame, message.x_next);
  }
  check_consistent(slot, node, k,
                   std::span<const double>(slot.residual_sq)
                       .subspan(static_cast<std::size_t>(first), message.residual_sq.size()));
  ++slot.blocks_in;
  if (!slot.values_in[node]) values_arrived(slot, node);
}

// A node's sums of r_k all finite mean every r_i of its rows is finite, so x_{k+1} = x_k +
// ω r / a_ii has no NaN (at worst an overflow to infinity): NaN among the values it sent for
// x_{k+1} (its block, or its exports) contradicts its own sums. A sum of squares is never
// negative. Either is a faulty or lying node: its job fails naming it. (NaN sums can be honest,
// from an overflow: that is divergence, the monitor's business.)
void IterateWindow::check_consistent(const Slot& slot, int node, std::uint64_t k,
                                     std::span<const double> sums) const {
  bool finite = true;
  for (const double s : sums) {
    if (s < 0.0) {
      throw NodeFault(node, "sent a negative sum of squares for iteration " + std::to_string(k) +
                                ": it is faulty");
    }
    finite = finite && std::isfinite(s);
  }
  if (!finite) return;
  const auto has_nan = [](const protocol::PackedDoubles& values) {
    for (std::size_t i = 0; i < values.size(); ++i)
      if (std::isnan(values[i])) return true;
    return false;
  };
  const bool carried = !shares(node) && slot.blocks[node].held();
  if ((carried && has_nan(slot.blocks[node].view())) ||
      (slot.exports[node].held() && has_nan(slot.exports[node].view()))) {
    throw NodeFault(node, "sent NaN in x of iteration " + std::to_string(k + 1) +
                              " although its residual of iteration " + std::to_string(k) +
                              " was finite: it is faulty");
  }
}

bool IterateWindow::judgment_ready() const {
  return slot_of(judged_ + 2).blocks_in == partition_.parts();
}

double IterateWindow::residual_sq() const {
  return sum_in_order(slot_of(judged_ + 2).residual_sq);
}

void IterateWindow::advance() {
  if (!judgment_ready()) throw std::logic_error("IterateWindow::advance: iteration incomplete");
  ++judged_;
  reset(slots_[static_cast<std::size_t>(judged_ % 3)], judged_ + 3);
}

bool IterateWindow::can_send(int node) const {
  const auto m = static_cast<std::int64_t>(next_send_[node]);
  if (m > judged_ + 2) return false;  // the nodes may run at most two iterations ahead
  if (m == 0) return true;            // x_0 is known here
  return slot_of(m).owners_pending[node] == 0;
}

void IterateWindow::gather_ghosts(int node, std::span<double> out) const {
  const auto m = static_cast<std::int64_t>(next_send_[node]);
  const auto& rows = exchange_.source_rows(node);
  const auto& exports = exchange_.source_exports(node);
  if (out.size() != rows.size()) throw std::invalid_argument("gather_ghosts: wrong length");
  for (const GhostExchange::Run& run : exchange_.runs(node)) {
    const std::int64_t begin = partition_.block(run.owner).begin;
    if (m == 0) {
      for (std::int64_t g = run.first; g < run.last; ++g)
        out[g] = x0_[static_cast<std::size_t>(begin + rows[g])];
      continue;
    }
    const Slot& slot = slot_of(m);
    if (slot.exports[run.owner].held()) {
      const protocol::PackedDoubles values = slot.exports[run.owner].view();
      for (std::int64_t g = run.first; g < run.last; ++g)
        out[g] = values[static_cast<std::size_t>(exports[g])];
    } else {
      const protocol::PackedDoubles values = slot.blocks[run.owner].view();
      for (std::int64_t g = run.first; g < run.last; ++g)
        out[g] = values[static_cast<std::size_t>(rows[g])];
    }
  }
}

std::vector<int> IterateWindow::missing_blocks(std::int64_t m) const {
  std::vector<int> missing;
  if (m == 0) return missing;
  const Slot& slot = slot_of(m);
  for (int j = 0; j < partition_.parts(); ++j) {
    if (slot.iteration != m || !slot.blocks[static_cast<std::size_t>(j)].held())
      missing.push_back(j);
  }
  return missing;
}

void IterateWindow::place_collected(int node, std::int64_t m, protocol::Received& frame,
                                    const protocol::BlockValues& message) {
  if (node < 0 || node >= partition_.parts() || m < 1)
    throw ClusterError("a collected block nobody asked for");
  Slot& slot = slots_[static_cast<std::size_t>(m % 3)];
  const RowRange rows = partition_.block(node);
  if (slot.iteration != m || slot.blocks[static_cast<std::size_t>(node)].held()) {
    throw NodeFault(node, "sent its block of x_" + std::to_string(m) + ", which was not asked for");
  }
  if (message.row_begin != rows.begin || message.row_end != rows.end ||
      static_cast<std::int64_t>(message.values.size()) != rows.size()) {
    throw NodeFault(node, "sent the wrong rows of x_" + std::to_string(m));
  }
  slot.blocks[static_cast<std::size_t>(node)] = HeldVector(frame, message.values);
}

std::vector<double> IterateWindow::assemble(std::int64_t m) const {
  if (m == 0) return x0_;
  const Slot& slot = slot_of(m);
  if (slot.iteration != m || slot.blocks_in != partition_.parts() || !whole(m)) {
    throw std::logic_error("IterateWindow::assemble: x_" + std::to_string(m) + " is not complete");
  }
  std::vector<double> x(static_cast<std::size_t>(partition_.rows()));
  for (int j = 0; j < partition_.parts(); ++j) {
    const RowRange rows = partition_.block(j);
    slot.blocks[j].view().copy_to(std::span<double>(x).subspan(
        static_cast<std::size_t>(rows.begin), static_cast<std::size_t>(rows.size())));
  }
  return x;
}

double IterateWindow::distance_sq(std::int64_t m, std::span<const double> reference) const {
  if (static_cast<std::int64_t>(reference.size()) != partition_.rows()) {
    throw std::invalid_argument("IterateWindow::distance_sq: the reference has the wrong length");
  }
  double sum = 0.0;
  if (m == 0) {
    for (std::size_t i = 0; i < x0_.size(); ++i)
      sum += (x0_[i] - reference[i]) * (x0_[i] - reference[i]);
    return sum;
  }
  const Slot& slot = slot_of(m);
  if (slot.iteration != m || slot.blocks_in != partition_.parts() || !whole(m)) {
    throw std::logic_error("IterateWindow::distance_sq: x_" + std::to_string(m) +
                           " is not complete");
  }
  for (int j = 0; j < partition_.parts(); ++j) {
    const protocol::PackedDoubles values = slot.blocks[j].view();
    const auto begin = static_cast<std::size_t>(partition_.block(j).begin);
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double d = values[i] - reference[begin + i];
      sum += d * d;
    }
  }
  return sum;
}

}  // namespace slae::coordinator
