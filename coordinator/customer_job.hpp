#pragma once
// A customer's job on the standing broker: the system the customer sent (checked here: it came
// over the network), and the thread that runs it on the workers the broker grants, through the
// same JobChannel and the same solve code as the one-shot coordinator's job. What the run
// produces goes back to the customer as messages: progress while it runs, one method_result per
// method, then job_done, or job_failed.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "coordinator/broker.hpp"
#include "coordinator/job_channel.hpp"
#include "coordinator/job_run.hpp"
#include "protocol/messages.hpp"
#include "solver/checkpoint.hpp"
#include "solver/csr_matrix.hpp"

namespace slae::coordinator {

/// What a customer's job_data holds, checked against its submit. Throws InputError (naming the
/// first thing wrong) for anything a correct customer could not have sent.
struct CustomerSystem {
  CsrMatrix a;            ///< solve
  std::vector<double> b;  ///< solve: b; doubling: the list
  std::optional<std::vector<double>> exact;
  /// The state to go on from (submit.resume): its method, iteration, vectors, scalars, history
  /// (the fingerprint is the customer's business: it checked the file against its A and b).
  std::optional<Checkpoint> resume;
};
CustomerSystem check_job_data(const protocol::Submit& spec, const protocol::JobData& data);

/// Why a submit cannot be served, or nothing when it can (within the limits; methods, weights
/// and iteration bounds that make sense). Decided from the submit alone, before its data.
std::optional<std::string> refuse_reason(const protocol::Submit& spec, const JobLimits& limits);

/// The bytes of A, b and x* as a job_data carries them.
std::int64_t job_bytes(const protocol::Submit& spec);

class CustomerJob {
 public:
  /// Starts the job's thread; it claims workers on broker for job `id` (already opened).
  CustomerJob(Broker& broker, JobId id, protocol::Submit spec, CustomerSystem system);
  ~CustomerJob();  ///< joins the thread (cancel it first, through the broker)
  CustomerJob(const CustomerJob&) = delete;
  CustomerJob& operator=(const CustomerJob&) = delete;

  bool finished() const { return finished_.load(); }

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
