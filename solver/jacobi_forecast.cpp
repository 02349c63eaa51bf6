#include "solver/jacobi_forecast.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <stdexcept>

#include <Eigen/Eigenvalues>

#include "solver/krylov.hpp"
#include "solver/system_checks.hpp"

namespace slae {
namespace {

constexpr int kLanczosCheckEvery = 10;  // products between two looks at the estimate
constexpr int kArnoldiCheckEvery = 5;
constexpr std::size_t kAgreeingChecks = 4;  // settled: this many looks in a row agree ...
constexpr double kAgreement = 0.005;        // ... to within 0.5%
constexpr std::int64_t kMinProducts = 20;   // before a look may call it settled
constexpr std::size_t kArnoldiMemory = std::size_t{512} << 20;  // bytes of basis at most
constexpr int kArnoldiMaxSteps = 100;
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max() / 4;

// The residual ||(I - omega H)^k e_1|| of a symmetric H as Gauss quadrature: sum_i w_i f_i^2k
// with f_i = |1 - omega theta_i|, kept in logarithms (f^2k underflows long before k is large).
class QuadratureModel {
 public:
  QuadratureModel(const Eigen::VectorXd& theta, const Eigen::VectorXd& weights, double omega) {
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
      const double f = std::abs(1.0 - omega * theta[i]);
      rho_ = std::max(rho_, f);
      if (weights[i] > 0.0) terms_.push_back({std::log(weights[i]), std::log(f)});
    }
  }
  double rho() const { return rho_; }

  /// ln of the predicted relative residual after k iterations.
  double log_residual(std::int64_t k) const {
    double top = -std::numeric_limits<double>::infinity();
    for (const auto& [lw, lf] : terms_)
      top = std::max(top, lw + 2.0 * static_cast<double>(k) * lf);
    if (!std::isfinite(top)) return top;
    double sum = 0.0;
    for (const auto& [lw, lf] : terms_)
      sum += std::exp(lw + 2.0 * static_cast<double>(k) * lf - top);
    return 0.5 * (top + std::log(sum));
  }

  /// The first k whose predicted residual is at most exp(log_target); nothing when the
  /// residual does not fall (rho >= 1) or never gets there.
  std::optional<std::int64_t> first_below(double log_target) const {
    if (log_residual(0) <= log_target) return 0;
    if (!(rho_ < 1.0)) return std::nullopt;
    std::int64_t lo = 0, hi = 1;  // residual(lo) > target >= residual(hi), found by doubling
    while (log_residual(hi) > log_target) {
      lo = hi;
      hi *= 2;
      if (hi > kNever) return std::nullopt;
    }
    while (hi - lo > 1) {
      const std::int64_t mid = lo + (hi - lo) / 2;
      (log_residual(mid) > log_target ? lo : hi) = mid;
    }
    return hi;
  }

 private:
  double rho_ = 0.0;
  std::vector<std::pair<double, double>> terms_;  // (ln w_i, ln f_i)
};

double rho_of(const Eigen::VectorXcd& mu, double omega) {
  double rho = 0.0;
  for (const auto& m : mu)
    rho = std::max(rho, std::abs(1.0 - omega * m));
  return rho;
}

// ||(I - omega H)^k e_1|| for a Hessenberg H, stepped for a while (that is where non-normal
// growth shows), then extrapolated at the asymptotic rate rho.
std::optional<std::int64_t> arnoldi_iterations(const Eigen::MatrixXd& h, double omega,
                                               double tolerance, double rho) {
  const Eigen::Index m = h.rows();
  const Eigen::MatrixXd step = Eigen::MatrixXd::Identity(m, m) - omega * h;
  Eigen::VectorXd y = Eigen::VectorXd::Unit(m, 0);
  const std::int64_t limit = 4 * m + 200;
  for (std::int64_t k = 0; k <= limit; ++k) {
    const double norm = y.norm();
    if (norm <= tolerance) return k;
    if (!std::isfinite(norm)) return std::nullopt;
    if (k < limit) y = step * y;
  }
  if (!(rho < 1.0) || rho <= 0.0) return std::nullopt;
  const double more = std::ceil(std::log(tolerance / y.norm()) / std::log(rho));
  return more >= static_cast<double>(kNever)
             ? std::nullopt
             : std::optional(limit + static_cast<std::int64_t>(more));
}

// One look at the estimate, to tell when it stops moving.
struct Look {
  double rho = 0.0;
  std::optional<std::int64_t> iterations;
};

// Whether the last looks agree. rho_too: rho must agree as well as the count; Arnoldi's Ritz
// values of a far-from-normal matrix wander long after the count they predict has settled, so
// for it rho must agree only when there is no count (the verdict is divergence).
bool agree(const std::deque<Look>& looks, bool rho_too) {
  if (looks.size() < kAgreeingChecks) return false;
  const Look& last = looks.back();
  for (const Look& l : looks) {
    // rho by its distance from 1, which decides the count: 0.99990 and 0.99995 differ by half
    if ((rho_too || !last.iterations) &&
        std::abs(l.rho - last.rho) > kAgreement * std::abs(1.0 - last.rho)) {
      return false;
    }
    if (l.iterations.has_value() != last.iterations.has_value()) return false;
    if (l.iterations && std::abs(static_cast<double>(*l.iterations - *last.iterations)) >
                            kAgreement * static_cast<double>(*last.iterations)) {
      return false;
    }
  }
  return true;
}

void remember(std::deque<Look>& looks, Look look) {
  looks.push_back(look);
  if (looks.size() > kAgreeingChecks) looks.pop_front();
}

// Two significant digits, rounded down: a suggested weight errs on the safe side.
double round_down(double omega) {
  const double scale = std::pow(10.0, 1 - std::floor(std::log10(omega)));
  return std::floor(omega * scale) / scale;
}

bool one_signed_diagonal(const CsrMatrix& a) {
  const std::vector<double> d = a.diagonal();
  return std::all_of(d.begin(), d.end(), [&](double v) { return v * d.front() > 0.0; });
}

// Where the Lanczos estimate for one weight stands.
struct LanczosEstimate {
  double rho = 0.0;
  std::optional<std::int64_t> iterations;
  bool lower_bound = false;  ///< iterations is a proven lower bound, not a prediction
  bool settled = false;
};

// Steps the process (within the budget) until its forecast for `omega` settles, or proves that
// the limit will not do (then no further products can change the verdict).
LanczosEstimate settle(LanczosProcess& lanczos, double omega, const ForecastSettings& s,
                       std::int64_t budget, double log_bound_slack, Eigen::VectorXd& theta,
                       Eigen::VectorXd& weights) {
  const double log_tol = std::log(s.tolerance);
  std::deque<Look> looks;
  LanczosEstimate e;
  for (bool more = true;;) {
    if (lanczos.steps() < budget && !lanczos.exhausted()) {
      more = lanczos.step();
      poll_stop(s.stop);
    } else {
      more = false;
    }
    const std::int64_t k = lanczos.steps();
    if (k % kLanczosCheckEvery != 0 && more) continue;
    lanczos.ritz(theta, weights);
    const QuadratureModel model(theta, weights, omega);
    const auto predicted = s.tolerance > 0.0 ? model.first_below(log_tol) : std::nullopt;
    remember(looks, {model.rho(), predicted});
    e.rho = model.rho();
    e.settled = lanczos.exhausted() || (k >= kMinProducts && agree(looks, true));
    e.iterations = predicted;
    e.lower_bound = false;
    if (!e.settled && e.rho < 1.0 && s.tolerance > 0.0) {
      // The quadrature underestimates ||r_k|| in the |D|^-1-norm for every k; the 2-norm can be
      // smaller by up to sqrt(d_max / d_min): a count that is proven needs that much more.
      e.iterations = model.first_below(log_tol + log_bound_slack);
      e.lower_bound = true;
    }
    const bool hopeless = e.lower_bound && e.iterations && *e.iterations > s.max_iterations;
    if (e.settled || !more || hopeless) return e;
  }
}

JacobiForecast forecast_symmetric(const CsrMatrix& a, std::span<const double> b,
                                  const ForecastSettings& s, std::int64_t budget) {
  JacobiForecast f;
  f.method = JacobiForecast::Method::lanczos;
  f.budget = budget;
  LanczosProcess lanczos(a, b);
  const std::vector<double> d = a.diagonal();
  double d_min = std::numeric_limits<double>::infinity(), d_max = 0.0;
  for (const double v : d)
    d_min = std::min(d_min, std::abs(v)), d_max = std::max(d_max, std::abs(v));
  const double slack = 0.5 * std::log(d_max / d_min);
  Eigen::VectorXd theta, weights;
  const LanczosEstimate e = settle(lanczos, s.omega, s, budget, slack, theta, weights);
  f.products = lanczos.steps();
  f.spectral_radius = e.rho;
  f.settled = e.settled;
  f.diverges = !(e.rho < 1.0);  // rho >= rho-hat >= 1: proven
  f.iterations = e.iterations;
  f.iterations_are_lower_bound = e.lower_bound;
  f.lambda_min = theta.minCoeff();
  f.lambda_max = theta.maxCoeff();
  f.indefinite = *f.lambda_min <= 0.0;
  f.positive_diagonal = lanczos.sign() > 0.0;
  if (f.indefinite) return f;
  // The weight that balances both ends of the spectrum, 1 - w l_min = -(1 - w l_max): worth
  // offering when Jacobi diverges, or when it is clearly faster. The estimate for it needs the
  // small end of the spectrum, which the estimate for omega may not have needed: go on with
  // the remaining products until that settles too.
  const double best = round_down(2.0 / (*f.lambda_min + *f.lambda_max));
  if (!(QuadratureModel(theta, weights, best).rho() < 1.0)) return f;
  const LanczosEstimate damped = settle(lanczos, best, s, budget, slack, theta, weights);
  f.products = lanczos.steps();
  if (damped.rho < 1.0 && (f.diverges || damped.rho < f.spectral_radius)) {
    f.better_omega = best;
    f.better_omega_rho = damped.rho;
    f.better_omega_iterations = damped.iterations;
    f.better_omega_iterations_are_lower_bound = damped.lower_bound;
  }
  return f;
}

JacobiForecast forecast_general(const CsrMatrix& a, std::span<const double> b,
                                const ForecastSettings& s, std::int64_t budget) {
  JacobiForecast f;
  f.method = JacobiForecast::Method::arnoldi;
  const std::size_t memory = kArnoldiMemory / (sizeof(double) * static_cast<std::size_t>(a.rows));
  const int steps = static_cast<int>(std::clamp<std::int64_t>(
      std::min<std::int64_t>(budget, static_cast<std::int64_t>(memory)), 8, kArnoldiMaxSteps));
  f.budget = steps;
  ArnoldiProcess arnoldi(a, b, steps);
  std::deque<Look> looks;
  Eigen::MatrixXd h;
  Eigen::VectorXcd mu;
  for (;;) {
    const bool more = arnoldi.step();
    poll_stop(s.stop);
    const int k = arnoldi.steps();
    if (k % kArnoldiCheckEvery != 0 && more) continue;
    h = arnoldi.hessenberg();
    mu = Eigen::EigenSolver<Eigen::MatrixXd>(h, false).eigenvalues();
    const double rho = rho_of(mu, s.omega);
    const auto predicted =
        s.tolerance > 0.0 ? arnoldi_iterations(h, s.omega, s.tolerance, rho) : std::nullopt;
    remember(looks, {rho, predicted});
    f.products = k;
    f.spectral_radius = rho;
    f.settled = arnoldi.exhausted() || (k >= kMinProducts && agree(looks, false));
    f.diverges = f.settled && !predicted && !(rho < 1.0);
    f.iterations = f.settled ? predicted : std::nullopt;
    if (f.settled || !more) break;
  }
  if (f.settled) {
    // the weight with the smallest max |1 - w mu|, on a grid of 0.005
    double best = 0.0, best_rho = std::numeric_limits<double>::infinity();
    for (int i = 1; i < 400; ++i) {
      const double w = 0.005 * i;
      if (const double r = rho_of(mu, w); r < best_rho) best_rho = r, best = w;
    }
    best = round_down(best);
    best_rho = rho_of(mu, best);
    if (best_rho < 1.0 && (f.diverges || best_rho < f.spectral_radius - 0.05 * (1.0 - best_rho))) {
      f.better_omega = best;
      f.better_omega_rho = best_rho;
      if (s.tolerance > 0.0)
        f.better_omega_iterations = arnoldi_iterations(h, best, s.tolerance, best_rho);
      f.better_omega_iterations_are_lower_bound = false;
    }
  }
  return f;
}

}  // namespace

std::int64_t default_forecast_budget(std::int64_t max_iterations) {
  return std::max<std::int64_t>(200, max_iterations / 20);
}

std::string to_string(JacobiForecast::Method method) {
  return method == JacobiForecast::Method::lanczos ? "Lanczos" : "Arnoldi";
}

JacobiForecast forecast_jacobi(const CsrMatrix& a, std::span<const double> b,
                               const ForecastSettings& settings) {
  if (static_cast<std::int64_t>(b.size()) != a.rows || a.rows != a.cols) {
    throw std::invalid_argument("forecast_jacobi: A must be square and b as long as A");
  }
  if (!(settings.omega > 0.0 && settings.omega < 2.0)) {
    throw std::invalid_argument("forecast_jacobi: omega outside (0, 2)");
  }
  const std::int64_t budget = settings.max_products > 0
                                  ? settings.max_products
                                  : default_forecast_budget(settings.max_iterations);
  const bool symmetric = !first_asymmetric_entry(a) && one_signed_diagonal(a);
  JacobiForecast f = symmetric ? forecast_symmetric(a, b, settings, budget)
                               : forecast_general(a, b, settings, budget);
  if (settings.tolerance >= 1.0) f.iterations = 0, f.iterations_are_lower_bound = false;
  return f;
}

}  // namespace slae
