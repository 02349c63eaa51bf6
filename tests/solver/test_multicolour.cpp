#include "solver/multicolour.hpp"

#include <catch2/catch.hpp>

#include "matrices/generators/poisson1d.hpp"
#include "matrices/generators/poisson2d.hpp"
#include "matrices/generators/poisson3d.hpp"
#include "tests/support/small_matrices.hpp"

namespace {

// No stored entry a_ij (i != j) joins two rows of one colour.
bool proper(const slae::CsrMatrix& a, const slae::MulticolourOrdering& o) {
  for (std::int64_t i = 0; i < a.rows; ++i) {
    for (std::int64_t k = a.row_ptr[i]; k < a.row_ptr[i + 1]; ++k) {
      const std::int32_t j = a.col_idx[k];
      if (j != i && o.colour[static_cast<std::size_t>(i)] == o.colour[static_cast<std::size_t>(j)])
        return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("the 5-point Poisson matrix gets the red-black colouring", "[multicolour]") {
  const int grid = 7;
  const slae::MulticolourOrdering o = slae::colour_greedily(slae::generators::poisson_2d(grid));
  REQUIRE(o.colours() == 2);
  for (int i = 0; i < grid; ++i) {
    for (int j = 0; j < grid; ++j)
      CHECK(o.colour[static_cast<std::size_t>(i * grid + j)] == (i + j) % 2);
  }
  CHECK(o.rows_per_colour == std::vector<std::int64_t>{25, 24});
  CHECK(slae::describe(o) == "2 colours (red-black: 25 + 24 rows)");
}

TEST_CASE("1D and 3D Poisson grids are two-coloured too", "[multicolour]") {
  const slae::CsrMatrix line = slae::generators::poisson_1d(9);
  const slae::CsrMatrix cube = slae::generators::poisson_3d(5);
  CHECK(slae::colour_greedily(line).colours() == 2);
  const slae::MulticolourOrdering o = slae::colour_greedily(cube);
  CHECK(o.colours() == 2);
  CHECK(proper(cube, o));
}

TEST_CASE("a random matrix is coloured properly, deterministically, with pattern of A and A^T",
          "[multicolour]") {
  // nonsymmetric pattern: a_ij stored without a_ji still couples i and j
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(200, 0.03, 7);
  const slae::MulticolourOrdering o = slae::colour_greedily(a);
  CHECK(proper(a, o));
  CHECK(o.colours() > 2);
  CHECK(slae::colour_greedily(a).colour == o.colour);
  std::int64_t total = 0;
  for (const std::int64_t n : o.rows_per_colour) {
    CHECK(n > 0);
    total += n;
  }
  CHECK(total == 200);
  // the greedy rule: each row takes the smallest colour its earlier neighbours leave free, so
  // row 0 is colour 0 and a row of colour c > 0 has an earlier neighbour of each colour below c
  CHECK(o.colour[0] == 0);
}

TEST_CASE("a coupling only above the diagonal separates the rows", "[multicolour]") {
  // row 0 couples to row 2 only through a_02; a_20 is not stored
  const slae::CsrMatrix a = slae::test::from_dense({{2, 0, 1}, {0, 2, 0}, {0, 0, 2}});
  const slae::MulticolourOrdering o = slae::colour_greedily(a);
  CHECK(o.colour == std::vector<std::int32_t>{0, 0, 1});
  CHECK(slae::describe(o) == "2 colours (red-black: 2 + 1 rows)");
}

TEST_CASE("a diagonal matrix needs one colour", "[multicolour]") {
  const slae::MulticolourOrdering o =
      slae::colour_greedily(slae::test::from_dense({{1, 0}, {0, 3}}));
  CHECK(o.colours() == 1);
  CHECK(slae::describe(o) == "1 colour (2 rows)");
}

TEST_CASE("rows_by_colour lists each colour's rows ascending and refuses a bad colour",
          "[multicolour]") {
  const auto rows = slae::rows_by_colour({1, 0, 1, 2, 0}, 3);
  CHECK(rows == std::vector<std::vector<std::int32_t>>{{1, 4}, {0, 2}, {3}});
  CHECK_THROWS_WITH(slae::rows_by_colour({0, 3}, 3), "row 1 has colour 3, outside 0..2");
  CHECK_THROWS_WITH(slae::rows_by_colour({-1}, 3), "row 0 has colour -1, outside 0..2");
}
