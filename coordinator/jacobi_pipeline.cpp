#include "coordinator/jacobi_pipeline.hpp"

#include <chrono>
#include <cmath>
#include <limits>

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
                       settings.x0.empty()
                           ? std::vector<double>(static_cast<std::size_t>(partition.rows()), 0.0)
                           : settings.x0,
                       job.shared_iterates(), settings.collect_every);

  const std::uint32_t epoch = job.next_epoch();
  const auto header = [&](std::uint64_t k) { return proto::Header{job.id(), epoch, k}; };
  for (int node = 0; node < parts; ++node) {
    proto::Start start{proto::Method::jacobi, settings.omega, {}, {}};
    if (!settings.x0.empty()) {
      const RowRange rows = partition.block(node);
      start.x0 = proto::PackedDoubles(std::span<const double>(settings.x0)
                                          .subspan(static_cast<std::size_t>(rows.begin),
                                                   static_cast<std::size_t>(rows.size())));
    }
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
  try {
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
  } catch (...) {
    if (settings.on_stopped) {
      try {
        settings.on_stopped(window);
      } catch (...) {
        // the exception that stopped the loop is the one to report
      }
    }
    throw;
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
                                    const ErrorTracking* errors, std::uint32_t collect_every,
                                    const JacobiCheckpoints* checkpoints) {
  SolveOutcome outcome = SolveOutcome::running;
  // resumed from x_m: the window's iteration k is the solve's first + k
  const auto first = static_cast<std::int64_t>(monitor.history().size());
  const bool resumed = checkpoints && !checkpoints->x0.empty();
  if (resumed) errors = nullptr;  // the errors of x_0 .. x_{m-1} are not in a checkpoint
  const bool saving = checkpoints && checkpoints->save;
  std::int64_t next_save = saving && checkpoints->every > 0
                               ? first + checkpoints->every
                               : std::numeric_limits<std::int64_t>::max();
  if (errors) errors->record(0, errors->exact_norm * errors->exact_norm);  // x_0 = 0
  const IterationJudge judge = [&](std::int64_t k, double residual, const IterateWindow& window) {
    // x_{k+1} is whole now, and is about to be judged next: measure it while it is here
    if (errors) errors->record(k + 1, window.distance_sq(k + 1, errors->exact));
    outcome = monitor.observe(residual);
    if (progress) progress(first + k, monitor.relative_residual());
    if (outcome == SolveOutcome::running && first + k + 1 >= next_save && window.whole(k + 1)) {
      checkpoints->save(first + k + 1, window.assemble(k + 1), monitor.history());
      next_save = first + k + 1 + checkpoints->every;
    }
    return outcome == SolveOutcome::running;
  };
  // the error of every iterate needs every iterate whole; so do checkpoints, every `every`
  std::uint32_t collect = collect_every;
  if (saving && checkpoints->every > 0) {
    const auto every = static_cast<std::uint32_t>(
        std::min<std::int64_t>(checkpoints->every, std::numeric_limits<std::uint32_t>::max()));
    collect = collect == 0 ? std::min(every, kRemoteCollectEvery) : std::min(collect, every);
  }
  JacobiSettings settings{omega, collection_plan(job, collect, errors != nullptr), {}, {}};
  if (resumed) settings.x0 = checkpoints->x0;
  if (saving) {
    // stopped by a signal or a lost node: the newest whole iterate judged so far is saved
    settings.on_stopped = [&](const IterateWindow& window) {
      const std::int64_t m = window.next_judgment();
      if (m == 0 || static_cast<std::int64_t>(monitor.history().size()) != first + m ||
          !window.whole(m))
        return;
      checkpoints->save(first + m, window.assemble(m), monitor.history());
    };
  }
  std::vector<double> x = run_jacobi(job, settings, judge, stats);
  return make_result(outcome, monitor, std::move(x));
}

}  // namespace slae::coordinator
