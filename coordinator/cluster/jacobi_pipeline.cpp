#include "coordinator/cluster/jacobi_pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>

#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/cluster/job_recovery.hpp"
#include "solver/elapsed.hpp"

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
    if (m.header.job != job.id() || m.header.epoch != epoch) {  // an earlier solve's
      cluster.note_stale();
      return;
    }
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
    // The blocks of x_last that stayed on their nodes: asked for now. Replies of the iterations
    // the nodes ran ahead are still on their way; they are of no use any more.
    const std::vector<int> missing = window.missing_blocks(last);
    for (const int node : missing)
      cluster.send(node,
                   proto::Message{header(static_cast<std::uint64_t>(last)), proto::Collect{}});
    std::size_t collected = 0;
    while (collected < missing.size()) {
      cluster.receive([&](int node, const proto::Message& m, proto::Received& frame) {
        if (m.header.job != job.id() || m.header.epoch != epoch) {
          cluster.note_stale();
          return;
        }
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
  stats.seconds += seconds_since(loop_start);
  job.add_traffic_since(traffic, stats);
  return window.assemble(last);
}

namespace {

// The newest whole iterate the solve has judged everything before: where it goes on from.
struct RestartPoint {
  std::int64_t m = 0;  ///< the solve's iteration
  std::vector<double> x;
};

}  // namespace

SolveResult solve_jacobi_on_cluster(ClusterJob& job, ConvergenceMonitor& monitor, double omega,
                                    const ProgressCallback& progress, LoopStats& stats,
                                    const ErrorTracking* errors, std::uint32_t collect_every,
                                    const IterateCheckpoints* checkpoints,
                                    const EventSink& events) {
  const auto began = std::chrono::steady_clock::now();
  SolveOutcome outcome = SolveOutcome::running;
  // The window's iteration k is the solve's first + k: resumed from x_m, first is m; after a
  // lost worker, the iterate the solve went on from.
  auto first = static_cast<std::int64_t>(monitor.history().size());
  const bool resumed = checkpoints && !checkpoints->x0.empty();
  if (resumed) errors = nullptr;  // the errors of x_0 .. x_{m-1} are not in a checkpoint
  const auto say = [&](JobEvent event) {
    event.seconds = seconds_since(began);
    if (events) events(std::move(event));
  };
  const bool saving = checkpoints && checkpoints->save;
  const auto save = [&](std::int64_t m, const std::vector<double>& x) {
    // x_m goes with the residuals of x_0 .. x_{m-1}
    const std::vector<double>& seen = monitor.history();
    checkpoints->save(m, x,
                      std::vector<double>(seen.begin(), seen.begin() + std::min<std::ptrdiff_t>(
                                                                           m, std::ssize(seen))));
    say({JobEvent::Kind::checkpoint, m, 0.0, "checkpoint of x_" + std::to_string(m), {}, 0, {}});
  };
  std::int64_t next_save = saving && checkpoints->every > 0
                               ? first + checkpoints->every
                               : std::numeric_limits<std::int64_t>::max();
  if (errors) errors->record(0, errors->exact_norm * errors->exact_norm);  // x_0 = 0
  // Where a lost worker sends the solve back to. Nodes that deliver every iterate whole leave
  // it in the window (on_stopped below); blocks that come only every K iterations (thin
  // workers) make x whole only then, and each such x is kept here.
  std::optional<RestartPoint> newest, kept;
  bool periodic = false;
  const IterationJudge judge = [&](std::int64_t k, double residual, const IterateWindow& window) {
    // x_{k+1} is whole now, and is about to be judged next: measure it while it is here
    if (errors) errors->record(first + k + 1, window.distance_sq(k + 1, errors->exact));
    outcome = monitor.observe(residual);
    if (progress) progress(first + k, monitor.relative_residual());
    if (outcome != SolveOutcome::running) return false;
    const bool whole = window.whole(k + 1);
    if (whole && (periodic || first + k + 1 >= next_save)) {
      std::vector<double> x = window.assemble(k + 1);
      if (first + k + 1 >= next_save) {
        save(first + k + 1, x);
        next_save = first + k + 1 + checkpoints->every;
      }
      if (periodic) kept = RestartPoint{first + k + 1, std::move(x)};
    }
    return true;
  };
  // the error of every iterate needs every iterate whole; so do checkpoints, every `every`
  std::uint32_t collect = collect_every;
  if (saving && checkpoints->every > 0) {
    const auto every = static_cast<std::uint32_t>(
        std::min<std::int64_t>(checkpoints->every, std::numeric_limits<std::uint32_t>::max()));
    collect = collect == 0 ? std::min(every, kRemoteCollectEvery) : std::min(collect, every);
  }
  JacobiSettings settings{omega, {}, resumed ? checkpoints->x0 : std::vector<double>{}, {}};
  settings.on_stopped = [&](const IterateWindow& window) {
    const std::int64_t m = window.next_judgment();
    if (m > 0 && static_cast<std::int64_t>(monitor.history().size()) == first + m &&
        window.whole(m)) {
      newest = RestartPoint{first + m, window.assemble(m)};
    } else if (kept) {
      newest = std::move(kept);
    }
  };
  const double seconds_before = stats.seconds;
  bool recovered = false;
  for (;;) {
    settings.collect_every = collection_plan(job, collect, errors != nullptr);
    periodic = std::any_of(settings.collect_every.begin(), settings.collect_every.end(),
                           [](std::uint32_t every) { return every > 1; });
    newest.reset();
    kept.reset();
    try {
      std::vector<double> x = run_jacobi(job, settings, judge, stats);
      // the loop's time is all of it, lost workers and iterations redone included
      if (recovered) stats.seconds = seconds_before + seconds_since(began);
      return make_result(outcome, monitor, std::move(x));
    } catch (const WorkerLost& loss) {
      // Go on from the newest whole iterate (or from where this try began): the monitor forgets
      // what it saw after it, and the iterations since are redone, to the same bits.
      const auto reached = static_cast<std::int64_t>(monitor.history().size());
      if (newest) {
        first = newest->m;
        settings.x0 = std::move(newest->x);
      }
      monitor.rewind(first);
      recovered = true;
      try {
        recover_job(job, loss, reached, say, {});
      } catch (...) {
        // no worker left (or a signal): the iterate the solve would go on from is saved
        try {
          if (saving && first > 0 && !settings.x0.empty()) save(first, settings.x0);
        } catch (...) {
          // the reason the solve stops is the one to report
        }
        throw;
      }
      say({JobEvent::Kind::redone,
           first,
           0.0,
           "going on from x_" + std::to_string(first) + ": " + std::to_string(reached - first) +
               " iterations redone",
           {},
           reached - first,
           {}});
    } catch (...) {
      // stopped by a signal or a failure: the newest whole iterate judged so far is saved
      if (saving && (newest || (first > 0 && !settings.x0.empty()))) {
        try {
          if (newest)
            save(newest->m, newest->x);
          else
            save(first, settings.x0);  // where the solve went on from after a lost worker
        } catch (...) {
          // the exception that stopped the solve is the one to report
        }
      }
      throw;
    }
  }
}

}  // namespace slae::coordinator
