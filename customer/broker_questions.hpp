#pragma once
// The customer commands that ask the broker a question and print its answer: --status (once, or
// every few seconds with --watch) and --cancel.
#include "coordinator/cli/options.hpp"

namespace slae::customer {

/// customer --status [--json] [--watch S]: prints the broker's workers and jobs; returns 0.
int run_status(const coordinator::Options& options);

/// customer --cancel J: returns 0 when the job was cancelled, 2 when there is no such job.
int run_cancel(const coordinator::Options& options);

}  // namespace slae::customer
