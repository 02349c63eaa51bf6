#pragma once
// What a solve shows on the terminal while it runs: the live status line (progress_line.hpp),
// then one summary line per method. The one-shot coordinator and the customer show the same.
#include <chrono>
#include <cstdint>
#include <vector>

#include "coordinator/cli/options.hpp"
#include "coordinator/cluster/solve_job.hpp"
#include "coordinator/outputs/report.hpp"
#include "coordinator/run/progress_line.hpp"

namespace slae::coordinator {

/// Where a customer's job stands in the broker's queue (protocol: job_queued).
struct QueuePlace {
  int position = 1;  ///< 1: next to be served
  int length = 1;
  int busy = 0;     ///< workers busy with other jobs
  int workers = 0;  ///< workers the broker has
};

/// "queued: position 2 of 2, waiting for a free worker (3 busy)".
std::string describe(const QueuePlace& place);

/// "matrix.mtx: jacobi, 900 rows, 7744 nnz, 3 nodes, 1991 iterations, relative residual ...",
/// and for Gauss-Seidel and SOR, with `with_ordering`, the line that gives their ordering.
void print_summary(const Options& o, const RunReport& run, int nodes, const MethodRun& m,
                   bool with_ordering = true);

class TerminalObserver final : public JobObserver {
 public:
  using Clock = std::chrono::steady_clock;
  /// start: when the run began; the setup (reading, starting the nodes, shipping the blocks)
  /// ends where the first method begins, and run.setup_seconds is set then.
  TerminalObserver(const Options& o, RunReport& run, Clock::time_point start);
  void begin(const MethodRun& m) override;
  void progress(std::int64_t k, double r) override;
  void finished(const MethodRun& m) override;
  void event(const JobEvent& e) override;
  /// The job waits in a broker's queue: the status line says where (without a terminal, one
  /// line says so the first time).
  void queued(const QueuePlace& place);

 private:
  const Options& o_;
  RunReport& run_;
  Clock::time_point start_;
  ProgressLine line_;
  bool said_queued_ = false;
  // whose ordering was told: one line per method, not per weight of a sweep (they share it)
  std::vector<SolveMethod> told_ordering_;
};

}  // namespace slae::coordinator
