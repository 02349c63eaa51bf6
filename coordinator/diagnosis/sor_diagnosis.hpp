#pragma once
// What the coordinator tells the user before Gauss-Seidel or SOR runs, from the measurement of
// solver/sor_forecast.hpp: rho of the iteration matrix in our ordering and what it means, and
// for a two-colour ordering the Jacobi radius and best weight Young's theory gives.
#include <cstdint>
#include <string>
#include <vector>

#include "solver/sor_forecast.hpp"

namespace slae::coordinator {

/// The lines to print ("diagnosis: ..."), at most three. `label`: "gauss-seidel",
/// "sor (omega 1.5)"; `colours`: the ordering's.
std::vector<std::string> describe_sor(const SorForecast& forecast, const std::string& label,
                                      int colours, double tolerance, std::int64_t max_iterations);

}  // namespace slae::coordinator
