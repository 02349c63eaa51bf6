#pragma once
// What the coordinator tells the user before Jacobi runs, from the forecast of
// solver/jacobi_forecast.hpp: the spectral radius and how sure it is, how many iterations to
// expect, and when Jacobi will diverge or not finish within --max-iter, what to try instead
// (CG, a damping weight, a higher limit).
#include <cstdint>
#include <string>
#include <vector>

#include "solver/jacobi_forecast.hpp"

namespace slae::coordinator {

struct DiagnosisContext {
  double omega = 1.0;
  double tolerance = 1e-8;
  std::int64_t max_iterations = 10000;
};

/// The lines to print ("diagnosis: ..."), at most three.
std::vector<std::string> describe(const JacobiForecast& forecast, const DiagnosisContext& context);

/// Whether the forecast says that Jacobi will not reach the tolerance within the limit (it
/// diverges, or needs more iterations: predicted or proven).
bool will_not_finish(const JacobiForecast& forecast, std::int64_t max_iterations);

}  // namespace slae::coordinator
