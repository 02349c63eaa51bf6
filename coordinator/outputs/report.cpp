#include "coordinator/outputs/report.hpp"

#include <cmath>
#include <stdexcept>

#include "solver/cg_spectrum.hpp"
#include "solver/output_file.hpp"

namespace slae::coordinator {
namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

json kind_json(const KindTraffic& k, double sweeps) {
  return json{{"nodes", k.nodes},
              {"bytes_to_nodes_per_iteration", static_cast<double>(k.bytes_to_nodes) / sweeps},
              {"bytes_from_nodes_per_iteration", static_cast<double>(k.bytes_from_nodes) / sweeps}};
}

// CG: what its coefficients say of D^-1 A, and the classical bound on its iterations beside the
// count it took.
json spectrum_json(const MethodRun& run, double tolerance) {
  const std::optional<SpectrumEstimate>& s = run.result.spectrum;
  if (run.method != SolveMethod::cg || !s) return nullptr;
  const double bound = cg_iteration_bound(s->condition(), tolerance);
  return json{{"lambda_min", s->lambda_min},
              {"lambda_max", s->lambda_max},
              {"condition_number", s->condition()},
              {"from_iterations", s->iterations},
              {"iteration_bound", std::isfinite(bound) ? json(std::ceil(bound)) : json(nullptr)}};
}

json solve_json(const MethodRun& run, double tolerance) {
  const LoopStats& s = run.stats;
  const double sweeps = s.sweeps > 0 ? static_cast<double>(s.sweeps) : 1.0;
  return json{
      {"method", method_name(run.method)},
      {"label", method_label(run.method, run.omega)},
      {"omega", takes_omega(run.method) ? json(run.omega) : json(nullptr)},
      // Gauss-Seidel's and SOR's ordering: colour by colour, rows ascending within a colour
      {"ordering", run.rows_per_colour.empty() ? json(nullptr)
                                               : json{{"kind", "greedy multicolour"},
                                                      {"colours", run.rows_per_colour.size()},
                                                      {"rows_per_colour", run.rows_per_colour}}},
      {"outcome", std::string(to_string(run.result.outcome))},
      {"note", run.result.note.empty() ? json(nullptr) : json(run.result.note)},
      {"iterations", run.result.iterations},
      {"relative_residual", run.result.relative_residual},
      {"recursive_residual", optional_number(run.result.recursive_residual)},
      {"restarts", run.method == SolveMethod::cg ? json(run.result.restarts) : json(nullptr)},
      {"spectrum", spectrum_json(run, tolerance)},
      {"error", optional_number(run.error)},
      {"residual_history", run.result.residual_history},  // NaN/Inf become null
      {"solve_seconds", s.seconds},
      {"seconds_per_iteration", s.seconds / sweeps},
      {"bytes_to_nodes_per_iteration", static_cast<double>(s.bytes_to_nodes) / sweeps},
      {"bytes_from_nodes_per_iteration", static_cast<double>(s.bytes_from_nodes) / sweeps},
      // nodes whose blocks of x come through shared memory, and the others
      {"traffic_by_node_kind",
       {{"shared_memory", kind_json(s.shared_memory, sweeps)},
        {"socket", kind_json(s.socket, sweeps)}}},
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
  if (const auto& f = run.diagnosis) {
    rho = f->spectral_radius;
    predicted = f->iterations;
    diagnosis = {{"method", to_string(f->method)},
                 {"omega", run.diagnosis_omega},
                 {"products", f->products},
                 {"budget", f->budget},
                 {"settled", f->settled},
                 {"spectral_radius_estimate", *rho},
                 {"lambda_min", optional_number(f->lambda_min)},
                 {"lambda_max", optional_number(f->lambda_max)},
                 {"predicted_iterations", predicted ? json(*predicted) : json(nullptr)},
                 {"predicted_is_lower_bound", f->iterations_are_lower_bound},
                 {"diverges", f->diverges},
                 {"indefinite", f->indefinite},
                 {"suggested_omega", optional_number(f->better_omega)},
                 {"suggested_omega_spectral_radius", optional_number(f->better_omega_rho)},
                 {"seconds", run.diagnosis_seconds}};
  }
  json sor_diagnoses = json::array();
  for (const SorForecast& f : run.sor_diagnoses) {
    sor_diagnoses.push_back(
        {{"omega", f.omega},
         {"sweeps", f.sweeps},
         {"budget", f.budget},
         {"settled", f.settled},
         {"spectral_radius_estimate", f.spectral_radius},
         {"predicted_iterations", f.iterations ? json(*f.iterations) : json(nullptr)},
         {"diverges", f.diverges},
         {"jacobi_spectral_radius", optional_number(f.jacobi_radius)},
         {"optimal_omega", optional_number(f.optimal_omega)}});
  }
  json solves = json::array();
  for (const MethodRun& m : run.solves)
    solves.push_back(solve_json(m, run.criteria.tolerance));
  json events = json::array();
  for (const JobEvent& e : run.events) {
    json event{{"event", event_kind_name(e.kind)},
               {"method", e.method},
               {"iteration", e.iteration},
               {"seconds", e.seconds},
               {"detail", e.detail}};
    if (e.kind == JobEvent::Kind::worker_lost) event["detected_by"] = e.how;
    if (e.kind == JobEvent::Kind::replaced) event["parts_lost"] = e.count;
    if (e.kind == JobEvent::Kind::redone) event["iterations_redone"] = e.count;
    if (e.kind == JobEvent::Kind::resubmitted) event["retry"] = e.count;
    events.push_back(std::move(event));
  }
  const double mb = static_cast<double>(run.file_bytes) / 1e6;
  json report{
      {"matrix", run.matrix_path},
      {"rhs", run.rhs_path.empty() ? json(nullptr) : json(run.rhs_path)},
      {"rows", run.rows},
      {"nnz", run.nnz},
      {"diagonally_dominant", run.diagonally_dominant},
      {"symmetric", run.symmetric ? json(*run.symmetric) : json(nullptr)},
      {"exact", run.exact_known
                    ? (run.exact_path.empty() ? json("b = A*1: all ones") : json(run.exact_path))
                    : json(nullptr)},
      {"tolerance", run.criteria.tolerance},
      {"max_iterations", run.criteria.max_iterations},
      {"file_bytes", run.file_bytes},
      {"parse_seconds", run.parse_seconds},
      {"parse_mb_per_second",
       run.parse_seconds > 0.0 ? json(mb / run.parse_seconds) : json(nullptr)},
      {"read_seconds", run.read_seconds},
      {"setup_seconds", run.setup_seconds},
      {"distribution_seconds", run.distribution_seconds},
      {"queue_seconds", run.queue_seconds ? json(*run.queue_seconds) : json(nullptr)},
      {"chunk_rows", run.chunk_rows},
      {"nodes", nodes},
      {"shared_memory_nodes", run.shared_memory_nodes},
      {"diagnosis", diagnosis},
      // Gauss-Seidel's and SOR's, one per weight (solver/sor_forecast.hpp)
      {"sor_diagnosis", sor_diagnoses},
      {"spectral_radius_estimate", optional_number(rho)},
      {"predicted_iterations", predicted ? json(*predicted) : json(nullptr)},
      {"solves", solves},
      {"events", events},
      {"stale_messages_dropped", run.stale_messages_dropped},
      {"stopped", run.stopped.empty() ? json(nullptr) : json(run.stopped)},
  };
  if (!run.solves.empty()) report.update(solve_json(run.solves.front(), run.criteria.tolerance));
  return report;
}

void write_report(const std::string& path, const RunReport& run) {
  write_output_file(path, to_json(run).dump(2) + "\n");
}

}  // namespace slae::coordinator
