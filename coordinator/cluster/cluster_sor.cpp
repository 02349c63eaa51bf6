#include "coordinator/cluster/cluster_sor.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/cluster/job_recovery.hpp"
#include "solver/elapsed.hpp"
#include "solver/reduction_chunks.hpp"

namespace slae::coordinator {

namespace proto = slae::protocol;

namespace {

// The nodes of one solve of the job: started (in a new epoch) from x_k, then stepped colour by
// colour, each step's blocks placed back into x in row order.
class SorRounds {
 public:
  SorRounds(ClusterJob& job, const SorSettings& settings, std::vector<double>& x)
      : job_(job),
        settings_(settings),
        x_(x),
        sums_(static_cast<std::size_t>(job.chunks().count())) {}

  /// Every node starts from x (its rows) at iteration k.
  void start(std::int64_t k) {
    epoch_ = job_.next_epoch();
    const auto colours = static_cast<std::uint32_t>(settings_.ordering.colours());
    for (int node = 0; node < job_.partition().parts(); ++node) {
      const RowRange rows = job_.partition().block(node);
      proto::Start start;
      start.method = settings_.gauss_seidel ? proto::Method::gauss_seidel : proto::Method::sor;
      start.omega = settings_.omega;
      if (k > 0) {
        start.x0 = proto::PackedDoubles(std::span<const double>(x_).subspan(
            static_cast<std::size_t>(rows.begin), static_cast<std::size_t>(rows.size())));
      }
      start.colours.assign(settings_.ordering.colour.begin() + rows.begin,
                           settings_.ordering.colour.begin() + rows.end);
      start.colour_count = colours;
      job_.nodes().send(
          node, proto::Message{header(static_cast<std::uint64_t>(k) * colours), std::move(start)});
    }
  }

  /// Step `step` on every node; returns ||b - A x||^2 of x before it for a first colour's step.
  double step(std::uint64_t step, bool first_colour) {
    const GhostExchange& exchange = job_.exchange();
    const RowPartition& partition = job_.partition();
    for (int node = 0; node < partition.parts(); ++node) {
      proto::PayloadBuffer& ghosts = job_.ghost_buffer(node, step);
      ghosts.wait_until_free();
      const std::span<double> values = ghosts.values();
      const auto& source = exchange.source_rows(node);
      for (const GhostExchange::Run& run : exchange.runs(node)) {
        const std::int64_t owner_begin = partition.block(run.owner).begin;
        for (std::int64_t g = run.first; g < run.last; ++g)
          values[static_cast<std::size_t>(g)] =
              x_[static_cast<std::size_t>(owner_begin + source[g])];
      }
      job_.nodes().send(
          node,
          proto::Message{header(step),
                         proto::Iterate{proto::PackedDoubles(std::span<const double>(values))}},
          ghosts);
    }
    job_.gather<proto::BlockResult>(
        epoch_, step, [&](int node, const proto::BlockResult& block, proto::Received&) {
          place(node, block, first_colour);
        });
    return first_colour ? sum_in_order(sums_) : 0.0;
  }

 private:
  proto::Header header(std::uint64_t step) const { return {job_.id(), epoch_, step}; }

  void place(int node, const proto::BlockResult& block, bool first_colour) {
    const RowRange rows = job_.partition().block(node);
    if (block.row_begin != rows.begin || block.row_end != rows.end ||
        static_cast<std::int64_t>(block.x_next.size()) != rows.size()) {
      throw NodeFault(node, "sent a block that is not its rows " + std::to_string(rows.begin) +
                                ".." + std::to_string(rows.end));
    }
    const std::int64_t chunks = first_colour ? job_.chunks().chunks_in(rows) : 0;
    if (static_cast<std::int64_t>(block.residual_sq.size()) != chunks) {
      throw NodeFault(node, "sent " + std::to_string(block.residual_sq.size()) +
                                " residual sums for " + std::to_string(chunks) + " chunks");
    }
    block.x_next.copy_to(std::span<double>(x_).subspan(static_cast<std::size_t>(rows.begin),
                                                       static_cast<std::size_t>(rows.size())));
    if (first_colour) {
      block.residual_sq.copy_to(std::span<double>(sums_).subspan(
          static_cast<std::size_t>(job_.chunks().first_chunk(rows)), block.residual_sq.size()));
    }
  }

  ClusterJob& job_;
  const SorSettings& settings_;
  std::vector<double>& x_;
  std::vector<double> sums_;  ///< per reduction chunk, of the first colour's step
  std::uint32_t epoch_ = 0;
};

double distance_sq(const std::vector<double>& x, std::span<const double> exact) {
  double sum = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i)
    sum += (x[i] - exact[i]) * (x[i] - exact[i]);
  return sum;
}

}  // namespace

SolveResult solve_sor_on_cluster(ClusterJob& job, ConvergenceMonitor& monitor,
                                 const SorSettings& settings, const ProgressCallback& progress,
                                 LoopStats& stats, const ErrorTracking* errors,
                                 const EventSink& events, const IterateCheckpoints* checkpoints) {
  const auto began = std::chrono::steady_clock::now();
  const TrafficMark traffic = job.traffic_mark();
  const int colours = settings.ordering.colours();
  const bool resumed = checkpoints && !checkpoints->x0.empty();
  if (resumed) errors = nullptr;  // the errors of x_0 .. x_{m-1} are not in a checkpoint
  std::vector<double> x =
      resumed ? checkpoints->x0
              : std::vector<double>(static_cast<std::size_t>(job.partition().rows()), 0.0);
  std::vector<double> x_k;
  SorRounds rounds(job, settings, x);
  auto k = static_cast<std::int64_t>(monitor.history().size());
  const std::int64_t began_at = k;
  const auto say = [&](JobEvent event) {
    event.seconds = seconds_since(began);
    if (events) events(std::move(event));
  };
  const bool saving = checkpoints && checkpoints->save;
  std::int64_t next_save = saving && checkpoints->every > 0
                               ? k + checkpoints->every
                               : std::numeric_limits<std::int64_t>::max();
  // x_k goes with the residuals of x_0 .. x_{k-1}: its own comes with its first colour's step
  const auto save = [&] {
    const std::vector<double>& seen = monitor.history();
    checkpoints->save(k, x_k,
                      std::vector<double>(seen.begin(), seen.begin() + std::min<std::ptrdiff_t>(
                                                                           k, std::ssize(seen))));
    say({JobEvent::Kind::checkpoint, k, 0.0, "checkpoint of x_" + std::to_string(k), {}, 0, {}});
  };
  const auto finish = [&](SolveOutcome outcome) {
    stats.seconds += seconds_since(began);
    job.add_traffic_since(traffic, stats);
    return make_result(outcome, monitor, std::move(x_k));
  };
  try {
    rounds.start(k);
    for (;;) {
      try {
        for (;; ++k) {
          x_k = x;  // the answer if its residual says so, and where a lost worker sends us back
          if (errors) errors->record(k, distance_sq(x_k, errors->exact));
          if (k >= next_save) {
            save();
            next_save = k + checkpoints->every;
          }
          for (int c = 0; c < colours; ++c) {
            const std::uint64_t step =
                static_cast<std::uint64_t>(k) * static_cast<std::uint64_t>(colours) +
                static_cast<std::uint64_t>(c);
            const double residual_sq = rounds.step(step, c == 0);
            if (c > 0) continue;
            ++stats.sweeps;
            const SolveOutcome outcome = monitor.observe(std::sqrt(residual_sq));
            if (progress) progress(k, monitor.relative_residual());
            if (outcome != SolveOutcome::running) return finish(outcome);
          }
        }
      } catch (const WorkerLost& loss) {
        // Back to x_k: what was observed of it goes, its steps are redone from it, to the same
        // bits.
        monitor.rewind(
            std::min<std::int64_t>(k, static_cast<std::int64_t>(monitor.history().size())));
        x = x_k;
        recover_job(job, loss, k, say, [&] { rounds.start(k); });
        say({JobEvent::Kind::redone,
             k,
             0.0,
             "going on from x_" + std::to_string(k) + ": the steps of one iteration redone",
             {},
             1,
             {}});
      }
    }
  } catch (...) {
    // stopped by a signal, a cancellation or the loss of the last worker: x_k, whole, is saved,
    // unless it is where the solve began (x_0, or the checkpoint it was resumed from)
    if (saving && !x_k.empty() && k > began_at) {
      try {
        save();
      } catch (...) {
        // the exception that stopped the solve is the one to report
      }
    }
    throw;
  }
}

}  // namespace slae::coordinator
