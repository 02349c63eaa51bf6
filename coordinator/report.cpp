#include "coordinator/report.hpp"

#include <stdexcept>

#include "coordinator/output_file.hpp"

namespace slae::coordinator {
namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

json solve_json(const MethodRun& run) {
  const LoopStats& s = run.stats;
  const double sweeps = s.sweeps > 0 ? static_cast<double>(s.sweeps) : 1.0;
  return json{
      {"method", method_name(run.method)},
      {"label", method_label(run.method, run.omega)},
      {"omega", run.method == SolveMethod::jacobi ? json(run.omega) : json(nullptr)},
      {"outcome", std::string(to_string(run.result.outcome))},
      {"note", run.result.note.empty() ? json(nullptr) : json(run.result.note)},
      {"iterations", run.result.iterations},
      {"relative_residual", run.result.relative_residual},
      {"residual_history", run.result.residual_history},  // NaN/Inf become null
      {"solve_seconds", s.seconds},
      {"seconds_per_iteration", s.seconds / sweeps},
      {"bytes_to_nodes_per_iteration", static_cast<double>(s.bytes_to_nodes) / sweeps},
      {"bytes_from_nodes_per_iteration", static_cast<double>(s.bytes_from_nodes) / sweeps},
  };
}

}  // namespace

json to_json(const RunReport& run) {
  json nodes = json::array();
  for (const NodeAssignment& a : run.nodes) {
    nodes.push_back({{"node", a.node},
                     {"row_begin", a.rows.begin},
                     {"row_end", a.rows.end},
                     {"nnz", a.nnz},
                     {"ghosts", a.ghosts},
                     {"exports", a.exports}});
  }
  json diagnosis = nullptr;
  std::optional<double> rho;
  std::optional<std::int64_t> predicted;
  if (run.diagnosis) {
    rho = run.diagnosis->spectral_radius;
    predicted = run.diagnosis->predicted_iterations;
    diagnosis = {{"spectral_radius_estimate", optional_number(rho)},
                 {"omega", run.diagnosis_omega},
                 {"power_iterations", run.diagnosis->power_iterations},
                 {"predicted_iterations", predicted ? json(*predicted) : json(nullptr)},
                 {"seconds", run.diagnosis_stats.seconds}};
  }
  json solves = json::array();
  for (const MethodRun& m : run.solves)
    solves.push_back(solve_json(m));
  const double mb = static_cast<double>(run.file_bytes) / 1e6;
  json report{
      {"matrix", run.matrix_path},
      {"rhs", run.rhs_path.empty() ? json(nullptr) : json(run.rhs_path)},
      {"rows", run.rows},
      {"nnz", run.nnz},
      {"diagonally_dominant", run.diagonally_dominant},
      {"symmetric", run.symmetric ? json(*run.symmetric) : json(nullptr)},
      {"tolerance", run.criteria.tolerance},
      {"max_iterations", run.criteria.max_iterations},
      {"file_bytes", run.file_bytes},
      {"parse_seconds", run.parse_seconds},
      {"parse_mb_per_second",
       run.parse_seconds > 0.0 ? json(mb / run.parse_seconds) : json(nullptr)},
      {"read_seconds", run.read_seconds},
      {"setup_seconds", run.setup_seconds},
      {"distribution_seconds", run.distribution_seconds},
      {"chunk_rows", run.chunk_rows},
      {"nodes", nodes},
      {"shared_memory_nodes", run.shared_memory_nodes},
      {"diagnosis", diagnosis},
      {"spectral_radius_estimate", optional_number(rho)},
      {"predicted_iterations", predicted ? json(*predicted) : json(nullptr)},
      {"solves", solves},
  };
  if (!run.solves.empty()) report.update(solve_json(run.solves.front()));
  return report;
}

void write_report(const std::string& path, const RunReport& run) {
  write_output_file(path, to_json(run).dump(2) + "\n");
}

}  // namespace slae::coordinator
