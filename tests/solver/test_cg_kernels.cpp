#include "solver/cg_kernels.hpp"

#include <catch2/catch.hpp>

#include "solver/system_checks.hpp"
#include "tests/support/small_matrices.hpp"

namespace {
std::vector<double> ramp(int n, double scale) {
  std::vector<double> v(n);
  for (int i = 0; i < n; ++i)
    v[i] = scale * std::sin(1.0 + i);
  return v;
}
}  // namespace

TEST_CASE("cg_step updates x, r, z and returns r.z and r.r per chunk", "[cg]") {
  const int n = 10;
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(n, 0.3, 1, true);
  const auto inv = slae::inverted_diagonal(a);
  const std::vector<double> b = ramp(n, 1.0);
  const slae::RowBlock block = slae::make_row_block(a, inv, b, {0, n}, 4);
  std::vector<double> p = ramp(n, 0.5), q = ramp(n, -0.25), x(n, 1.0), r = ramp(n, 2.0), z(n);
  const std::vector<double> x0 = x, r0 = r;
  std::vector<double> rz(3), rr(3);
  slae::cg_step(block, 0.3, p, q, x, r, z, rz, rr);
  for (int i = 0; i < n; ++i) {
    CHECK(x[i] == x0[i] + 0.3 * p[i]);
    CHECK(r[i] == r0[i] - 0.3 * q[i]);
    CHECK(z[i] == inv[i] * r[i]);
  }
  for (int c = 0; c < 3; ++c) {
    double erz = 0.0, err = 0.0;
    for (int i = 4 * c; i < std::min(n, 4 * c + 4); ++i) {
      erz += r[i] * z[i];
      err += r[i] * r[i];
    }
    CHECK(rz[c] == erz);
    CHECK(rr[c] == err);
  }
}

TEST_CASE("cg_multiply on a block with ghosts equals A p on the whole matrix", "[cg]") {
  const int n = 24;
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(n, 0.25, 3, true);
  const auto inv = slae::inverted_diagonal(a);
  const std::vector<double> b(n, 1.0), p = ramp(n, 3.0);
  std::vector<double> ap(n);
  a.multiply(p, ap);
  const slae::RowRange range{8, 16};
  const slae::RowBlock block = slae::make_row_block(a, inv, b, range, 4);
  std::vector<double> local(block.local_size());
  for (std::int64_t i = 0; i < range.size(); ++i)
    local[i] = p[range.begin + i];
  for (std::size_t g = 0; g < block.ghost_cols.size(); ++g)
    local[range.size() + g] = p[block.ghost_cols[g]];
  std::vector<double> q(range.size()), pq(block.chunks());
  slae::cg_multiply(block, local, q, pq);
  for (std::int64_t i = 0; i < range.size(); ++i)
    CHECK(q[i] == ap[range.begin + i]);  // same column order: bitwise
  CHECK(pq[0] + pq[1] == Approx(p[8] * ap[8] + p[9] * ap[9] + p[10] * ap[10] + p[11] * ap[11] +
                                p[12] * ap[12] + p[13] * ap[13] + p[14] * ap[14] + p[15] * ap[15]));
}

TEST_CASE("cg_direction forms p = z + beta p on own rows and ghosts alike", "[cg]") {
  const std::vector<double> z_own = {1, 2, 3}, z_ghosts = {-1, 0.5};
  std::vector<double> p = {10, 20, 30, 40, 50};
  slae::cg_direction(0.5, z_own, z_ghosts, p);
  CHECK(p == std::vector<double>{6, 12, 18, 19, 25.5});
  std::vector<double> wrong(4);
  CHECK_THROWS_AS(slae::cg_direction(0.5, z_own, z_ghosts, wrong), std::invalid_argument);
}
