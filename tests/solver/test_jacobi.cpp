#include "solver/jacobi.hpp"

#include <Eigen/Dense>
#include <catch2/catch.hpp>

#include "solver/row_block.hpp"
#include "solver/system_checks.hpp"
#include "tests/support/small_matrices.hpp"

using slae::test::random_dominant_matrix;
using slae::test::to_dense;

TEST_CASE("one sweep equals the dense weighted Jacobi step x + omega D^-1 (b - A x)", "[jacobi]") {
  const int n = 12;
  const double omega = GENERATE(1.0, 0.6, 1.3);
  const slae::CsrMatrix a = random_dominant_matrix(n, 0.3, 7);
  const Eigen::MatrixXd ad = to_dense(a);
  const Eigen::VectorXd b = Eigen::VectorXd::LinSpaced(n, -3.0, 5.0);
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(n, 1.0, 2.0);
  const Eigen::VectorXd expected = x + omega * (b - ad * x).cwiseQuotient(ad.diagonal());

  const auto inv = slae::inverted_diagonal(a);
  const std::vector<double> bv(b.data(), b.data() + n), xv(x.data(), x.data() + n);
  const slae::RowBlock block = slae::make_row_block(a, inv, bv, {0, n});
  std::vector<double> next(n), residual_sq(block.chunks());
  slae::jacobi_sweep(block, xv, next, omega, residual_sq);
  for (int i = 0; i < n; ++i)
    CHECK(next[i] == Approx(expected(i)).epsilon(1e-13));
  double total = 0.0;
  for (const double s : residual_sq)
    total += s;
  CHECK(total == Approx((b - ad * x).squaredNorm()).epsilon(1e-12));
}

TEST_CASE("omega = 1 is plain Jacobi to the last bit", "[jacobi]") {
  const int n = 40;
  const slae::CsrMatrix a = random_dominant_matrix(n, 0.2, 5);
  const auto inv = slae::inverted_diagonal(a);
  std::vector<double> b(n), x(n);
  for (int i = 0; i < n; ++i) {
    b[i] = std::sin(i + 0.5) * 1e3;
    x[i] = std::cos(i * 1.7) / 7.0;
  }
  const slae::RowBlock block = slae::make_row_block(a, inv, b, {0, n});
  std::vector<double> next(n), residual_sq(block.chunks());
  slae::jacobi_sweep(block, x, next, 1.0, residual_sq);
  for (int i = 0; i < n; ++i) {
    double ax = 0.0;
    for (std::int64_t k = a.row_ptr[i]; k < a.row_ptr[i + 1]; ++k)
      ax += a.values[k] * x[a.col_idx[k]];
    CHECK(next[i] == x[i] + inv[i] * (b[i] - ax));  // the unweighted formula, bitwise
  }
}

TEST_CASE("one residual sum per reduction chunk, each over its own rows", "[jacobi]") {
  const int n = 10;
  const slae::CsrMatrix a = random_dominant_matrix(n, 0.4, 9);
  const auto inv = slae::inverted_diagonal(a);
  const std::vector<double> b(n, 2.0), x(n, 0.5);
  const slae::RowBlock block = slae::make_row_block(a, inv, b, {0, n}, /*chunk_rows=*/4);
  REQUIRE(block.chunks() == 3);
  std::vector<double> next(n), residual_sq(3), ax(n);
  slae::jacobi_sweep(block, x, next, 1.0, residual_sq);
  a.multiply(x, ax);
  for (int c = 0; c < 3; ++c) {
    double expected = 0.0;
    for (int i = 4 * c; i < std::min(n, 4 * c + 4); ++i)
      expected += (b[i] - ax[i]) * (b[i] - ax[i]);
    CHECK(residual_sq[c] == Approx(expected).epsilon(1e-14));
  }
}

TEST_CASE("with b = 0 a sweep applies J = I - omega D^-1 A", "[jacobi]") {
  const int n = 9;
  const slae::CsrMatrix a = random_dominant_matrix(n, 0.5, 2);
  const Eigen::MatrixXd ad = to_dense(a);
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(n, -1.0, 1.0);
  const Eigen::MatrixXd j =
      Eigen::MatrixXd::Identity(n, n) - 0.8 * ad.diagonal().cwiseInverse().asDiagonal() * ad;
  const Eigen::VectorXd expected = j * x;
  const std::vector<double> b(n, 0.0), xv(x.data(), x.data() + n);
  const slae::RowBlock block = slae::make_row_block(a, slae::inverted_diagonal(a), b, {0, n});
  std::vector<double> next(n), residual_sq(block.chunks());
  slae::jacobi_sweep(block, xv, next, 0.8, residual_sq);
  for (int i = 0; i < n; ++i)
    CHECK(next[i] == Approx(expected(i)).margin(1e-14));
}

TEST_CASE("a block with ghosts sweeps exactly like the whole matrix", "[jacobi]") {
  const int n = 30;
  const slae::CsrMatrix a = random_dominant_matrix(n, 0.2, 11);
  const auto inv = slae::inverted_diagonal(a);
  std::vector<double> b(n), x(n);
  for (int i = 0; i < n; ++i) {
    b[i] = std::sin(i + 1.0);
    x[i] = std::cos(i * 0.7);
  }
  const slae::RowBlock whole = slae::make_row_block(a, inv, b, {0, n}, 2);
  std::vector<double> reference(n), whole_sq(whole.chunks());
  slae::jacobi_sweep(whole, x, reference, 0.9, whole_sq);

  const slae::RowRange range{10, 22};
  const slae::RowBlock block = slae::make_row_block(a, inv, b, range, 2);
  std::vector<double> local(block.local_size());
  for (std::int64_t i = 0; i < range.size(); ++i)
    local[i] = x[range.begin + i];
  for (std::size_t g = 0; g < block.ghost_cols.size(); ++g)
    local[range.size() + g] = x[block.ghost_cols[g]];
  std::vector<double> next(range.size()), block_sq(block.chunks());
  slae::jacobi_sweep(block, local, next, 0.9, block_sq);
  for (std::int64_t i = 0; i < range.size(); ++i)
    CHECK(next[i] == reference[range.begin + i]);  // bitwise
  for (std::int64_t c = 0; c < block.chunks(); ++c)
    CHECK(block_sq[c] == whole_sq[range.begin / 2 + c]);  // the same chunk sums, bitwise
}

TEST_CASE("jacobi_sweep refuses buffers of the wrong size", "[jacobi]") {
  const slae::CsrMatrix a = random_dominant_matrix(4, 0.5, 3);
  const auto inv = slae::inverted_diagonal(a);
  const std::vector<double> b(4, 1.0);
  const slae::RowBlock block = slae::make_row_block(a, inv, b, {0, 4});
  std::vector<double> x(3), x4(4), next(4), sums(block.chunks()), too_few(1);
  CHECK_THROWS_AS(slae::jacobi_sweep(block, x, next, 1.0, sums), std::invalid_argument);
  CHECK_THROWS_AS(slae::jacobi_sweep(block, x4, next, 1.0, too_few), std::invalid_argument);
}
