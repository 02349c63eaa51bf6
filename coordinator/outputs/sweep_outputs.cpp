#include "coordinator/outputs/sweep_outputs.hpp"

#include <cstdio>

#include "coordinator/text/omega_list.hpp"

namespace slae::coordinator {

std::string sweep_table(const std::vector<MethodRun>& solves) {
  std::string table;
  char line[256];
  std::snprintf(line, sizeof line, "%-14s %8s  %-15s %10s  %14s %10s\n", "method", "omega",
                "outcome", "iterations", "final residual", "seconds");
  table += line;
  for (const MethodRun& m : solves) {
    const std::string omega = takes_omega(m.method) ? format_omega(m.omega) : "";
    std::snprintf(
        line, sizeof line, "%-14s %8s  %-15s %10lld  %14.3e %10.3f\n", method_name(m.method),
        omega.c_str(), std::string(to_string(m.result.outcome)).c_str(),
        static_cast<long long>(m.result.iterations), m.result.relative_residual, m.stats.seconds);
    table += line;
  }
  for (const SweepSeries& s : sweep_series(solves)) {
    const SweepPoint* best = nullptr;
    for (const SweepPoint& p : s.points) {
      if (p.outcome == "converged" && (!best || p.iterations < best->iterations)) best = &p;
    }
    if (best) {
      std::snprintf(line, sizeof line, "best %s: omega %s, %lld iterations\n", s.label.c_str(),
                    format_omega(best->omega).c_str(), static_cast<long long>(best->iterations));
    } else {
      std::snprintf(line, sizeof line, "best %s: none of its weights converged\n", s.label.c_str());
    }
    table += line;
  }
  return table;
}

std::vector<SweepSeries> sweep_series(const std::vector<MethodRun>& solves) {
  std::vector<SweepSeries> series;
  for (const MethodRun& m : solves) {
    if (!takes_omega(m.method)) continue;
    const std::string label = method_name(m.method);
    auto at = series.begin();
    while (at != series.end() && at->label != label)
      ++at;
    if (at == series.end()) at = series.insert(series.end(), SweepSeries{label, {}});
    at->points.push_back({m.omega, m.result.iterations, std::string(to_string(m.result.outcome))});
  }
  return series;
}

std::string residuals_chart_path(const std::string& plot_path) {
  const std::size_t slash = plot_path.find_last_of('/');
  const std::size_t dot = plot_path.find_last_of('.');
  const bool has_extension =
      dot != std::string::npos && (slash == std::string::npos || dot > slash);
  return (has_extension ? plot_path.substr(0, dot) : plot_path) + "-residuals.svg";
}

}  // namespace slae::coordinator
