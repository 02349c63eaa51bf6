#pragma once
// The record of a run: what was solved, how it was placed, and each method's solve, filled in
// by the run as it goes and read by what reports it (outputs/report.hpp writes it as JSON; a
// customer's job sends it back as messages).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "coordinator/cluster/job_events.hpp"
#include "coordinator/cluster/method_run.hpp"
#include "coordinator/diagnosis/jacobi_diagnosis.hpp"
#include "solver/sor_forecast.hpp"

namespace slae::coordinator {

struct RunReport {
  std::string matrix_path;
  std::string rhs_path;  ///< empty when b = A * 1
  std::int64_t rows = 0;
  std::int64_t nnz = 0;
  bool diagonally_dominant = false;
  std::optional<bool> symmetric;  ///< checked when CG is asked for
  bool exact_known = false;       ///< x* known (b = A*1 or --exact): errors are reported
  std::string exact_path;         ///< --exact, if given
  StopCriteria criteria;
  std::uint64_t file_bytes = 0;       ///< size of the matrix file
  double parse_seconds = 0.0;         ///< reading and parsing it
  double read_seconds = 0.0;          ///< reading and checking A and b, building CSR
  double setup_seconds = 0.0;         ///< read + partition + starting nodes + distribution
  double distribution_seconds = 0.0;  ///< building and shipping the blocks
  /// A customer's job: how long it waited in the broker's queue for a free worker (null: it
  /// did not wait, or this is the one-shot coordinator)
  std::optional<double> queue_seconds;
  std::int64_t chunk_rows = 1;  ///< rows per reduction chunk
  std::vector<NodeAssignment> nodes;
  int shared_memory_nodes = 0;              ///< nodes whose blocks of x come through shared memory
  std::optional<JacobiForecast> diagnosis;  ///< the forecast of Jacobi, when one was made
  double diagnosis_omega = 1.0;
  /// The measurements of Gauss-Seidel's and SOR's iteration matrices, one per weight, when made
  std::vector<SorForecast> sor_diagnoses;
  double diagnosis_seconds = 0.0;
  std::vector<MethodRun> solves;
  /// Workers lost, re-placements, iterations redone, checkpoints (job_events.hpp).
  std::vector<JobEvent> events;
  /// Replies dropped because their worker no longer served the job or their epoch was over.
  std::uint64_t stale_messages_dropped = 0;
  /// Why the run stopped short, when it did ("job 3 was cancelled by alice (customer
  /// --cancel)", "interrupted by Interrupt"); empty when it ran to its end
  std::string stopped;
};

}  // namespace slae::coordinator
