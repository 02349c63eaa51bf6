#include "coordinator/run/output_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>

#include "coordinator/charts/convergence_chart.hpp"
#include "coordinator/outputs/history_csv.hpp"
#include "coordinator/outputs/solution_file.hpp"
#include "coordinator/outputs/sweep_outputs.hpp"
#include "solver/input_error.hpp"
#include "solver/input_text.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {
namespace {

void require_writable(const std::string& path, const char* flag) {
  if (path.empty() || path == "-") return;
  const std::string shown = std::string(flag) + " " + printable(path, 200);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw InputError(shown + ": is a directory");
    if (::access(path.c_str(), W_OK) != 0) throw InputError(shown + ": the file is not writable");
    return;
  }
  const std::size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  if (::access(dir.c_str(), W_OK) != 0) {
    throw InputError(shown + ": cannot write into " + printable(dir, 200));
  }
}

std::vector<ChartSeries> chart_series(const std::vector<MethodRun>& runs) {
  std::vector<ChartSeries> series;
  for (const MethodRun& m : runs) {
    ChartSeries s;
    s.label = method_label(m.method, m.omega);
    if (takes_omega(m.method)) {  // one of a sweep's family, when --omega lists several
      s.family = method_name(m.method);
      s.key = m.omega;
    }
    s.values = m.result.residual_history;
    s.outcome = std::string(to_string(m.result.outcome));
    s.iterations = m.result.iterations;
    series.push_back(std::move(s));
  }
  return series;
}

}  // namespace

void require_writable(const Options& o) {
  for (const auto& [path, flag] : {std::pair{o.output_path, "--output"},
                                   {o.report_path, "--report"},
                                   {o.history_path, "--history"},
                                   {o.plot_path, "--plot"}}) {
    require_writable(path, flag);
  }
  if (o.omegas.size() > 1 && !o.plot_path.empty() && !o.history_path.empty())
    require_writable(residuals_chart_path(o.plot_path), "--plot (the residuals beside it)");
}

WrittenOutputs write_outputs(const Options& o, const RunReport& run, bool with_x) {
  WrittenOutputs written;
  const auto attempt = [&](const std::string& path, const auto& write) {
    if (path.empty()) return;
    try {
      write();
      written.places.push_back(path == "-" ? "x to standard output" : printable(path, 200));
    } catch (const std::runtime_error& e) {
      std::fprintf(stderr, "%s: %s\n", program_name(o.program), e.what());
      written.all = false;
    }
  };
  if (with_x && !run.solves.empty()) {
    attempt(o.output_path, [&] { write_solution(o.output_path, run.solves.front().result.x); });
  }
  attempt(o.report_path, [&] { write_report(o.report_path, run); });
  attempt(o.history_path, [&] { write_history_csv(o.history_path, run.solves); });
  bool residuals_written = false;  // a sweep's second chart, beside its --plot
  attempt(o.plot_path, [&] {
    ChartOptions chart;
    const std::string name = o.matrix_path == kStdinPath
                                 ? std::string(kStdinName)
                                 : o.matrix_path.substr(o.matrix_path.find_last_of('/') + 1);
    chart.title =
        name + ": " + std::to_string(run.rows) + " rows, " + std::to_string(run.nnz) + " non-zeros";
    chart.tolerance = o.tolerance;
    chart.log_x = o.plot_log_x;
    if (o.omegas.size() < 2) {
      write_convergence_chart(o.plot_path, chart_series(run.solves), chart);
      return;
    }
    // a sweep: iterations against the weight, and with --history every weight's residuals
    SweepChartOptions sweep;
    sweep.title = chart.title;
    write_sweep_chart(o.plot_path, sweep_series(run.solves), sweep);
    if (!o.history_path.empty()) {
      write_convergence_chart(residuals_chart_path(o.plot_path), chart_series(run.solves), chart);
      residuals_written = true;
    }
  });
  if (residuals_written)
    written.places.push_back(printable(residuals_chart_path(o.plot_path), 200));
  return written;
}

std::string describe_written(const WrittenOutputs& written) {
  std::string text;
  for (const std::string& place : written.places)
    text += (text.empty() ? "wrote " : ", ") + place;
  return text;
}

}  // namespace slae::coordinator
