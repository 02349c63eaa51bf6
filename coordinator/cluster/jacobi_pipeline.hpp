#pragma once
// Jacobi over the cluster, pipelined (see iterate_window.hpp for the rules): each node is sent
// its ghost values of x_k as soon as their owners have delivered them, the nodes' blocks are
// kept in the frames they arrived in, and the residual is judged one iteration behind.
#include <cstdint>
#include <functional>
#include <vector>

#include "coordinator/cluster/cluster_job.hpp"
#include "coordinator/cluster/iterate_checkpoints.hpp"
#include "coordinator/cluster/iterate_window.hpp"
#include "coordinator/cluster/job_events.hpp"
#include "coordinator/cluster/method_run.hpp"
#include "solver/convergence.hpp"
#include "solver/solve_result.hpp"

namespace slae::coordinator {

/// How often a worker that does not share memory with the coordinator sends its whole block of
/// x when nobody said (--collect-every): a remote one every 50 iterations (2% of a block per
/// iteration, beside a ghost layer of well under 1% on a 2D grid), a local one every iteration
/// (a local socket moves a block in a fraction of a sweep).
inline constexpr std::uint32_t kRemoteCollectEvery = 50;

struct JacobiSettings {
  double omega = 1.0;  ///< weight, 0 < omega < 2
  /// Per node, every how many iterations its block of x comes (nodes that share memory: 1).
  std::vector<std::uint32_t> collect_every;
  std::vector<double> x0;  ///< the first iterate, all rows (empty: zeros)
  /// Called when the loop ends on an exception (a signal, a lost node), with the window as it
  /// stands, before the exception goes on; what it throws is dropped.
  std::function<void(const IterateWindow&)> on_stopped;
};

/// The collect_every of each node of job: 1 for those in shared memory or when every iterate
/// is needed in full (every_iterate: the error of each is measured), else `requested` when
/// given (non-zero), else kRemoteCollectEvery for workers on other machines and 1 for the rest.
std::vector<std::uint32_t> collection_plan(ClusterJob& job, std::uint32_t requested,
                                           bool every_iterate);

/// Judges iteration k, given ||b - A x_k||: returns true to go on. The window holds x_{k+1} in
/// full at that moment (window.distance_sq(k + 1, ...)).
using IterationJudge =
    std::function<bool(std::int64_t k, double residual_norm, const IterateWindow& window)>;

/// Runs Jacobi on the job until the judge stops it, and returns x_k of the last k judged.
std::vector<double> run_jacobi(ClusterJob& job, const JacobiSettings& settings,
                               const IterationJudge& judge, LoopStats& stats);

/// A Jacobi solve from x_0 = 0 to the monitor's criteria: the cluster twin of solve_jacobi, and
/// equal to it bit for bit. A lost worker costs the iterations since the newest whole iterate:
/// the job recovers (ClusterJob::recover) and the solve goes on from that iterate, to the same
/// bits; `events` hears of each loss, re-placement, redo and checkpoint. The monitor (the caller's,
/// so that an interrupted solve keeps its history) records every residual; `errors`, when given,
/// every iterate's error.
SolveResult solve_jacobi_on_cluster(ClusterJob& job, ConvergenceMonitor& monitor, double omega,
                                    const ProgressCallback& progress, LoopStats& stats,
                                    const ErrorTracking* errors = nullptr,
                                    std::uint32_t collect_every = 0,
                                    const IterateCheckpoints* checkpoints = nullptr,
                                    const EventSink& events = {});

}  // namespace slae::coordinator
