#pragma once
// The JSON report of a run (--report): what was solved, how, and how it went.
#include <string>

#include <nlohmann/json.hpp>

#include "coordinator/distributed_jacobi.hpp"
#include "solver/solve_result.hpp"

namespace slae::coordinator {

struct RunReport {
  std::string matrix_path;
  std::string rhs_path;  ///< empty when b = A * 1
  std::int64_t rows = 0;
  std::int64_t nnz = 0;
  bool diagonally_dominant = false;
  StopCriteria criteria;
  double read_seconds = 0.0;   ///< reading and checking the files
  double setup_seconds = 0.0;  ///< read + partition + starting nodes + distribution
  double solve_seconds = 0.0;  ///< the iteration loop
  DistributedStats stats;
};

nlohmann::json to_json(const RunReport& run, const SolveResult& result);

/// Writes the report; throws std::runtime_error naming the path if it cannot.
void write_report(const std::string& path, const RunReport& run, const SolveResult& result);

}  // namespace slae::coordinator
