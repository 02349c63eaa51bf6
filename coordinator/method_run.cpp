#include "coordinator/method_run.hpp"

#include <charconv>

namespace slae::coordinator {

std::string method_label(SolveMethod method, double omega) {
  std::string label = method_name(method);
  if (method == SolveMethod::jacobi && omega != 1.0) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, omega);
    label += " (omega " + std::string(buffer, end) + ")";
  }
  return label;
}

}  // namespace slae::coordinator
