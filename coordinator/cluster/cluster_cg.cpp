#include "coordinator/cluster/cluster_cg.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <string>

#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/cluster/job_recovery.hpp"
#include "solver/elapsed.hpp"
#include "solver/reduction_chunks.hpp"

namespace slae::coordinator {

namespace proto = slae::protocol;

namespace {

// Copies one node's per-chunk sums into the chunk-indexed vector, checking their number.
void place_sums(const ClusterJob& job, int node, const proto::PackedDoubles& sums,
                std::vector<double>& into, const char* what) {
  const RowRange rows = job.partition().block(node);
  const std::int64_t count = job.chunks().chunks_in(rows);
  if (static_cast<std::int64_t>(sums.size()) != count) {
    throw NodeFault(node, "sent " + std::to_string(sums.size()) + " " + what + " sums for " +
                              std::to_string(count) + " chunks");
  }
  sums.copy_to(std::span<double>(into).subspan(
      static_cast<std::size_t>(job.chunks().first_chunk(rows)), sums.size()));
}

}  // namespace

ClusterCgBackend::ClusterCgBackend(ClusterJob& job, std::span<const double> b, CgRecovery recovery,
                                   const CgVectors* from)
    : job_(job),
      recovery_(std::move(recovery)),
      began_(std::chrono::steady_clock::now()),
      rz_(static_cast<std::size_t>(job.chunks().count())),
      rr_(rz_.size()),
      pq_(rz_.size()) {
  if (from) {  // a checkpoint's state: the nodes start from it as after a lost worker
    saved_ = *from;
    start_from(saved_);
    return;
  }
  // x_0 = 0, r_0 = b, p = 0: what a node starts from when start carries nothing
  saved_ = {0, std::vector<double>(b.size(), 0.0), std::vector<double>(b.begin(), b.end()), {}};
  epoch_ = job_.next_epoch();
  z_exports_.clear();
  z_exports_.resize(static_cast<std::size_t>(job_.partition().parts()));
  for (int node = 0; node < job_.partition().parts(); ++node) {
    job_.nodes().send(
        node, proto::Message{{job_.id(), epoch_, 0}, proto::Start{proto::Method::cg, 1.0, {}, {}}});
  }
}

template <typename F>
auto ClusterCgBackend::guarded(F&& call) {
  for (;;) {
    try {
      return call();
    } catch (const WorkerLost& loss) {
      if (recovery_.every <= 0) throw;
      heal(loss);
    }
  }
}

void ClusterCgBackend::heal(const WorkerLost& loss) {
  const auto say = [&](JobEvent e) {
    e.seconds = seconds_since(began_);
    if (recovery_.events) recovery_.events(std::move(e));
  };
  recover_job(job_, loss, iteration_, say, [&] {
    // the nodes as they were at the saved state, then the calls since, with their scalars
    start_from(saved_);
    if (!recompute_pending_) raw_step(saved_.iteration, 0.0);
    for (const Call& c : since_) {
      if (c.step)
        raw_step(c.iteration, c.scalar);
      else
        raw_direction(c.iteration, c.scalar);
    }
  });
  say({JobEvent::Kind::redone,
       saved_.iteration,
       0.0,
       "going on from the state of iteration " + std::to_string(saved_.iteration) + ": " +
           std::to_string(since_.size()) + " CG exchanges redone",
       {},
       static_cast<std::int64_t>(since_.size()),
       {}});
}

void ClusterCgBackend::start_from(const SavedState& state) {
  epoch_ = job_.next_epoch();  // replies of the abandoned recurrence are dropped from now on
  const auto k = static_cast<std::uint64_t>(state.iteration);
  const GhostExchange& exchange = job_.exchange();
  z_exports_.clear();
  z_exports_.resize(static_cast<std::size_t>(job_.partition().parts()));
  std::vector<double> p_local;
  for (int node = 0; node < job_.partition().parts(); ++node) {
    const RowRange rows = job_.partition().block(node);
    const auto own = [&](const std::vector<double>& v) {
      return proto::PackedDoubles(std::span<const double>(v).subspan(
          static_cast<std::size_t>(rows.begin), static_cast<std::size_t>(rows.size())));
    };
    proto::Start start{proto::Method::cg, 1.0, own(state.x), own(state.r)};
    if (!state.p.empty()) {
      // p at the block's rows, then at its ghosts: other blocks' rows, in ghost order
      p_local.assign(state.p.begin() + rows.begin, state.p.begin() + rows.end);
      const auto& source = exchange.source_rows(node);
      for (const GhostExchange::Run& run : exchange.runs(node)) {
        const std::int64_t owner_begin = job_.partition().block(run.owner).begin;
        for (std::int64_t g = run.first; g < run.last; ++g)
          p_local.push_back(state.p[static_cast<std::size_t>(owner_begin + source[g])]);
      }
      start.p0 = proto::PackedDoubles(std::span<const double>(p_local));
    }
    job_.nodes().send(node, proto::Message{{job_.id(), epoch_, k}, start});
  }
  iteration_ = state.iteration;
}

void ClusterCgBackend::restart(std::int64_t iteration, std::span<const double> x,
                               std::span<const double> r) {
  saved_ = {iteration,
            std::vector<double>(x.begin(), x.end()),
            std::vector<double>(r.begin(), r.end()),
            {}};
  saved_scalars_.reset();
  since_.clear();
  recompute_pending_ = true;
  guarded([&] { start_from(saved_); });
}

CgBackend::StepSums ClusterCgBackend::step(std::int64_t iteration, double alpha) {
  const StepSums sums = guarded([&] { return raw_step(iteration, alpha); });
  if (recompute_pending_) {
    recompute_pending_ = false;  // the saved state's own step: redone by heal() itself
  } else {
    since_.push_back({true, iteration, alpha});
  }
  // x_k, r_k and p_{k-1}: the state to go back to after a loss
  if (recovery_.every > 0 && iteration - saved_.iteration >= recovery_.every) save_state();
  return sums;
}

void ClusterCgBackend::save_state() {
  SavedState now{iteration_, {}, {}, {}};
  guarded([&] {
    now.x = collect(proto::Collected::x);
    now.r = collect(proto::Collected::r);
    now.p = collect(proto::Collected::p);
  });
  saved_ = std::move(now);
  saved_scalars_.reset();
  since_.clear();
}

void ClusterCgBackend::note_reached(const CgScalars& s) {
  if (s.iteration == saved_.iteration) saved_scalars_ = s;
}

const CgVectors& ClusterCgBackend::snapshot() {
  if (saved_.iteration != iteration_ || recompute_pending_ || !since_.empty()) save_state();
  return saved_;
}

std::optional<std::pair<CgVectors, CgScalars>> ClusterCgBackend::last_state() const {
  // (the state of a start or a restart, p = 0, never has run_cg's scalars: it is not saved)
  if (!saved_scalars_ || saved_.x.empty() || saved_.p.empty()) return std::nullopt;
  return std::make_pair(saved_, *saved_scalars_);
}

double ClusterCgBackend::direction(std::int64_t iteration, double beta) {
  const double pq = guarded([&] { return raw_direction(iteration, beta); });
  since_.push_back({false, iteration, beta});
  return pq;
}

std::vector<double> ClusterCgBackend::solution() {
  return guarded([&] { return collect(proto::Collected::x); });
}

CgBackend::StepSums ClusterCgBackend::raw_step(std::int64_t iteration, double alpha) {
  const auto k = static_cast<std::uint64_t>(iteration);
  for (int node = 0; node < job_.partition().parts(); ++node)
    job_.nodes().send(node, proto::Message{{job_.id(), epoch_, k}, proto::CgStep{alpha}});
  job_.gather<proto::CgResidual>(
      epoch_, k, [&](int node, const proto::CgResidual& m, proto::Received& frame) {
        place_sums(job_, node, m.rz, rz_, "r.z");
        place_sums(job_, node, m.rr, rr_, "r.r");
        if (m.exports.size() != job_.exchange().exports(node).size()) {
          throw NodeFault(node, "sent " + std::to_string(m.exports.size()) + " values of z for " +
                                    std::to_string(job_.exchange().exports(node).size()) +
                                    " exports");
        }
        z_exports_[static_cast<std::size_t>(node)] = HeldVector(frame, m.exports);
      });
  iteration_ = iteration;
  return {sum_in_order(rz_), sum_in_order(rr_)};
}

double ClusterCgBackend::raw_direction(std::int64_t iteration, double beta) {
  const auto k = static_cast<std::uint64_t>(iteration);
  const GhostExchange& exchange = job_.exchange();
  for (int node = 0; node < job_.partition().parts(); ++node) {
    proto::PayloadBuffer& ghosts = job_.ghost_buffer(node, k);
    ghosts.wait_until_free();
    const std::span<double> out = ghosts.values();
    const auto& source = exchange.source_exports(node);
    for (const GhostExchange::Run& run : exchange.runs(node)) {
      const proto::PackedDoubles z = z_exports_[static_cast<std::size_t>(run.owner)].view();
      for (std::int64_t g = run.first; g < run.last; ++g)
        out[static_cast<std::size_t>(g)] = z[static_cast<std::size_t>(source[g])];
    }
    job_.nodes().send(node,
                      proto::Message{{job_.id(), epoch_, k},
                                     proto::CgDirection{
                                         beta, proto::PackedDoubles(std::span<const double>(out))}},
                      ghosts);
  }
  job_.gather<proto::CgCurvature>(epoch_, k,
                                  [&](int node, const proto::CgCurvature& m, proto::Received&) {
                                    place_sums(job_, node, m.pq, pq_, "p.q");
                                  });
  return sum_in_order(pq_);
}

std::vector<double> ClusterCgBackend::collect(proto::Collected what) {
  const auto k = static_cast<std::uint64_t>(iteration_);
  for (int node = 0; node < job_.partition().parts(); ++node)
    job_.nodes().send(node, proto::Message{{job_.id(), epoch_, k}, proto::Collect{what}});
  std::vector<double> v(static_cast<std::size_t>(job_.partition().rows()));
  job_.gather<proto::BlockValues>(
      epoch_, k, [&](int node, const proto::BlockValues& m, proto::Received&) {
        const RowRange rows = job_.partition().block(node);
        if (m.row_begin != rows.begin || m.row_end != rows.end ||
            static_cast<std::int64_t>(m.values.size()) != rows.size()) {
          throw NodeFault(node, "sent the wrong rows of x");
        }
        m.values.copy_to(std::span<double>(v).subspan(static_cast<std::size_t>(rows.begin),
                                                      static_cast<std::size_t>(rows.size())));
      });
  return v;
}

SolveResult solve_cg_on_cluster(ClusterJob& job, const CgSystem& system,
                                ConvergenceMonitor& monitor, const ProgressCallback& progress,
                                LoopStats& stats, const ErrorTracking* errors, CgRecovery recovery,
                                const CgCheckpoints* checkpoints) {
  const auto start = std::chrono::steady_clock::now();
  const TrafficMark traffic = job.traffic_mark();
  const bool resumed = checkpoints && !checkpoints->from.x.empty();
  if (resumed) errors = nullptr;  // the errors of x_0 .. x_k are not in a checkpoint
  const EventSink events = recovery.events;
  ClusterCgBackend backend(job, system.b, std::move(recovery),
                           resumed ? &checkpoints->from : nullptr);
  // CG's x lives on the nodes: measuring every iterate's error means collecting it each time
  const ProgressCallback observe = [&](std::int64_t k, double relative) {
    if (errors) {
      const std::vector<double> x = backend.solution();
      double sum = 0.0;
      for (std::size_t i = 0; i < x.size(); ++i)
        sum += (x[i] - errors->exact[i]) * (x[i] - errors->exact[i]);
      errors->record(k, sum);
    }
    if (progress) progress(k, relative);
  };
  const bool saving = checkpoints && checkpoints->save;
  const auto save = [&](const CgVectors& v, const CgScalars& s) {
    // x_k goes with the residuals of x_0 .. x_k
    const std::vector<double>& seen = monitor.history();
    const auto judged = std::min<std::ptrdiff_t>(s.iteration + 1, std::ssize(seen));
    checkpoints->save(v, s, std::vector<double>(seen.begin(), seen.begin() + judged));
    if (events) {
      events({JobEvent::Kind::checkpoint,
              s.iteration,
              seconds_since(start),
              "checkpoint of CG's state at iteration " + std::to_string(s.iteration),
              {},
              0,
              {}});
    }
  };
  std::int64_t next_save = saving && checkpoints->every > 0
                               ? (resumed ? checkpoints->from.iteration : 0) + checkpoints->every
                               : std::numeric_limits<std::int64_t>::max();
  CgContinuation continuation;
  if (resumed) {
    continuation.resume = &checkpoints->from_scalars;
    backend.note_reached(checkpoints->from_scalars);
  }
  continuation.reached = [&](const CgScalars& s) {
    backend.note_reached(s);
    if (s.iteration < next_save) return;
    save(backend.snapshot(), s);
    backend.note_reached(s);
    next_save = s.iteration + checkpoints->every;
  };
  SolveResult result;
  try {
    result = run_cg(backend, system, monitor, observe, continuation);
  } catch (...) {
    // stopped by a signal or a failure: the newest state collected is saved
    if (saving) {
      try {
        if (const auto last = backend.last_state()) save(last->first, last->second);
      } catch (...) {
        // the exception that stopped the solve is the one to report
      }
    }
    throw;
  }
  stats.sweeps += result.iterations + 1;
  stats.seconds += seconds_since(start);
  job.add_traffic_since(traffic, stats);
  return result;
}

}  // namespace slae::coordinator
