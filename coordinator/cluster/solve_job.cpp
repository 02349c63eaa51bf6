#include "coordinator/cluster/solve_job.hpp"

#include <algorithm>

#include "coordinator/cluster/cluster_cg.hpp"
#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/cluster/cluster_job.hpp"
#include "coordinator/cluster/cluster_sor.hpp"
#include "coordinator/cluster/jacobi_pipeline.hpp"
#include "coordinator/cluster/job_events.hpp"
#include "coordinator/process/signals.hpp"
#include "solver/convergence.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/multicolour.hpp"

namespace slae::coordinator {

void run_job(NodeGroup& nodes, const JobSystem& system, const JobSettings& settings,
             RowPartition partition, const ReductionChunks& chunks, RunReport& run,
             JobObserver& observer) {
  const CsrMatrix& a = system.a;
  run.chunk_rows = chunks.chunk_rows();
  const EventSink on_shipping_loss = [&](JobEvent e) {
    e.method = kShippingEvents;
    run.events.push_back(e);
    observer.event(run.events.back());
  };
  ClusterJob job(nodes, a, system.b, std::move(partition), chunks, settings.share_memory,
                 on_shipping_loss);
  run.nodes = job.assignments();
  run.shared_memory_nodes = job.sharing_nodes();
  run.distribution_seconds = job.distribution_seconds();
  observer.placed(run);

  // Gauss-Seidel's and SOR's ordering: A's, coloured once for all their solves
  std::optional<MulticolourOrdering> ordering;
  for (const MethodSpec& spec : settings.runs) {
    if (multicolour(spec.method) && !ordering)
      ordering = colour_greedily(a, [] { throw_if_interrupted(); });
  }
  for (const MethodSpec& spec : settings.runs) {
    const SolveMethod method = spec.method;
    MethodRun m;
    m.method = method;
    m.omega = takes_omega(method) ? spec.omega : 1.0;
    if (multicolour(method)) m.rows_per_colour = ordering->rows_per_colour;
    observer.begin(m);
    const ProgressCallback on_progress = [&](std::int64_t k, double r) { observer.progress(k, r); };
    ConvergenceMonitor monitor(
        method == SolveMethod::cg ? cg_criteria(settings.criteria) : settings.criteria,
        system.rhs_norm);
    std::optional<ErrorTracking> errors;
    if (system.exact && system.error_history) {
      errors = ErrorTracking{*system.exact, norm2(*system.exact), &m.error_history};
    }
    const EventSink on_event = [&](JobEvent e) {
      e.method = method_label(m.method, m.omega);
      if (e.kind == JobEvent::Kind::replaced) {  // where the rows are now
        run.nodes = job.assignments();
        run.shared_memory_nodes = job.sharing_nodes();
      }
      run.events.push_back(e);
      observer.event(run.events.back());
    };
    const bool alone = settings.runs.size() == 1;
    const bool checkpointed = method != SolveMethod::cg && alone &&
                              (settings.checkpoints.save || !settings.checkpoints.x0.empty());
    if (checkpointed && !settings.checkpoints.x0.empty()) monitor.resume(settings.resume_history);
    const CgCheckpoints& cg_saves = settings.cg_checkpoints;
    const bool cg_checkpointed =
        method == SolveMethod::cg && alone && (cg_saves.save || !cg_saves.from.x.empty());
    if (cg_checkpointed && !cg_saves.from.x.empty()) monitor.resume(settings.resume_history);
    try {
      if (method == SolveMethod::jacobi) {
        m.result = solve_jacobi_on_cluster(
            job, monitor, m.omega, on_progress, m.stats, errors ? &*errors : nullptr,
            settings.collect_every, checkpointed ? &settings.checkpoints : nullptr, on_event);
      } else if (method == SolveMethod::cg) {
        m.result = solve_cg_on_cluster(job, CgSystem{a, system.b, system.rhs_norm}, monitor,
                                       on_progress, m.stats, errors ? &*errors : nullptr,
                                       CgRecovery{settings.cg_checkpoint_every, on_event},
                                       cg_checkpointed ? &cg_saves : nullptr);
      } else {
        m.result = solve_sor_on_cluster(job, monitor,
                                        {*ordering, m.omega, method == SolveMethod::gauss_seidel},
                                        on_progress, m.stats, errors ? &*errors : nullptr, on_event,
                                        checkpointed ? &settings.checkpoints : nullptr);
      }
    } catch (const std::exception& e) {
      run.stale_messages_dropped = nodes.stale_dropped();
      // an interruption or a cancellation keeps what the method had (a failure ends the job)
      if (!dynamic_cast<const Interrupted*>(&e) && !dynamic_cast<const JobCancelled*>(&e)) throw;
      m.result = make_result(SolveOutcome::interrupted, monitor, {});
      m.error_history.resize(std::min(m.error_history.size(), m.result.residual_history.size()));
      run.solves.push_back(std::move(m));
      throw;
    }
    // the last iterate measured may be one beyond the last judged
    m.error_history.resize(std::min(m.error_history.size(), m.result.residual_history.size()));
    if (system.exact) m.error = relative_error(m.result.x, *system.exact);
    run.stale_messages_dropped = nodes.stale_dropped();
    observer.finished(m);
    run.solves.push_back(std::move(m));
  }
}

void go_on_from(Checkpoint cp, JobSettings& settings) {
  settings.resume_history = std::move(cp.history);
  if (cp.method != 2) {
    settings.checkpoints.x0 = std::move(cp.x);
    return;
  }
  settings.cg_checkpoints.from = {cp.iteration, std::move(cp.x), std::move(cp.r), std::move(cp.p)};
  settings.cg_checkpoints.from_scalars = {cp.iteration, cp.beta, cp.restarts, cp.fruitless,
                                          cp.best};
}

}  // namespace slae::coordinator
