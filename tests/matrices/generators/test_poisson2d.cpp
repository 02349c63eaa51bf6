#include "matrices/generators/poisson2d.hpp"

#include <catch2/catch.hpp>

namespace {
double at(const slae::CsrMatrix& a, std::int64_t r, std::int64_t c) {
  for (std::int64_t k = a.row_ptr[r]; k < a.row_ptr[r + 1]; ++k) {
    if (a.col_idx[k] == c) return a.values[k];
  }
  return 0.0;
}
}  // namespace

TEST_CASE("poisson2d: the 5-point stencil on a 3 x 3 grid", "[generators]") {
  const slae::CsrMatrix a = slae::generators::poisson_2d(3, 4.5);
  REQUIRE(a.rows == 9);
  REQUIRE(a.cols == 9);
  CHECK(a.nnz() == 5 * 9 - 4 * 3);  // every point, minus the missing neighbours on the edges
  // the centre (1,1) = row 4 couples to rows 1, 3, 5, 7
  CHECK(a.row_ptr[5] - a.row_ptr[4] == 5);
  CHECK(at(a, 4, 4) == 4.5);
  for (const int n : {1, 3, 5, 7})
    CHECK(at(a, 4, n) == -1.0);
  // a corner has two neighbours; (0,2) and (1,0) are not neighbours
  CHECK(a.row_ptr[1] - a.row_ptr[0] == 3);
  CHECK(at(a, 2, 3) == 0.0);
  for (std::int64_t r = 0; r < a.rows; ++r) {
    for (std::int64_t k = a.row_ptr[r]; k < a.row_ptr[r + 1]; ++k) {
      if (k > a.row_ptr[r]) CHECK(a.col_idx[k] > a.col_idx[k - 1]);  // CSR order
      CHECK(at(a, a.col_idx[k], r) == a.values[k]);                  // symmetric
    }
  }
}

TEST_CASE("poisson2d refuses impossible grids", "[generators]") {
  CHECK_THROWS_AS(slae::generators::poisson_2d(0), std::invalid_argument);
  CHECK_THROWS_AS(slae::generators::poisson_2d(50000), std::invalid_argument);
}
