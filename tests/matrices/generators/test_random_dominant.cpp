#include "matrices/generators/random_dominant.hpp"

#include <catch2/catch.hpp>

#include "solver/system_checks.hpp"

using slae::generators::random_diagonally_dominant;

TEST_CASE("random-dominant: distinct sorted columns, strictly dominant, not symmetric",
          "[generators]") {
  const slae::CsrMatrix a = random_diagonally_dominant(500, 9, 7);
  REQUIRE(a.rows == 500);
  CHECK(a.nnz() == 500 * 10);
  CHECK_FALSE(slae::first_row_not_diagonally_dominant(a).has_value());
  bool symmetric = true;
  for (std::int64_t r = 0; r < a.rows; ++r) {
    bool has_diagonal = false;
    for (std::int64_t k = a.row_ptr[r]; k < a.row_ptr[r + 1]; ++k) {
      if (k > a.row_ptr[r]) CHECK(a.col_idx[k] > a.col_idx[k - 1]);
      has_diagonal = has_diagonal || a.col_idx[k] == r;
      if (a.col_idx[k] != r) {
        CHECK(std::abs(a.values[k]) >= 0.001);
        CHECK(std::abs(a.values[k]) <= 0.999);
      }
      // is (col, r) stored with the same value?
      const std::int64_t c = a.col_idx[k];
      bool mirrored = false;
      for (std::int64_t m = a.row_ptr[c]; m < a.row_ptr[c + 1]; ++m)
        mirrored = mirrored || (a.col_idx[m] == r && a.values[m] == a.values[k]);
      symmetric = symmetric && mirrored;
    }
    CHECK(has_diagonal);
  }
  CHECK_FALSE(symmetric);
}

TEST_CASE("random-dominant: the seed alone decides the matrix", "[generators]") {
  const slae::CsrMatrix a = random_diagonally_dominant(300, 5, 42);
  const slae::CsrMatrix b = random_diagonally_dominant(300, 5, 42);
  const slae::CsrMatrix c = random_diagonally_dominant(300, 5, 43);
  CHECK(a.col_idx == b.col_idx);
  CHECK(a.values == b.values);
  CHECK(a.col_idx != c.col_idx);
  // a known value pins the generator itself: changing it changes every benchmark matrix
  CHECK(random_diagonally_dominant(10, 3, 1).col_idx[0] == 0);
}

TEST_CASE("random-dominant refuses impossible sizes", "[generators]") {
  CHECK_THROWS_AS(random_diagonally_dominant(0, 1, 1), std::invalid_argument);
  CHECK_THROWS_AS(random_diagonally_dominant(5, 5, 1), std::invalid_argument);
  CHECK_THROWS_AS(random_diagonally_dominant(5, -1, 1), std::invalid_argument);
}
