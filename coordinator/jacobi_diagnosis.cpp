#include "coordinator/jacobi_diagnosis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "coordinator/jacobi_pipeline.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/spectral_radius.hpp"

namespace slae::coordinator {

JacobiDiagnosis diagnose_jacobi(ClusterJob& job, double omega, int iterations, double tolerance,
                                LoopStats& stats) {
  JacobiSettings settings{omega, /*use_rhs=*/false, power_iteration_start(job.partition().rows())};
  SpectralRadiusEstimator estimator;
  bool going = estimator.observe(norm2(settings.x0));
  if (going && iterations > 0) {
    const IterationJudge judge = [&](std::int64_t k, double, const IterateWindow& window) {
      going = estimator.observe(std::sqrt(window.sum_of_squares(k + 1)));
      return going && k + 1 < iterations;
    };
    run_jacobi(job, settings, judge, stats);
  }
  JacobiDiagnosis d;
  d.spectral_radius = estimator.estimate();
  d.power_iterations = estimator.iterations();
  if (d.spectral_radius)
    d.predicted_iterations = predicted_iterations(*d.spectral_radius, tolerance);
  if (d.spectral_radius == 0.0 && d.predicted_iterations) {
    // J^m x_0 vanished after m power iterations (J is nilpotent there): Jacobi's error goes
    // the same way, in m steps rather than 1
    d.predicted_iterations = std::max<std::int64_t>(1, d.power_iterations);
  }
  return d;
}

std::vector<std::string> describe(const JacobiDiagnosis& d, double omega, double tolerance,
                                  bool symmetric) {
  char line[256];
  std::vector<std::string> lines;
  const std::string matrix = omega == 1.0 ? "J = I - D^-1 A" : "J = I - omega D^-1 A";
  if (!d.spectral_radius) {
    std::snprintf(line, sizeof line,
                  "diagnosis: %lld power iterations could not estimate the spectral radius of %s",
                  static_cast<long long>(d.power_iterations), matrix.c_str());
    lines.emplace_back(line);
    return lines;
  }
  const double rho = *d.spectral_radius;
  std::snprintf(line, sizeof line,
                "diagnosis: spectral radius of %s estimated at %.6g (%lld power iterations)",
                matrix.c_str(), rho, static_cast<long long>(d.power_iterations));
  lines.emplace_back(line);
  if (rho < 1.0 && d.predicted_iterations) {
    std::snprintf(line, sizeof line,
                  "diagnosis: rho < 1, Jacobi converges: about %lld iterations to reach %.3g",
                  static_cast<long long>(*d.predicted_iterations), tolerance);
  } else if (rho < 1.0) {  // --tol 0: no count reaches it
    std::snprintf(line, sizeof line,
                  "diagnosis: rho < 1, Jacobi converges (the residual shrinks by about %.6g per "
                  "iteration)",
                  rho);
  } else {
    std::snprintf(line, sizeof line, "diagnosis: rho >= 1, Jacobi will diverge on this matrix%s",
                  symmetric ? "; A is symmetric: try --method cg (conjugate gradients)" : "");
  }
  lines.emplace_back(line);
  return lines;
}

}  // namespace slae::coordinator
