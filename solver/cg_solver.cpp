#include "solver/cg_solver.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

#include "solver/cg_kernels.hpp"
#include "solver/cg_spectrum.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/row_block.hpp"
#include "solver/system_checks.hpp"
#include "solver/true_residual.hpp"

namespace slae {
namespace {

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", v);
  return buffer;
}

}  // namespace

LocalCgBackend::LocalCgBackend(const CsrMatrix& a, std::span<const double> b)
    : block_(make_row_block(a, inverted_diagonal(a), b, {0, a.rows},
                            ReductionChunks::for_rows(a.rows).chunk_rows())),
      x_(a.rows, 0.0),
      r_(b.begin(), b.end()),
      z_(a.rows, 0.0),
      p_(a.rows, 0.0),
      q_(a.rows, 0.0),
      sums_a_(block_.chunks()),
      sums_b_(block_.chunks()) {}

CgBackend::StepSums LocalCgBackend::step(std::int64_t, double alpha) {
  cg_step(block_, alpha, p_, q_, x_, r_, z_, sums_a_, sums_b_);
  return {sum_in_order(sums_a_), sum_in_order(sums_b_)};
}

double LocalCgBackend::direction(std::int64_t, double beta) {
  cg_direction(beta, z_, {}, p_);
  cg_multiply(block_, p_, q_, sums_a_);
  return sum_in_order(sums_a_);
}

void LocalCgBackend::restart(std::int64_t, std::span<const double> x, std::span<const double> r) {
  x_.assign(x.begin(), x.end());
  r_.assign(r.begin(), r.end());
  std::fill(p_.begin(), p_.end(), 0.0);
}

void LocalCgBackend::load(std::span<const double> x, std::span<const double> r,
                          std::span<const double> p) {
  if (x.size() != x_.size() || r.size() != r_.size() || p.size() != p_.size())
    throw std::invalid_argument("LocalCgBackend::load: vectors of the wrong length");
  x_.assign(x.begin(), x.end());
  r_.assign(r.begin(), r.end());
  p_.assign(p.begin(), p.end());
}

StopCriteria cg_criteria(StopCriteria criteria) {
  criteria.divergence_factor = std::numeric_limits<double>::infinity();
  return criteria;
}

SolveResult run_cg(CgBackend& backend, const CgSystem& system, ConvergenceMonitor& monitor,
                   const ProgressCallback& progress, const CgContinuation& continuation) {
  const double tolerance = monitor.criteria().tolerance;
  const auto relative = [&](double norm) {
    return system.rhs_norm > 0.0 ? norm / system.rhs_norm : norm;
  };
  std::string note;
  CgScalars state;  // x_0 = 0, the first direction p_0 = z_0
  if (continuation.resume) state = *continuation.resume;
  std::int64_t& k = state.iteration;
  double& beta = state.beta;
  std::int64_t& restarts = state.restarts;
  std::int64_t& fruitless = state.fruitless;
  double& best = state.best;
  // A step with alpha = 0 gives z_k = D^-1 r_k and the products from r_k as it stands: at x_0 = 0,
  // r_0 = b; going on from a state, the very bits the step that made x_k gave (it was judged).
  CgBackend::StepSums sums = backend.step(k, 0.0);
  SolveOutcome outcome =
      continuation.resume ? SolveOutcome::running : monitor.observe(std::sqrt(sums.rr));
  if (progress) progress(k, monitor.relative_residual());
  double rz = sums.rz;
  std::vector<double> x, r(system.b.size());
  std::optional<double> true_relative;  // of x, once computed
  // The coefficients since p was last 0 (x_0, or a restart) form one Lanczos process; the
  // longest one estimates the spectrum. A solve that went on from a state has none until it
  // restarts: the coefficients before the state are not here.
  struct Coefficients {
    std::vector<double> alphas, betas;
  } current, longest;
  bool lanczos = continuation.resume == nullptr;
  const auto keep_longest = [&] {
    if (lanczos && current.alphas.size() > longest.alphas.size()) longest = std::move(current);
    current = {};
  };
  for (;;) {
    for (; outcome == SolveOutcome::running; ++k) {
      if (!(rz > 0.0)) {
        outcome = SolveOutcome::breakdown;
        note = "r.z = " + number(rz) + " <= 0 at iteration " + std::to_string(k) +
               ": the Jacobi preconditioner is not positive definite (a diagonal entry is <= "
               "0), so A is not symmetric positive definite";
        break;
      }
      const double pq = backend.direction(k, beta);
      if (!(pq > 0.0)) {
        outcome = SolveOutcome::breakdown;
        note = "p.Ap = " + number(pq) + " <= 0 at iteration " + std::to_string(k) +
               ": A is not positive definite (CG needs a symmetric positive definite matrix)";
        break;
      }
      const double alpha = rz / pq;
      current.alphas.push_back(alpha);
      sums = backend.step(k + 1, alpha);
      outcome = monitor.observe(std::sqrt(sums.rr));
      if (progress) progress(k + 1, monitor.relative_residual());
      beta = sums.rz / rz;
      current.betas.push_back(beta);
      rz = sums.rz;
      if (outcome == SolveOutcome::running && continuation.reached) {
        continuation.reached({k + 1, beta, restarts, fruitless, best});
      }
    }
    // The tracked residual has spoken; what does x itself leave?
    x = backend.solution();
    true_relative = relative(true_residual(system.a, system.b, x, r));
    if (outcome != SolveOutcome::converged || *true_relative <= tolerance) break;
    if (monitor.iterations() >= monitor.criteria().max_iterations) {
      outcome = SolveOutcome::max_iterations;
      break;
    }
    // a restart that does not halve the true residual gains nothing; three in a row: stop
    fruitless = *true_relative > 0.5 * best ? fruitless + 1 : 0;
    best = std::min(best, *true_relative);
    if (fruitless >= 3) {
      outcome = SolveOutcome::stagnated;
      note = "the true residual stays at " + number(*true_relative) + " above the tolerance " +
             number(tolerance) + " after " + std::to_string(restarts) +
             " restarts: the tolerance is below what CG attains in double precision here";
      break;
    }
    // Start over from the true residual, at the same iteration: x_k stays, r_k is made true.
    keep_longest();
    lanczos = true;
    backend.restart(k, x, r);
    sums = backend.step(k, 0.0);
    outcome = monitor.revise_last(std::sqrt(sums.rr));
    if (progress) progress(k, monitor.relative_residual());
    rz = sums.rz;
    beta = 0.0;
    ++restarts;
  }
  keep_longest();
  SolveResult result = make_result(outcome, monitor, std::move(x), std::move(note));
  result.spectrum = estimate_spectrum(longest.alphas, longest.betas);
  result.recursive_residual = result.relative_residual;
  result.relative_residual = *true_relative;
  result.restarts = restarts;
  return result;
}

SolveResult solve_cg(const CsrMatrix& a, std::span<const double> b, StopCriteria criteria) {
  if (static_cast<std::int64_t>(b.size()) != a.rows || a.rows != a.cols) {
    throw std::invalid_argument("solve_cg: A must be square and b as long as A");
  }
  LocalCgBackend backend(a, b);
  const double rhs_norm = norm2(b);
  ConvergenceMonitor monitor(cg_criteria(criteria), rhs_norm);
  return run_cg(backend, CgSystem{a, b, rhs_norm}, monitor);
}

}  // namespace slae
