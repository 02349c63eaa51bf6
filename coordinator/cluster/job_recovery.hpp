#pragma once
// After a lost worker: the job placed again (ClusterJob::recover) and the solve's own state put
// back on the new placement, as often as workers keep being lost meanwhile, each loss and
// re-placement told as an event. Jacobi and CG share it; what "put back" means is theirs.
#include <cstdint>
#include <functional>

#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/cluster/cluster_job.hpp"
#include "coordinator/cluster/job_events.hpp"

namespace slae::coordinator {

/// Re-places job after `loss` and then runs restore() (which may send and receive, and so lose
/// another worker: then both are done again). `say` hears each loss and re-placement, at
/// `iteration`. Throws ClusterError naming the loss when no worker is left (or what restore
/// throws besides WorkerLost).
void recover_job(ClusterJob& job, const WorkerLost& loss, std::int64_t iteration,
                 const std::function<void(JobEvent)>& say, const std::function<void()>& restore);

}  // namespace slae::coordinator
