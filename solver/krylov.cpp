#include "solver/krylov.hpp"

#include <cmath>
#include <stdexcept>

namespace slae {
namespace {

// A step whose new direction is this small, relative to what the step produced, found an
// invariant subspace: the Krylov space of b is exhausted.
constexpr double kExhausted = 1e-12;

double dot(std::span<const double> x, std::span<const double> y) {
  double sum = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i)
    sum += x[i] * y[i];
  return sum;
}

// y -= c x
void subtract(std::span<double> y, double c, std::span<const double> x) {
  for (std::size_t i = 0; i < y.size(); ++i)
    y[i] -= c * x[i];
}

}  // namespace

LanczosProcess::LanczosProcess(const CsrMatrix& a, std::span<const double> b)
    : a_(a),
      scale_(static_cast<std::size_t>(a.rows)),
      v_(scale_.size()),
      v_prev_(scale_.size(), 0.0),
      w_(scale_.size()),
      scaled_(scale_.size()) {
  const std::vector<double> d = a.diagonal();
  sign_ = d.empty() || d[0] > 0.0 ? 1.0 : -1.0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (!(d[i] * sign_ > 0.0)) throw std::invalid_argument("Lanczos: a diagonal of mixed sign");
    scale_[i] = 1.0 / std::sqrt(std::abs(d[i]));
    v_[i] = scale_[i] * b[i];
  }
  const double norm = std::sqrt(dot(v_, v_));
  if (!(norm > 0.0) || !std::isfinite(norm)) throw std::invalid_argument("Lanczos: b = 0");
  for (double& x : v_)
    x /= norm;
}

bool LanczosProcess::step() {
  if (exhausted_) return false;
  // w = M v - beta_{k-1} v_{k-1},  M = |D|^-1/2 (s A) |D|^-1/2
  for (std::size_t i = 0; i < v_.size(); ++i)
    scaled_[i] = scale_[i] * v_[i];
  a_.multiply(scaled_, w_);
  const double previous = beta_.empty() ? 0.0 : beta_.back();
  for (std::size_t i = 0; i < w_.size(); ++i)
    w_[i] = sign_ * scale_[i] * w_[i] - previous * v_prev_[i];
  const double alpha = dot(w_, v_);
  subtract(w_, alpha, v_);
  const double beta = std::sqrt(dot(w_, w_));
  alpha_.push_back(alpha);
  if (!(beta > kExhausted * std::max(std::abs(alpha), previous))) {
    exhausted_ = true;
    return false;
  }
  beta_.push_back(beta);
  v_prev_.swap(v_);
  for (std::size_t i = 0; i < v_.size(); ++i)
    v_[i] = w_[i] / beta;
  return true;
}

void LanczosProcess::ritz(Eigen::VectorXd& values, Eigen::VectorXd& weights) const {
  const auto k = static_cast<Eigen::Index>(alpha_.size());
  Eigen::VectorXd diagonal = Eigen::Map<const Eigen::VectorXd>(alpha_.data(), k);
  Eigen::VectorXd sub(std::max<Eigen::Index>(k - 1, 0));
  for (Eigen::Index i = 0; i + 1 < k; ++i)
    sub[i] = beta_[static_cast<std::size_t>(i)];
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver;
  solver.computeFromTridiagonal(diagonal, sub, Eigen::ComputeEigenvectors);
  values = solver.eigenvalues();
  weights = solver.eigenvectors().row(0).transpose().array().square();
}

ArnoldiProcess::ArnoldiProcess(const CsrMatrix& a, std::span<const double> b, int max_steps)
    : a_(a),
      max_steps_(max_steps),
      w_(static_cast<std::size_t>(a.rows)),
      scaled_(w_.size()),
      h_(Eigen::MatrixXd::Zero(max_steps + 1, max_steps)) {
  const std::vector<double> d = a.diagonal();
  inv_diag_.resize(d.size());
  for (std::size_t i = 0; i < d.size(); ++i)
    inv_diag_[i] = 1.0 / d[i];
  const double norm = std::sqrt(dot(b, b));
  if (!(norm > 0.0) || !std::isfinite(norm)) throw std::invalid_argument("Arnoldi: b = 0");
  basis_.emplace_back(b.begin(), b.end());
  for (double& x : basis_.back())
    x /= norm;
}

bool ArnoldiProcess::step() {
  if (exhausted_ || steps_ >= max_steps_) return false;
  const int j = steps_;
  // w = A D^-1 v_j, orthogonalized against the basis twice (classical Gram-Schmidt, then a
  // second pass: one pass loses orthogonality on exactly the matrices worth diagnosing)
  const std::vector<double>& v = basis_[static_cast<std::size_t>(j)];
  for (std::size_t i = 0; i < v.size(); ++i)
    scaled_[i] = v[i] * inv_diag_[i];
  a_.multiply(scaled_, w_);
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i <= j; ++i) {
      const double c = dot(w_, basis_[static_cast<std::size_t>(i)]);
      h_(i, j) += c;
      subtract(w_, c, basis_[static_cast<std::size_t>(i)]);
    }
  }
  const double norm = std::sqrt(dot(w_, w_));
  h_(j + 1, j) = norm;
  ++steps_;
  if (!(norm > kExhausted * h_.col(j).head(j + 1).cwiseAbs().maxCoeff())) {
    exhausted_ = true;
    return false;
  }
  if (steps_ < max_steps_) {
    basis_.emplace_back(w_);
    for (double& x : basis_.back())
      x /= norm;
  }
  return true;
}

}  // namespace slae
