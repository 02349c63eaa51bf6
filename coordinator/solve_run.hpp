#pragma once
// The two things `coordinator` does, with everything between the command line and the exit
// code: read and check the system, forecast Jacobi, start the cluster, run the methods one after
// the other, write the outputs (solve); or double a list on the nodes (the smoke test).
#include "coordinator/options.hpp"

namespace slae::coordinator {

/// coordinator --matrix. Returns the exit code of the solves (exit_codes.hpp). Throws InputError
/// (bad input), ClusterError (the cluster failed) or Interrupted (SIGINT or SIGTERM), having
/// then written what the interrupted run had (history, report and chart, not x) and said where
/// it stood.
int run_solve(const Options& options);

/// coordinator --double. Prints the doubled list; returns 0. Throws as run_solve.
int run_doubling(const Options& options);

}  // namespace slae::coordinator
