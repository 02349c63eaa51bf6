#include "solver/system_checks.hpp"

#include <catch2/catch.hpp>

#include "solver/input_error.hpp"
#include "tests/support/small_matrices.hpp"

using slae::test::from_dense;

TEST_CASE("a symmetric matrix has no asymmetric entry", "[checks]") {
  CHECK_FALSE(slae::first_asymmetric_entry(from_dense({{4, 1, 0}, {1, 4, 2}, {0, 2, 4}})));
  CHECK_FALSE(slae::first_asymmetric_entry(slae::test::random_dominant_matrix(30, 0.2, 1, true)));
}

TEST_CASE("the first asymmetric pair is found, a missing mirror included", "[checks]") {
  const auto differ = slae::first_asymmetric_entry(from_dense({{4, 1, 0}, {1, 4, 2}, {0, 3, 4}}));
  REQUIRE(differ);
  CHECK(differ->row == 1);
  CHECK(differ->col == 2);
  CHECK(differ->value == 2);
  CHECK(differ->mirror == 3);
  const auto missing = slae::first_asymmetric_entry(from_dense({{4, 1}, {0, 4}}));
  REQUIRE(missing);
  CHECK(missing->row == 0);
  CHECK(missing->col == 1);
  CHECK(missing->mirror == 0.0);
}

TEST_CASE("diagonal dominance is by rows and strict", "[checks]") {
  CHECK_FALSE(slae::first_row_not_diagonally_dominant(from_dense({{3, 1}, {1, 3}})));
  CHECK(*slae::first_row_not_diagonally_dominant(from_dense({{3, 1}, {3, 3}})) == 1);
}

TEST_CASE("a zero or missing diagonal is refused naming the row", "[checks]") {
  slae::CooMatrix zero{2, 2, {{0, 0, 1.0}, {1, 1, 2.0}, {1, 1, -2.0}}};  // duplicates sum to 0
  CHECK_THROWS_WITH(slae::require_nonzero_diagonal(zero), Catch::Contains("row 2 has a zero"));
  slae::CooMatrix missing{2, 2, {{0, 0, 1.0}, {1, 0, 2.0}}};
  CHECK_THROWS_WITH(slae::require_nonzero_diagonal(missing), Catch::Contains("row 2 has no"));
}
