#pragma once
// What `customer` does with a job: hand a solve (or a list to double) to a broker and present
// the answer exactly as the one-shot coordinator would (the same summary, files and exit codes).
// (Its questions to the broker, --status and --cancel, are broker_questions.hpp.)
#include <chrono>

#include "coordinator/cli/options.hpp"
#include "coordinator/outputs/report.hpp"
#include "coordinator/outputs/system_input.hpp"

namespace slae::customer {

/// The cluster stage of `customer --matrix` (coordinator::ClusterStage): submits A, b (and x*)
/// to the broker, shows its progress and fills run from its results. On SIGINT/SIGTERM the job
/// is cancelled (its workers freed at once) before Interrupted goes on up.
void solve_remotely(const coordinator::Options& options, const coordinator::LinearSystem& system,
                    double rhs_norm, coordinator::RunReport& run,
                    std::chrono::steady_clock::time_point start);

/// customer --double: prints the doubled list; returns 0.
int run_remote_doubling(const coordinator::Options& options);

}  // namespace slae::customer
