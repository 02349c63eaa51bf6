#include "matrices/generators/poisson1d.hpp"

#include <catch2/catch.hpp>

#include "tests/support/csr_entries.hpp"

using slae::generators::poisson_1d;
using slae::test::entry;
using slae::test::row_sum;

TEST_CASE("poisson1d: the (-1, 2, -1) matrix on 5 points", "[generators]") {
  const slae::CsrMatrix a = poisson_1d(5);
  REQUIRE(a.rows == 5);
  REQUIRE(a.cols == 5);
  CHECK(a.nnz() == 3 * 5 - 2);  // the two end points miss one neighbour each
  CHECK(slae::test::columns_increase(a));
  CHECK(slae::test::exactly_symmetric(a));
  for (std::int64_t i = 0; i < 5; ++i) {
    CHECK(entry(a, i, i) == 2.0);
    if (i > 0) CHECK(entry(a, i, i - 1) == -1.0);
    if (i + 1 < 5) CHECK(entry(a, i, i + 1) == -1.0);
  }
  CHECK(entry(a, 0, 2) == 0.0);
  // the interior rows sum to 0; each end row keeps the 1 of its missing neighbour
  CHECK(row_sum(a, 0) == 1.0);
  for (std::int64_t i = 1; i < 4; ++i)
    CHECK(row_sum(a, i) == 0.0);
  CHECK(row_sum(a, 4) == 1.0);
}

TEST_CASE("poisson1d: --diagonal and the smallest grids", "[generators]") {
  const slae::CsrMatrix a = poisson_1d(4, 2.5);
  for (std::int64_t i = 0; i < 4; ++i)
    CHECK(entry(a, i, i) == 2.5);
  CHECK(slae::test::exactly_symmetric(a));

  const slae::CsrMatrix one = poisson_1d(1);
  REQUIRE(one.rows == 1);
  CHECK(one.nnz() == 1);
  CHECK(entry(one, 0, 0) == 2.0);

  const slae::CsrMatrix two = poisson_1d(2);
  CHECK(two.nnz() == 4);
  CHECK(entry(two, 1, 0) == -1.0);
}

TEST_CASE("poisson1d refuses impossible grids", "[generators]") {
  CHECK_THROWS_AS(poisson_1d(0), std::invalid_argument);
  CHECK_THROWS_AS(poisson_1d(-3), std::invalid_argument);
}
