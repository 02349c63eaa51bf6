#pragma once
// Multicolour Gauss-Seidel and SOR over the cluster (solver/sor.hpp), in lockstep: each
// iteration is one round per colour, and each round sends every node its ghosts as the previous
// colour left them and gathers every node's block. The coordinator so holds x_k whole at every
// iteration's start: the answer when the residual says stop, and where the solve goes on from
// after a lost worker (the steps of one iteration at most are redone, to the same bits).
#include "coordinator/cluster/cluster_job.hpp"
#include "coordinator/cluster/iterate_checkpoints.hpp"
#include "coordinator/cluster/job_events.hpp"
#include "coordinator/cluster/method_run.hpp"
#include "solver/convergence.hpp"
#include "solver/multicolour.hpp"
#include "solver/solve_result.hpp"

namespace slae::coordinator {

struct SorSettings {
  const MulticolourOrdering& ordering;  ///< A's colouring (the job's rows)
  double omega = 1.0;                   ///< 0 < omega < 2
  bool gauss_seidel = false;            ///< tell the nodes Gauss-Seidel (omega must be 1)
};

/// SOR from x_0 = 0 (or from a checkpoint's x_m, the monitor resumed with the history before
/// it) to the monitor's criteria: the cluster twin of solve_sor, equal to it bit for bit on any
/// number of nodes, and a resumed solve equal to the one never stopped. `checkpoints`, when
/// given, saves x_m every `every` iterations and when the solve stops on an exception. `events`
/// hears of each loss, re-placement, redo and checkpoint; `errors`, when given, records every
/// iterate's error. Throws ClusterError when no worker is left.
SolveResult solve_sor_on_cluster(ClusterJob& job, ConvergenceMonitor& monitor,
                                 const SorSettings& settings, const ProgressCallback& progress,
                                 LoopStats& stats, const ErrorTracking* errors = nullptr,
                                 const EventSink& events = {},
                                 const IterateCheckpoints* checkpoints = nullptr);

}  // namespace slae::coordinator
