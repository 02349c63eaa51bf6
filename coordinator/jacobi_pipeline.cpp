#include "coordinator/jacobi_pipeline.hpp"

#include <chrono>
#include <cmath>

#include "coordinator/cluster_error.hpp"

namespace slae::coordinator {

namespace proto = slae::protocol;

std::vector<std::uint32_t> collection_plan(ClusterJob& job, std::uint32_t requested,
                                           bool every_iterate) {
  const std::vector<SharedIterates> shared = job.shared_iterates();
  std::vector<std::uint32_t> plan;
  for (int node = 0; node < job.partition().parts(); ++node) {
    const bool shares = !shared[static_cast<std::size_t>(node)].segment.empty();
    plan.push_back(shares || every_iterate          ? 1
                   : requested > 0                  ? requested
                   : job.nodes().same_machine(node) ? 1
                                                    : kRemoteCollectEvery);
  }
  return plan;
}

std::vector<double> run_jacobi(ClusterJob& job, const JacobiSettings& settings,
                               const IterationJudge& judge, LoopStats& stats) {
  NodeGroup& cluster = job.nodes();
  const RowPartition& partition = job.partition();
  const int parts = partition.parts();
  IterateWindow window(partition, job.chunks(), job.exchange(),
                       std::vector<double>(static_cast<std::size_t>(partition.rows()), 0.0),
                       job.shared_iterates(), settings.collect_every);

  const std::uint32_t epoch = job.next_epoch();
  const auto header = [&](std::uint64_t k) { return proto::Header{job.id(), epoch, k}; };
  for (int node = 0; node < parts; ++node) {
    proto::Start start{proto::Method::jacobi, settings.omega, {}, {}};
    if (!settings.collect_every.empty())
      start.collect_every = settings.collect_every[static_cast<std::size_t>(node)];
    cluster.send(node, proto::Message{header(0), start});
  }

  const auto loop_start = std::chrono::steady_clock::now();
  const TrafficMark traffic = job.traffic_mark();
  const auto send_ready = [&] {
    for (int node = 0; node < parts; ++node) {
      while (window.can_send(node)) {
        const std::uint64_t k = window.next_iterate(node);
        proto::PayloadBuffer& ghosts = job.ghost_buffer(node, k);
        ghosts.wait_until_free();
        window.gather_ghosts(node, ghosts.values());
        cluster.send(node,
                     proto::Message{header(k), proto::Iterate{proto::PackedDoubles(
                                                   std::span<const double>(ghosts.values()))}},
                     ghosts);
        window.mark_sent(node);
      }
    }
  };
  const auto take = [&](int node, const proto::Message& m, proto::Received& frame) {
    if (m.header.job != job.id() || m.header.epoch != epoch) return;  // an earlier solve's
    if (const auto* block = std::get_if<proto::BlockResult>(&m.body)) {
      window.take_block(node, m.header.iteration, frame, *block);
    } else if (const auto* exports = std::get_if<proto::Exports>(&m.body)) {
      window.take_exports(node, m.header.iteration, frame, *exports);
    } else {
      throw NodeFault(node, std::string("sent a ") + proto::type_name(proto::type_of(m.body)) +
                                " message during Jacobi");
    }
  };

  std::int64_t last = 0;
  bool going = true;
  send_ready();
  while (going) {
    cluster.receive(take);
    while (going && window.judgment_ready()) {
      last = window.next_judgment();
      ++stats.sweeps;
      going = judge(last, std::sqrt(window.residual_sq()), window);
      if (going) window.advance();
    }
    if (going) send_ready();
  }
  // The blocks of x_last that stayed on their nodes: asked for now. Replies of the iterations
  // the nodes ran ahead are still on their way; they are of no use any more.
  const std::vector<int> missing = window.missing_blocks(last);
  for (const int node : missing)
    cluster.send(node, proto::Message{header(static_cast<std::uint64_t>(last)), proto::Collect{}});
  std::size_t collected = 0;
  while (collected < missing.size()) {
    cluster.receive([&](int node, const proto::Message& m, proto::Received& frame) {
      if (m.header.job != job.id() || m.header.epoch != epoch) return;
      if (const auto* values = std::get_if<proto::BlockValues>(&m.body)) {
        window.place_collected(node, last, frame, *values);
        ++collected;
      } else if (!std::holds_alternative<proto::BlockResult>(m.body) &&
                 !std::holds_alternative<proto::Exports>(m.body)) {
        throw NodeFault(node, std::string("sent a ") + proto::type_name(proto::type_of(m.body)) +
                                  " message while its block of x was collected");
      }
    });
  }
  stats.seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - loop_start).count();
  job.add_traffic_since(traffic, stats);
  return window.assemble(last);
}

SolveResult solve_jacobi_on_cluster(ClusterJob& job, ConvergenceMonitor& monitor, double omega,
                                    const ProgressCallback& progress, LoopStats& stats,
                                    const ErrorTracking* errors, std::uint32_t collect_every) {
  SolveOutcome outcome = SolveOutcome::running;
  if (errors) errors->record(0, errors->exact_norm * errors->exact_norm);  // x_0 = 0
  const IterationJudge judge = [&](std::int64_t k, double residual, const IterateWindow& window) {
    // x_{k+1} is whole now, and is about to be judged next: measure it while it is here
    if (errors) errors->record(k + 1, window.distance_sq(k + 1, errors->exact));
    outcome = monitor.observe(residual);
    if (progress) progress(k, monitor.relative_residual());
    return outcome == SolveOutcome::running;
  };
  // the error of every iterate needs every iterate whole
  JacobiSettings settings{omega, collection_plan(job, collect_every, errors != nullptr)};
  std::vector<double> x = run_jacobi(job, settings, judge, stats);
  return make_result(outcome, monitor, std::move(x));
}

}  // namespace slae::coordinator
