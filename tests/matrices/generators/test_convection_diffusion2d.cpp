#include "matrices/generators/convection_diffusion2d.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "matrices/generators/poisson2d.hpp"
#include "tests/support/csr_entries.hpp"

using slae::generators::convection_diffusion_2d;
using slae::test::entry;
using slae::test::row_sum;

TEST_CASE("convection-diffusion: upwind stencil on a 4 x 4 grid", "[generators]") {
  // h = 1/5, so Peclet 10 gives p h = 2: 8 on the diagonal, -3 upwind, -1 downwind, all exact
  const slae::CsrMatrix a = convection_diffusion_2d(4, 10.0);
  REQUIRE(a.rows == 16);
  REQUIRE(a.cols == 16);
  CHECK(a.nnz() == 5 * 16 - 4 * 4);
  CHECK(slae::test::columns_increase(a));
  CHECK_FALSE(slae::test::exactly_symmetric(a));
  for (std::int64_t r = 0; r < a.rows; ++r)
    CHECK(entry(a, r, r) == 8.0);
  // the interior point (1,1) = row 5: west 4 and south 1 upwind, east 6 and north 9 downwind
  CHECK(entry(a, 5, 4) == -3.0);
  CHECK(entry(a, 5, 1) == -3.0);
  CHECK(entry(a, 5, 6) == -1.0);
  CHECK(entry(a, 5, 9) == -1.0);
  CHECK(entry(a, 4, 5) == -1.0);  // so a(4,5) != a(5,4)
  for (const std::int64_t r : {5, 6, 9, 10})
    CHECK(row_sum(a, r) == 0.0);
}

TEST_CASE("convection-diffusion: Peclet 0 is the Poisson matrix", "[generators]") {
  const slae::CsrMatrix a = convection_diffusion_2d(5, 0.0);
  const slae::CsrMatrix p = slae::generators::poisson_2d(5, 4.0);
  CHECK(a.col_idx == p.col_idx);
  CHECK(a.values == p.values);
  CHECK(slae::test::exactly_symmetric(a));
}

TEST_CASE("convection-diffusion refuses impossible grids and Peclet numbers", "[generators]") {
  CHECK_THROWS_AS(convection_diffusion_2d(0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(convection_diffusion_2d(50000, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(convection_diffusion_2d(3, -1.0), std::invalid_argument);
  CHECK_THROWS_AS(convection_diffusion_2d(3, std::nan("")), std::invalid_argument);
}
