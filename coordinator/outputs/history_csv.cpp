#include "coordinator/outputs/history_csv.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "solver/output_file.hpp"

namespace slae::coordinator {
namespace {

// 17 significant digits read back as the same double; "nan" / "inf" as most tools spell them.
void append_number(std::string& out, double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  out += buffer;
}

}  // namespace

std::string history_csv(const std::vector<MethodRun>& runs) {
  std::string out = "method,iteration,relative_residual,factor,seconds,error\n";
  for (const MethodRun& run : runs) {
    const std::string label = method_label(run.method, run.omega);
    const auto& history = run.result.residual_history;
    const auto& seconds = run.result.seconds_history;
    for (std::size_t k = 0; k < history.size(); ++k) {
      out += label;
      out += ',';
      out += std::to_string(k);
      out += ',';
      append_number(out, history[k]);
      out += ',';
      if (k > 0 && history[k - 1] != 0.0) append_number(out, history[k] / history[k - 1]);
      out += ',';
      if (k < seconds.size()) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.6f", seconds[k]);
        out += buffer;
      }
      out += ',';
      if (k < run.error_history.size() && !std::isnan(run.error_history[k]))
        append_number(out, run.error_history[k]);
      out += '\n';
    }
  }
  return out;
}

void write_history_csv(const std::string& path, const std::vector<MethodRun>& runs) {
  write_output_file(path, history_csv(runs));
}

}  // namespace slae::coordinator
