#include "coordinator/cluster/job_recovery.hpp"

#include <string>

namespace slae::coordinator {

void recover_job(ClusterJob& job, const WorkerLost& loss, std::int64_t iteration,
                 const std::function<void(JobEvent)>& say, const std::function<void()>& restore) {
  WorkerLost current = loss;
  for (;;) {
    say({JobEvent::Kind::worker_lost, iteration, 0.0, current.what(), current.how(), 0, {}});
    try {
      const int lost = job.recover(current);
      const int parts = job.partition().parts();
      say({JobEvent::Kind::replaced,
           iteration,
           0.0,
           std::to_string(lost) + (lost == 1 ? " part" : " parts") + " lost; " +
               std::to_string(parts) + (parts == 1 ? " worker holds" : " workers hold") +
               " the rows now",
           {},
           lost,
           {}});
      if (restore) restore();
      return;
    } catch (const WorkerLost& next) {
      current = next;  // lost while the job was placed again or its state restored: again
    } catch (const ClusterError& e) {
      if (dynamic_cast<const NodeFault*>(&e) != nullptr) throw;
      // no worker left: the loss that began it is the news
      throw ClusterError(std::string(current.what()) + ", and " + e.what());
    }
  }
}

}  // namespace slae::coordinator
