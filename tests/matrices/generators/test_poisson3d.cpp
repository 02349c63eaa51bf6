#include "matrices/generators/poisson3d.hpp"

#include <catch2/catch.hpp>

#include "tests/support/csr_entries.hpp"

using slae::generators::poisson_3d;
using slae::test::entry;
using slae::test::row_sum;

TEST_CASE("poisson3d: the 7-point stencil on a 3 x 3 x 3 grid", "[generators]") {
  const slae::CsrMatrix a = poisson_3d(3);
  REQUIRE(a.rows == 27);
  REQUIRE(a.cols == 27);
  // every point, minus the missing neighbours: 9 on each of the 6 faces of the cube
  CHECK(a.nnz() == 7 * 27 - 6 * 9);
  CHECK(slae::test::columns_increase(a));
  CHECK(slae::test::exactly_symmetric(a));
  // the centre (1,1,1) = row 13 couples to the rows one layer, one line and one point away
  CHECK(a.row_ptr[14] - a.row_ptr[13] == 7);
  CHECK(entry(a, 13, 13) == 6.0);
  for (const int n : {4, 10, 12, 14, 16, 22})
    CHECK(entry(a, 13, n) == -1.0);
  // a corner has three neighbours; rows 2 and 3 are consecutive but not neighbours, nor are
  // rows 8 and 9 (the end of one layer, the start of the next)
  CHECK(a.row_ptr[1] - a.row_ptr[0] == 4);
  CHECK(entry(a, 2, 3) == 0.0);
  CHECK(entry(a, 8, 9) == 0.0);
}

TEST_CASE("poisson3d: diagonal 6 and the row sums on a 4 x 4 x 4 grid", "[generators]") {
  const slae::CsrMatrix a = poisson_3d(4);
  REQUIRE(a.rows == 64);
  int interior = 0;
  for (std::int64_t r = 0; r < a.rows; ++r) {
    CHECK(entry(a, r, r) == 6.0);
    // 6 minus one per neighbour: 0 inside, and 1 for each face of the cube the point is on
    const std::int64_t neighbours = a.row_ptr[r + 1] - a.row_ptr[r] - 1;
    CHECK(row_sum(a, r) == static_cast<double>(6 - neighbours));
    if (neighbours == 6) {
      CHECK(row_sum(a, r) == 0.0);
      ++interior;
    }
  }
  CHECK(interior == 2 * 2 * 2);
}

TEST_CASE("poisson3d: --diagonal", "[generators]") {
  const slae::CsrMatrix a = poisson_3d(2, 6.5);
  REQUIRE(a.rows == 8);
  for (std::int64_t r = 0; r < a.rows; ++r)
    CHECK(entry(a, r, r) == 6.5);
  CHECK(slae::test::exactly_symmetric(a));
  CHECK(poisson_3d(1).nnz() == 1);
}

TEST_CASE("poisson3d refuses grids whose rows would overflow int32 columns", "[generators]") {
  CHECK_THROWS_AS(poisson_3d(0), std::invalid_argument);
  CHECK_THROWS_AS(poisson_3d(slae::generators::kPoisson3dMaxGrid + 1), std::invalid_argument);
  CHECK_THROWS_AS(poisson_3d(46340), std::invalid_argument);
}
