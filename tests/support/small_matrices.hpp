#pragma once
// Small matrices for unit tests, built in memory.
#include <Eigen/Dense>
#include <cmath>
#include <random>
#include <vector>

#include "solver/csr_matrix.hpp"

namespace slae::test {

/// A random n x n strictly diagonally dominant sparse matrix, ~density off-diagonal fill.
/// symmetric: mirror every off-diagonal entry (then it is also positive definite).
inline CsrMatrix random_dominant_matrix(int n, double density, unsigned seed,
                                        bool symmetric = false) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> value(-1.0, 1.0), coin(0.0, 1.0);
  CooMatrix coo{n, n, {}};
  std::vector<double> off(n, 0.0);
  for (int r = 0; r < n; ++r) {
    for (int c = symmetric ? r + 1 : 0; c < n; ++c) {
      if (c != r && coin(rng) < density) {
        const double v = value(rng);
        off[r] += std::abs(v);
        coo.entries.push_back({r, c, v});
        if (symmetric) {
          off[c] += std::abs(v);
          coo.entries.push_back({c, r, v});
        }
      }
    }
  }
  for (int r = 0; r < n; ++r)
    coo.entries.push_back({r, r, off[r] + 1.0 + coin(rng)});
  return CsrMatrix::from_coo(coo);
}

/// A CSR matrix from dense rows (zeros are not stored).
inline CsrMatrix from_dense(const std::vector<std::vector<double>>& rows) {
  const auto n = static_cast<std::int64_t>(rows.size());
  CooMatrix coo{n, n, {}};
  for (std::int64_t r = 0; r < n; ++r) {
    for (std::int64_t c = 0; c < n; ++c) {
      if (rows[r][c] != 0.0) coo.entries.push_back({r, c, rows[r][c]});
    }
  }
  return CsrMatrix::from_coo(coo);
}

inline Eigen::MatrixXd to_dense(const CsrMatrix& a) {
  Eigen::MatrixXd d = Eigen::MatrixXd::Zero(a.rows, a.cols);
  for (std::int64_t r = 0; r < a.rows; ++r) {
    for (std::int64_t k = a.row_ptr[r]; k < a.row_ptr[r + 1]; ++k)
      d(r, a.col_idx[k]) = a.values[k];
  }
  return d;
}

/// ||b - A x|| / ||b||, summed plainly (an independent check, not the solver's own sum).
inline double relative_residual(const CsrMatrix& a, const std::vector<double>& b,
                                const std::vector<double>& x) {
  std::vector<double> ax(b.size());
  a.multiply(x, ax);
  double rr = 0.0, bb = 0.0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    rr += (b[i] - ax[i]) * (b[i] - ax[i]);
    bb += b[i] * b[i];
  }
  return std::sqrt(rr / bb);
}

}  // namespace slae::test
