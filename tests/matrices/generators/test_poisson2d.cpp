#include "matrices/generators/poisson2d.hpp"

#include <catch2/catch.hpp>

#include "tests/support/csr_entries.hpp"

using slae::test::entry;
using slae::test::row_sum;

TEST_CASE("poisson2d: the 5-point stencil on a 3 x 3 grid", "[generators]") {
  const slae::CsrMatrix a = slae::generators::poisson_2d(3, 4.5);
  REQUIRE(a.rows == 9);
  REQUIRE(a.cols == 9);
  CHECK(a.nnz() == 5 * 9 - 4 * 3);  // every point, minus the missing neighbours on the edges
  // the centre (1,1) = row 4 couples to rows 1, 3, 5, 7
  CHECK(a.row_ptr[5] - a.row_ptr[4] == 5);
  CHECK(entry(a, 4, 4) == 4.5);
  for (const int n : {1, 3, 5, 7})
    CHECK(entry(a, 4, n) == -1.0);
  // a corner has two neighbours; (0,2) and (1,0) are not neighbours
  CHECK(a.row_ptr[1] - a.row_ptr[0] == 3);
  CHECK(entry(a, 2, 3) == 0.0);
  CHECK(slae::test::columns_increase(a));
  CHECK(slae::test::exactly_symmetric(a));
}

TEST_CASE("poisson2d: diagonal 4 by default, interior rows sum to 0", "[generators]") {
  const slae::CsrMatrix a = slae::generators::poisson_2d(4);
  for (std::int64_t r = 0; r < a.rows; ++r) {
    CHECK(entry(a, r, r) == 4.0);
    // 4 minus one per neighbour: 0 inside, 1 on an edge, 2 at a corner
    const std::int64_t neighbours = a.row_ptr[r + 1] - a.row_ptr[r] - 1;
    CHECK(row_sum(a, r) == static_cast<double>(4 - neighbours));
  }
  for (const std::int64_t r : {5, 6, 9, 10})
    CHECK(row_sum(a, r) == 0.0);
}

TEST_CASE("poisson2d refuses impossible grids", "[generators]") {
  CHECK_THROWS_AS(slae::generators::poisson_2d(0), std::invalid_argument);
  CHECK_THROWS_AS(slae::generators::poisson_2d(50000), std::invalid_argument);
}
