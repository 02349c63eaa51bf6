#pragma once
// What `customer` does: hand a solve (or a list to double) to a broker and present the answer
// exactly as the one-shot coordinator would (the same summary, files and exit codes); or ask
// the broker for its status, or cancel a job.
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

/// customer --status [--json]: prints the broker's workers and jobs; returns 0.
int run_status(const coordinator::Options& options);

/// customer --cancel J: returns 0 when the job was cancelled, 2 when there is no such job.
int run_cancel(const coordinator::Options& options);

}  // namespace slae::customer
