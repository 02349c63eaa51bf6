#pragma once
// A customer's job on the standing broker: the system the customer sent (checked by the
// broker's admission, broker/job_admission.hpp, for it came over the network), and the thread
// that runs it on the workers the broker grants, through the same JobChannel and the same solve
// code as the one-shot coordinator's job. What the run produces goes back to the customer as
// messages: progress while it runs, one method_result per method, then job_done, or job_failed.
#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

#include "coordinator/broker/broker.hpp"
#include "coordinator/broker/job_admission.hpp"
#include "coordinator/broker/job_channel.hpp"
#include "coordinator/cluster/solve_job.hpp"
#include "protocol/messages.hpp"

namespace slae::coordinator {

class CustomerJob final : public StartedJob {
 public:
  /// Starts the job's thread; it claims workers on broker for job `id` (already opened).
  CustomerJob(Broker& broker, JobId id, protocol::Submit spec, CustomerSystem system);
  ~CustomerJob();  ///< joins the thread (cancel it first, through the broker)
  CustomerJob(const CustomerJob&) = delete;
  CustomerJob& operator=(const CustomerJob&) = delete;

  bool finished() const override { return finished_.load(); }

 private:
  void run();
  /// The checkpoint settings of the job: the state it goes on from, and checkpoints sent to
  /// the customer every submit.checkpoint_every iterations.
  void plan_customer_checkpoints(JobChannel& channel, JobSettings& settings);

  Broker& broker_;
  JobId id_;
  protocol::Submit spec_;
  CustomerSystem system_;
  std::atomic<bool> finished_{false};
  std::thread thread_;
};

}  // namespace slae::coordinator
