#include "coordinator/diagnosis/sor_diagnosis.hpp"

#include <cstdio>

namespace slae::coordinator {

namespace {

std::string format(const char* pattern, auto... values) {
  char text[400];
  std::snprintf(text, sizeof text, pattern, values...);
  return text;
}

}  // namespace

std::vector<std::string> describe_sor(const SorForecast& f, const std::string& label, int colours,
                                      double tolerance, std::int64_t max_iterations) {
  std::vector<std::string> lines;
  const std::string head = "diagnosis: " + label + " (" + std::to_string(colours) +
                           (colours == 1 ? " colour" : " colours") +
                           "): rho of its iteration matrix ";
  const auto sweeps = static_cast<long long>(f.sweeps);
  if (!f.settled) {
    lines.push_back(head + format("~ %.6g after %lld sweeps of a power iteration on the error, "
                                  "not settled (its largest eigenvalues lie close together): "
                                  "no prediction",
                                  f.spectral_radius, sweeps));
  } else if (f.diverges) {
    lines.push_back(head + format("~ %.6g > 1 (measured over %lld sweeps): it diverges",
                                  f.spectral_radius, sweeps));
    lines.push_back(
        "diagnosis: Gauss-Seidel, and SOR with 0 < omega < 2, converge on every symmetric "
        "positive definite A, so this A is not one; try --method cg only if it is");
  } else {
    std::string line =
        head + format("~ %.6g (measured over %lld sweeps)", f.spectral_radius, sweeps);
    if (f.iterations) {
      line += format(": about %lld iterations to reach %.3g", static_cast<long long>(*f.iterations),
                     tolerance);
      if (*f.iterations > max_iterations)
        line += format(", more than --max-iter %lld", static_cast<long long>(max_iterations));
    }
    lines.push_back(line);
  }
  if (f.jacobi_radius && f.optimal_omega) {
    lines.push_back(format(
        "diagnosis: with two colours A is consistently ordered, so rho_GS = rho_J^2: rho_J ~ "
        "%.6g, and the best SOR weight 2/(1 + sqrt(1 - rho_J^2)) ~ %.4g (--method sor --omega W)",
        *f.jacobi_radius, *f.optimal_omega));
    // the reader may have seen Jacobi's own diagnosis give a larger rho_J for the same A
    lines.push_back(
        "diagnosis: this rho_J is the square root of the measured rho_GS, which a power "
        "iteration stopped early approaches from below; --method jacobi's diagnosis measures "
        "rho_J itself");
  }
  return lines;
}

}  // namespace slae::coordinator
