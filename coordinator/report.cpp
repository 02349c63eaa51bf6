#include "coordinator/report.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace slae::coordinator {

nlohmann::json to_json(const RunReport& run, const SolveResult& result) {
  using nlohmann::json;
  json nodes = json::array();
  for (const NodeAssignment& a : run.stats.assignments) {
    nodes.push_back({{"node", a.node},
                     {"row_begin", a.rows.begin},
                     {"row_end", a.rows.end},
                     {"nnz", a.nnz},
                     {"ghosts", a.ghosts}});
  }
  const double sweeps = run.stats.sweeps > 0 ? static_cast<double>(run.stats.sweeps) : 1.0;
  return json{
      {"matrix", run.matrix_path},
      {"rhs", run.rhs_path.empty() ? json(nullptr) : json(run.rhs_path)},
      {"rows", run.rows},
      {"nnz", run.nnz},
      {"method", "jacobi"},
      {"diagonally_dominant", run.diagonally_dominant},
      {"tolerance", run.criteria.tolerance},
      {"max_iterations", run.criteria.max_iterations},
      {"outcome", std::string(to_string(result.outcome))},
      {"iterations", result.iterations},
      {"relative_residual", result.relative_residual},
      {"residual_history", result.residual_history},  // NaN/Inf become null
      {"nodes", nodes},
      {"read_seconds", run.read_seconds},
      {"setup_seconds", run.setup_seconds},
      {"solve_seconds", run.solve_seconds},
      {"seconds_per_iteration", run.stats.iteration_seconds / sweeps},
      {"bytes_to_nodes_per_iteration", static_cast<double>(run.stats.bytes_to_nodes) / sweeps},
      {"bytes_from_nodes_per_iteration", static_cast<double>(run.stats.bytes_from_nodes) / sweeps},
  };
}

void write_report(const std::string& path, const RunReport& run, const SolveResult& result) {
  std::ofstream out(path);
  if (out) out << to_json(run, result).dump(2) << '\n';
  if (!out) throw std::runtime_error(path + ": cannot write the report: " + std::strerror(errno));
}

}  // namespace slae::coordinator
