#include "customer/kept_checkpoints.hpp"

#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/run/checkpoint_plan.hpp"

namespace slae::customer {

using coordinator::SolveMethod;

KeptCheckpoints::KeptCheckpoints(const coordinator::Options& o,
                                 const coordinator::LinearSystem& system)
    : o_(o), rows_(system.a.rows) {
  if (!o.resume_path.empty()) newest_ = coordinator::read_resume(o, system);
  if (!o.checkpoint_path.empty()) write_ = coordinator::checkpoint_writer(o);
  if (!o.checkpoint_path.empty() || o.retry > 0)
    fingerprint_ = system_fingerprint(system.a, system.b);
}

void KeptCheckpoints::keep(const protocol::Header& header, const protocol::JobCheckpoint& c) {
  if (c.method != 0 || o_.methods.size() != 1)  // checkpoints come of a one-method job only
    throw coordinator::ClusterError(
        "the broker sent a checkpoint of a method the job does not have");
  Checkpoint cp;
  cp.method = static_cast<std::uint8_t>(coordinator::wire_method(o_.methods[0]));
  cp.omega = o_.omega;
  cp.iteration = static_cast<std::int64_t>(header.iteration);
  cp.fingerprint = fingerprint_;
  cp.x = c.x.to_vector();
  cp.r = c.r.to_vector();
  cp.p = c.p.to_vector();
  cp.beta = c.beta;
  cp.best = c.best;
  cp.restarts = c.restarts;
  cp.fruitless = c.fruitless;
  cp.history = c.history.to_vector();
  const auto n = static_cast<std::size_t>(rows_);
  const std::size_t state = cp.method == 2 ? n : 0;
  const auto judged = static_cast<std::size_t>(cp.iteration) + (cp.method == 2 ? 1 : 0);
  if (cp.x.size() != n || cp.r.size() != state || cp.p.size() != state ||
      cp.history.size() != judged)
    throw coordinator::ClusterError("the broker sent a checkpoint that does not fit the job");
  if (write_) write_(cp);
  newest_ = std::move(cp);
}

}  // namespace slae::customer
