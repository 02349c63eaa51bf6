#include "matrices/generators/anisotropic2d.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "matrices/generators/poisson2d.hpp"
#include "tests/support/csr_entries.hpp"

using slae::generators::anisotropic_2d;
using slae::test::entry;
using slae::test::row_sum;

TEST_CASE("anisotropic2d: -eps u_yy - u_xx on a 3 x 3 grid", "[generators]") {
  const double eps = 0.125;  // a power of two: the row sums below are exact
  const slae::CsrMatrix a = anisotropic_2d(3, eps);
  REQUIRE(a.rows == 9);
  REQUIRE(a.cols == 9);
  CHECK(a.nnz() == 5 * 9 - 4 * 3);
  CHECK(slae::test::columns_increase(a));
  CHECK(slae::test::exactly_symmetric(a));
  for (std::int64_t r = 0; r < a.rows; ++r)
    CHECK(entry(a, r, r) == 2.0 + 2.0 * eps);
  // the centre (1,1) = row 4: x neighbours in its line, y neighbours in the lines beside it
  CHECK(entry(a, 4, 3) == -1.0);
  CHECK(entry(a, 4, 5) == -1.0);
  CHECK(entry(a, 4, 1) == -eps);
  CHECK(entry(a, 4, 7) == -eps);
  CHECK(row_sum(a, 4) == 0.0);
  // a corner keeps one x and one y coupling: 1 + eps; (0,2) and (1,0) are not neighbours
  CHECK(row_sum(a, 0) == 1.0 + eps);
  CHECK(entry(a, 2, 3) == 0.0);
  // an edge point in the middle of the first line misses its y neighbour below
  CHECK(row_sum(a, 1) == eps);
}

TEST_CASE("anisotropic2d: interior rows sum to 0 for any eps", "[generators]") {
  for (const double eps : {1e-3, 0.1, 7.0, 1e6}) {
    const slae::CsrMatrix a = anisotropic_2d(4, eps);
    CHECK(slae::test::exactly_symmetric(a));
    for (const std::int64_t r : {5, 6, 9, 10})  // the 2 x 2 interior of the 4 x 4 grid
      CHECK(row_sum(a, r) == Approx(0.0).margin((2.0 + 2.0 * eps) * 1e-15));
  }
}

TEST_CASE("anisotropic2d: eps = 1 is the Poisson matrix", "[generators]") {
  const slae::CsrMatrix a = anisotropic_2d(5, 1.0);
  const slae::CsrMatrix p = slae::generators::poisson_2d(5, 4.0);
  CHECK(a.row_ptr == p.row_ptr);
  CHECK(a.col_idx == p.col_idx);
  CHECK(a.values == p.values);
}

TEST_CASE("anisotropic2d refuses impossible grids and eps", "[generators]") {
  CHECK_THROWS_AS(anisotropic_2d(0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(anisotropic_2d(50000, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(anisotropic_2d(3, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(anisotropic_2d(3, -0.5), std::invalid_argument);
  CHECK_THROWS_AS(anisotropic_2d(3, std::nan("")), std::invalid_argument);
  CHECK_THROWS_AS(anisotropic_2d(3, std::numeric_limits<double>::infinity()),
                  std::invalid_argument);
  CHECK_THROWS_AS(anisotropic_2d(3, 1e13), std::invalid_argument);
}
