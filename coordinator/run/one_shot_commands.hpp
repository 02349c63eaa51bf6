#pragma once
// The two things `coordinator` does, with everything between the command line and the exit
// code: read and check the system, forecast Jacobi, start the cluster, run the methods one after
// the other, write the outputs (solve); or double a list on the nodes (the smoke test).
#include <chrono>
#include <functional>

#include "coordinator/cli/options.hpp"
#include "coordinator/outputs/report.hpp"
#include "coordinator/outputs/system_input.hpp"

namespace slae::coordinator {

/// The part of a solve that needs a cluster: given A and b, read and checked, it runs the methods
/// and fills run (nodes, shared_memory_nodes, distribution and setup times, solves), or throws
/// as run_solve does. The one-shot coordinator starts its own nodes (solve_locally); the customer
/// hands the job to a broker (customer/remote_solve.hpp).
using ClusterStage =
    std::function<void(const Options& options, const LinearSystem& system, double rhs_norm,
                       RunReport& run, std::chrono::steady_clock::time_point start)>;

/// Starts --nodes slae-node processes as the workers of a private broker and runs the job there.
void solve_locally(const Options& options, const LinearSystem& system, double rhs_norm,
                   RunReport& run, std::chrono::steady_clock::time_point start);

/// coordinator --matrix (and customer --matrix). Returns the exit code of the solves
/// (exit_codes.hpp). Throws InputError (bad input), ClusterError (the cluster failed) or
/// Interrupted (SIGINT or SIGTERM), having then written what the interrupted run had (history,
/// report and chart, not x) and said where it stood.
int run_solve(const Options& options, const ClusterStage& stage = solve_locally);

/// coordinator --double. Prints the doubled list; returns 0. Throws as run_solve.
int run_doubling(const Options& options);

}  // namespace slae::coordinator
