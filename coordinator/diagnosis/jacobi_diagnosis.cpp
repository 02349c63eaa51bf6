#include "coordinator/diagnosis/jacobi_diagnosis.hpp"

#include <cstdio>

namespace slae::coordinator {
namespace {

std::string format(const char* pattern, auto... values) {
  char line[512];
  std::snprintf(line, sizeof line, pattern, values...);
  return line;
}

std::string count(std::int64_t n) {
  return n < 10'000'000 ? std::to_string(n) : format("%.3g", static_cast<double>(n));
}

// "about 1234 iterations", "at least 1234 iterations"
std::string iterations(const JacobiForecast& f) {
  return (f.iterations_are_lower_bound ? "at least " : "about ") + count(*f.iterations) +
         " iterations";
}

// A symmetric matrix with a positive diagonal whose Ritz values are all positive: CG may well
// work (positive definiteness is not proven by Ritz values, only refuted).
bool cg_may_work(const JacobiForecast& f) {
  return f.method == JacobiForecast::Method::lanczos && f.positive_diagonal && !f.indefinite;
}

std::string damping(const JacobiForecast& f) {
  std::string text =
      format("--omega %g (spectral radius %s%.6g", *f.better_omega,
             f.better_omega_iterations_are_lower_bound ? "at least " : "", *f.better_omega_rho);
  if (f.better_omega_iterations) {
    text += (f.better_omega_iterations_are_lower_bound ? ", at least " : ", about ") +
            count(*f.better_omega_iterations) + " iterations";
  }
  return text + ")";
}

}  // namespace

bool will_not_finish(const JacobiForecast& f, std::int64_t max_iterations) {
  return f.diverges || (f.iterations && *f.iterations > max_iterations);
}

std::vector<std::string> describe(const JacobiForecast& f, const DiagnosisContext& c) {
  std::vector<std::string> lines;
  const std::string matrix = c.omega == 1.0 ? "J = I - D^-1 A" : "J = I - omega D^-1 A";
  const std::string how =
      format("%s, %lld of %lld products", to_string(f.method).c_str(),
             static_cast<long long>(f.products), static_cast<long long>(f.budget));
  const bool symmetric = f.method == JacobiForecast::Method::lanczos;
  if (f.settled) {
    lines.push_back(format("diagnosis: spectral radius of %s %s %.6g (%s: settled)", matrix.c_str(),
                           symmetric ? "is" : "is about", f.spectral_radius, how.c_str()));
  } else if (symmetric) {
    lines.push_back(
        format("diagnosis: spectral radius of %s is at least %.6g (%s: not settled; "
               "--diagnose-products buys accuracy)",
               matrix.c_str(), f.spectral_radius, how.c_str()));
  } else {
    lines.push_back(
        format("diagnosis: spectral radius of %s is roughly %.6g (%s: not settled, so "
               "no prediction; --diagnose-products buys accuracy)",
               matrix.c_str(), f.spectral_radius, how.c_str()));
    return lines;
  }

  if (f.diverges) {
    std::string line = "diagnosis: rho >= 1, Jacobi diverges on this matrix";
    if (f.indefinite) {
      line += f.positive_diagonal
                  ? "; A is symmetric but not positive definite: no weight omega converges, "
                    "and CG would break down"
                  : "; no weight omega converges";
    } else {
      if (f.better_omega) line += "; damped Jacobi converges: " + damping(f);
      if (cg_may_work(f)) {
        line += f.better_omega ? "; if A is positive definite, so does --method cg"
                               : "; A is symmetric: if it is positive definite, try --method cg";
      }
    }
    lines.push_back(line);
    return lines;
  }
  if (!f.iterations) {  // --tol 0: no count reaches it
    lines.push_back(
        format("diagnosis: rho < 1, Jacobi converges (the residual shrinks by about "
               "%.6g per iteration)",
               f.spectral_radius));
    return lines;
  }
  if (*f.iterations <= c.max_iterations) {
    lines.push_back(format("diagnosis: rho < 1, Jacobi converges: %s to reach %.3g",
                           iterations(f).c_str(), c.tolerance));
    return lines;
  }
  std::string line = format(
      "diagnosis: Jacobi will not reach %.3g within --max-iter %lld: it "
      "needs %s",
      c.tolerance, static_cast<long long>(c.max_iterations), iterations(f).c_str());
  std::vector<std::string> instead;
  if (cg_may_work(f))
    instead.push_back("--method cg (A is symmetric; CG needs it positive definite)");
  if (f.better_omega && f.better_omega_iterations && *f.better_omega_iterations <= c.max_iterations)
    instead.push_back(damping(f));
  if (!f.iterations_are_lower_bound && *f.iterations < (std::int64_t{1} << 40))
    instead.push_back("--max-iter " + std::to_string(*f.iterations + *f.iterations / 10));
  for (std::size_t i = 0; i < instead.size(); ++i)
    line += (i == 0 ? "; try " : ", or ") + instead[i];
  lines.push_back(line);
  return lines;
}

}  // namespace slae::coordinator
