#include "solver/jacobi.hpp"

#include <Eigen/Dense>
#include <catch2/catch.hpp>
#include <random>

#include "solver/row_block.hpp"
#include "solver/system_checks.hpp"

namespace {

// A random n x n strictly diagonally dominant sparse matrix, ~density off-diagonal fill.
slae::CsrMatrix random_matrix(int n, double density, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> value(-1.0, 1.0), coin(0.0, 1.0);
  slae::CooMatrix coo{n, n, {}};
  for (int r = 0; r < n; ++r) {
    double off = 0.0;
    for (int c = 0; c < n; ++c) {
      if (c != r && coin(rng) < density) {
        const double v = value(rng);
        off += std::abs(v);
        coo.entries.push_back({r, c, v});
      }
    }
    coo.entries.push_back({r, r, off + 1.0 + coin(rng)});
  }
  return slae::CsrMatrix::from_coo(coo);
}

Eigen::MatrixXd dense(const slae::CsrMatrix& a) {
  Eigen::MatrixXd d = Eigen::MatrixXd::Zero(a.rows, a.cols);
  for (std::int64_t r = 0; r < a.rows; ++r) {
    for (std::int64_t k = a.row_ptr[r]; k < a.row_ptr[r + 1]; ++k)
      d(r, a.col_idx[k]) = a.values[k];
  }
  return d;
}

}  // namespace

TEST_CASE("one sweep equals the dense Jacobi step D^-1 (b - (A - D) x)", "[jacobi]") {
  const int n = 12;
  const slae::CsrMatrix a = random_matrix(n, 0.3, 7);
  const Eigen::MatrixXd ad = dense(a);
  const Eigen::VectorXd b = Eigen::VectorXd::LinSpaced(n, -3.0, 5.0);
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(n, 1.0, 2.0);
  const Eigen::VectorXd d = ad.diagonal();
  Eigen::MatrixXd off = ad;
  off.diagonal().setZero();
  const Eigen::VectorXd expected = (b - off * x).cwiseQuotient(d);

  const auto inv = slae::inverted_diagonal(a);
  const std::vector<double> bv(b.data(), b.data() + n), xv(x.data(), x.data() + n);
  const slae::RowBlock block = slae::make_row_block(a, inv, bv, {0, n});
  std::vector<double> next(n);
  const double residual_sq = slae::jacobi_sweep(block, xv, next);
  for (int i = 0; i < n; ++i)
    CHECK(next[i] == Approx(expected(i)).epsilon(1e-13));
  CHECK(residual_sq == Approx((b - ad * x).squaredNorm()).epsilon(1e-12));
}

TEST_CASE("a block with ghosts sweeps exactly like the whole matrix", "[jacobi]") {
  const int n = 30;
  const slae::CsrMatrix a = random_matrix(n, 0.2, 11);
  const auto inv = slae::inverted_diagonal(a);
  std::vector<double> b(n), x(n);
  for (int i = 0; i < n; ++i) {
    b[i] = std::sin(i + 1.0);
    x[i] = std::cos(i * 0.7);
  }
  const slae::RowBlock whole = slae::make_row_block(a, inv, b, {0, n});
  std::vector<double> reference(n);
  slae::jacobi_sweep(whole, x, reference);

  const slae::RowRange range{10, 21};
  const slae::RowBlock block = slae::make_row_block(a, inv, b, range);
  std::vector<double> local(block.local_size());
  for (std::int64_t i = 0; i < range.size(); ++i)
    local[i] = x[range.begin + i];
  for (std::size_t g = 0; g < block.ghost_cols.size(); ++g)
    local[range.size() + g] = x[block.ghost_cols[g]];
  std::vector<double> next(range.size());
  slae::jacobi_sweep(block, local, next);
  for (std::int64_t i = 0; i < range.size(); ++i)
    CHECK(next[i] == reference[range.begin + i]);  // bitwise
}

TEST_CASE("jacobi_sweep refuses buffers of the wrong size", "[jacobi]") {
  const slae::CsrMatrix a = random_matrix(4, 0.5, 3);
  const auto inv = slae::inverted_diagonal(a);
  const std::vector<double> b(4, 1.0);
  const slae::RowBlock block = slae::make_row_block(a, inv, b, {0, 4});
  std::vector<double> x(3), next(4);
  CHECK_THROWS_AS(slae::jacobi_sweep(block, x, next), std::invalid_argument);
}
