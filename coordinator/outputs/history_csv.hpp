#pragma once
// --history: every iteration of every method as CSV, for a spreadsheet or a plotting script.
//   method,iteration,relative_residual,factor,seconds,error
//   jacobi,0,1,,0.000012,1
//   jacobi,1,0.25,0.25,0.000310,0.31
// factor is ||r_k|| / ||r_{k-1}||, the convergence factor a course teaches (empty at k = 0);
// seconds count from the start of that method's solve; error is ||x_k - x*|| / ||x*|| when the
// exact solution x* is known (empty otherwise).
#include <string>
#include <vector>

#include "coordinator/cluster/method_run.hpp"

namespace slae::coordinator {

std::string history_csv(const std::vector<MethodRun>& runs);

/// Writes it; throws std::runtime_error naming the path if it cannot.
void write_history_csv(const std::string& path, const std::vector<MethodRun>& runs);

}  // namespace slae::coordinator
