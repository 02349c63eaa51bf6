#pragma once
// What a customer keeps of the checkpoints its job's broker sends (job_checkpoint): the newest,
// to resubmit the job from should the broker be lost (--retry), and the file they go to
// (--checkpoint), in the one-shot coordinator's format, so that either can --resume from it.
#include <cstdint>
#include <functional>
#include <optional>

#include "coordinator/cli/options.hpp"
#include "coordinator/outputs/system_input.hpp"
#include "protocol/messages.hpp"
#include "solver/checkpoint.hpp"

namespace slae::customer {

class KeptCheckpoints {
 public:
  /// From the options: the state --resume names (checked against the system; throws InputError
  /// when it does not fit), and the file --checkpoint names.
  KeptCheckpoints(const coordinator::Options& o, const coordinator::LinearSystem& system);

  /// A job_checkpoint of the job (its iteration in the header): written to the file, if any,
  /// and kept as the newest. Throws ClusterError when it does not fit the job.
  void keep(const protocol::Header& header, const protocol::JobCheckpoint& c);

  /// The state to go on from: --resume's at first, then the newest the broker sent.
  const std::optional<Checkpoint>& newest() const { return newest_; }

 private:
  const coordinator::Options& o_;
  std::int64_t rows_ = 0;
  std::uint64_t fingerprint_ = 0;  ///< of A and b, as a file made by the coordinator has it
  std::optional<Checkpoint> newest_;
  std::function<void(const Checkpoint&)> write_;  ///< empty without --checkpoint
};

}  // namespace slae::customer
