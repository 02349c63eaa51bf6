#include "coordinator/cluster/method_run.hpp"

#include <charconv>
#include <cmath>

namespace slae::coordinator {

std::string method_label(SolveMethod method, double omega) {
  std::string label = method_name(method);
  if ((method == SolveMethod::jacobi && omega != 1.0) || method == SolveMethod::sor) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, omega);
    label += " (omega " + std::string(buffer, end) + ")";
  }
  return label;
}

void ErrorTracking::record(std::int64_t k, double distance_sq) const {
  if (!history) return;
  const auto at = static_cast<std::size_t>(k);
  if (history->size() <= at) history->resize(at + 1, std::nan(""));
  (*history)[at] = std::sqrt(distance_sq) / (exact_norm > 0.0 ? exact_norm : 1.0);
}

double relative_error(std::span<const double> x, std::span<const double> exact) {
  double diff = 0.0, norm = 0.0;
  for (std::size_t i = 0; i < x.size() && i < exact.size(); ++i) {
    diff += (x[i] - exact[i]) * (x[i] - exact[i]);
    norm += exact[i] * exact[i];
  }
  return std::sqrt(diff) / (norm > 0.0 ? std::sqrt(norm) : 1.0);
}

}  // namespace slae::coordinator
