#include "coordinator/cluster_cg.hpp"

#include <chrono>
#include <string>

#include "coordinator/cluster_error.hpp"
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

ClusterCgBackend::ClusterCgBackend(ClusterJob& job)
    : job_(job),
      epoch_(job.next_epoch()),
      z_exports_(static_cast<std::size_t>(job.partition().parts())),
      rz_(static_cast<std::size_t>(job.chunks().count())),
      rr_(rz_.size()),
      pq_(rz_.size()) {
  for (int node = 0; node < job_.partition().parts(); ++node) {
    job_.nodes().send(
        node, proto::Message{{job_.id(), epoch_, 0}, proto::Start{proto::Method::cg, 1.0, {}, {}}});
  }
}

void ClusterCgBackend::restart(std::int64_t iteration, std::span<const double> x,
                               std::span<const double> r) {
  epoch_ = job_.next_epoch();  // replies of the abandoned recurrence are dropped from now on
  const auto k = static_cast<std::uint64_t>(iteration);
  for (int node = 0; node < job_.partition().parts(); ++node) {
    const RowRange rows = job_.partition().block(node);
    const auto own = [&](std::span<const double> v) {
      return proto::PackedDoubles(
          v.subspan(static_cast<std::size_t>(rows.begin), static_cast<std::size_t>(rows.size())));
    };
    job_.nodes().send(node, proto::Message{{job_.id(), epoch_, k},
                                           proto::Start{proto::Method::cg, 1.0, own(x), own(r)}});
  }
  iteration_ = iteration;
}

CgBackend::StepSums ClusterCgBackend::step(std::int64_t iteration, double alpha) {
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

double ClusterCgBackend::direction(std::int64_t iteration, double beta) {
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

std::vector<double> ClusterCgBackend::solution() {
  const auto k = static_cast<std::uint64_t>(iteration_);
  for (int node = 0; node < job_.partition().parts(); ++node)
    job_.nodes().send(node, proto::Message{{job_.id(), epoch_, k}, proto::Collect{}});
  std::vector<double> x(static_cast<std::size_t>(job_.partition().rows()));
  job_.gather<proto::BlockValues>(
      epoch_, k, [&](int node, const proto::BlockValues& m, proto::Received&) {
        const RowRange rows = job_.partition().block(node);
        if (m.row_begin != rows.begin || m.row_end != rows.end ||
            static_cast<std::int64_t>(m.values.size()) != rows.size()) {
          throw NodeFault(node, "sent the wrong rows of x");
        }
        m.values.copy_to(std::span<double>(x).subspan(static_cast<std::size_t>(rows.begin),
                                                      static_cast<std::size_t>(rows.size())));
      });
  return x;
}

SolveResult solve_cg_on_cluster(ClusterJob& job, const CgSystem& system,
                                ConvergenceMonitor& monitor, const ProgressCallback& progress,
                                LoopStats& stats, const ErrorTracking* errors) {
  const auto start = std::chrono::steady_clock::now();
  const TrafficMark traffic = job.traffic_mark();
  ClusterCgBackend backend(job);
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
  SolveResult result = run_cg(backend, system, monitor, observe);
  stats.sweeps += result.iterations + 1;
  stats.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  job.add_traffic_since(traffic, stats);
  return result;
}

}  // namespace slae::coordinator
