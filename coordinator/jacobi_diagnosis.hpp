#pragma once
// Before iterating: will Jacobi converge on this matrix, and how fast? A few power iterations of
// J = I - omega D^-1 A on the cluster (Jacobi on A x = 0 from a pseudo-random x_0, see
// solver/spectral_radius.hpp) estimate rho(J); rho >= 1 means divergence, otherwise about
// ln(tol) / ln(rho) iterations.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "coordinator/cluster_job.hpp"

namespace slae::coordinator {

struct JacobiDiagnosis {
  std::optional<double> spectral_radius;  ///< the estimate (nothing if none was possible)
  std::int64_t power_iterations = 0;      ///< iterations it took
  std::optional<std::int64_t> predicted_iterations;  ///< to reach the tolerance, when rho < 1
};

/// Runs up to `iterations` power iterations on the job's nodes (in an epoch of their own).
JacobiDiagnosis diagnose_jacobi(ClusterJob& job, double omega, int iterations, double tolerance,
                                LoopStats& stats);

/// What to tell the user, one line each: the estimate, and either the predicted iteration
/// count or the warning that Jacobi will diverge (suggesting CG when A is symmetric).
std::vector<std::string> describe(const JacobiDiagnosis& diagnosis, double omega, double tolerance,
                                  bool symmetric);

}  // namespace slae::coordinator
