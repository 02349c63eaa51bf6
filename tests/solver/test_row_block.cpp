#include "solver/row_block.hpp"

#include <catch2/catch.hpp>

#include "solver/system_checks.hpp"
#include "tests/support/small_matrices.hpp"

TEST_CASE("a row block keeps global column order and numbers ghosts after its rows", "[block]") {
  const slae::CsrMatrix a =
      slae::test::from_dense({{4, 1, 0, 1}, {1, 4, 1, 0}, {0, 1, 4, 1}, {1, 0, 1, 4}});
  const std::vector<double> b = {1, 2, 3, 4};
  const slae::RowBlock block = slae::make_row_block(a, slae::inverted_diagonal(a), b, {2, 4}, 2);
  CHECK(block.ghost_cols == std::vector<std::int64_t>{0, 1});
  // row 2: cols 1, 2, 3 -> ghost 1 (local 3), own 0, own 1; row 3: cols 0, 2, 3
  CHECK(block.local_col == std::vector<std::int32_t>{3, 0, 1, 2, 0, 1});
  CHECK(block.rhs == std::vector<double>{3, 4});
  CHECK(block.chunks() == 1);
  CHECK_NOTHROW(block.validate());
}

TEST_CASE("blocks must lie on reduction chunk boundaries", "[block]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(10, 0.3, 1);
  const auto inv = slae::inverted_diagonal(a);
  const std::vector<double> b(10, 1.0);
  CHECK_NOTHROW(slae::make_row_block(a, inv, b, {4, 10}, 4));  // ends at n
  CHECK_THROWS_AS(slae::make_row_block(a, inv, b, {2, 8}, 4), std::invalid_argument);
  slae::RowBlock block = slae::make_row_block(a, inv, b, {4, 8}, 4);
  block.chunk_rows = 3;  // as a hostile setup message might claim
  CHECK_THROWS_AS(block.validate(), std::invalid_argument);
}

TEST_CASE("validate refuses inconsistent blocks", "[block]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(8, 0.4, 2);
  const std::vector<double> b(8, 1.0);
  const slae::RowBlock good = slae::make_row_block(a, slae::inverted_diagonal(a), b, {0, 4});
  REQUIRE_NOTHROW(good.validate());
  auto broken = good;
  broken.rhs.pop_back();
  CHECK_THROWS_AS(broken.validate(), std::invalid_argument);
  broken = good;
  if (!broken.local_col.empty())
    broken.local_col.back() = static_cast<std::int32_t>(good.local_size());
  CHECK_THROWS_AS(broken.validate(), std::invalid_argument);
  broken = good;
  broken.row_ptr[1] = broken.row_ptr[2] + 1;
  CHECK_THROWS_AS(broken.validate(), std::invalid_argument);
}
