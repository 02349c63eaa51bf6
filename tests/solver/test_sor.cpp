#include "solver/sor.hpp"

#include <catch2/catch.hpp>

#include "solver/multicolour.hpp"
#include "solver/system_checks.hpp"
#include "tests/support/small_matrices.hpp"

namespace {

slae::RowBlock whole_block(const slae::CsrMatrix& a, const std::vector<double>& b,
                           std::int64_t chunk_rows = 1) {
  return slae::make_row_block(a, slae::inverted_diagonal(a), b, {0, a.rows}, chunk_rows);
}

}  // namespace

TEST_CASE("one colour's step updates only its rows, from the values as they stand", "[sor]") {
  // rows 0 and 2 (colour 0) couple to row 1 (colour 1) only
  const auto a = slae::test::from_dense({{4, -1, 0}, {-1, 4, -1}, {0, -1, 4}});
  const std::vector<double> b = {3, 2, 3};
  const slae::RowBlock block = whole_block(a, b);
  std::vector<double> x = {0, 0, 0};
  slae::sor_colour_step(block, std::vector<std::int32_t>{0, 2}, x, 1.0);
  CHECK(x == std::vector<double>{0.75, 0, 0.75});
  slae::sor_colour_step(block, std::vector<std::int32_t>{1}, x, 1.0);
  CHECK(x == std::vector<double>{0.75, (2 + 0.75 + 0.75) / 4, 0.75});  // the new neighbours
  // SOR: x_i + omega * r_i / a_ii
  std::vector<double> y = {1, 1, 1};
  slae::sor_colour_step(block, std::vector<std::int32_t>{1}, y, 1.5);
  CHECK(y[1] == Approx(1 + 1.5 * (2 - 2) / 4));
  std::vector<double> z = {0, 0, 0};
  slae::sor_colour_step(block, std::vector<std::int32_t>{0}, z, 1.5);
  CHECK(z[0] == Approx(1.5 * 3 / 4));
}

TEST_CASE("the first colour's step measures the residual of x before it changes it", "[sor]") {
  const auto a = slae::test::random_dominant_matrix(40, 0.1, 3);
  std::vector<double> b(40);
  for (std::size_t i = 0; i < b.size(); ++i)
    b[i] = 1.0 + static_cast<double>(i % 7);
  const slae::RowBlock block = whole_block(a, b, 8);
  const slae::MulticolourOrdering o = slae::colour_greedily(a);
  const auto rows = slae::rows_by_colour(o.colour, o.colours());
  std::vector<double> x(40);
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = 0.1 * static_cast<double>(i % 5);
  std::vector<double> ax(40);
  a.multiply(x, ax);
  std::vector<double> sums(static_cast<std::size_t>(block.chunks())), scratch(40);
  std::vector<double> stepped = x;
  slae::sor_colour_step(block, rows[0], stepped, 1.0, sums, scratch);
  for (std::size_t c = 0; c < sums.size(); ++c) {
    double expected = 0.0;
    for (std::size_t i = c * 8; i < (c + 1) * 8; ++i)
      expected += (b[i] - ax[i]) * (b[i] - ax[i]);
    CHECK(sums[c] == Approx(expected).epsilon(1e-12));
  }
  // and its updates are bit for bit those of the step without the residual
  std::vector<double> plain = x;
  slae::sor_colour_step(block, rows[0], plain, 1.0);
  CHECK(plain == stepped);
}

TEST_CASE("a colour step refuses buffers that do not fit the block", "[sor]") {
  const auto a = slae::test::from_dense({{2, 0}, {0, 2}});
  const slae::RowBlock block = whole_block(a, {1, 1});
  std::vector<double> short_x(1), x(2), sums(2), scratch(2);
  CHECK_THROWS_AS(slae::sor_colour_step(block, std::vector<std::int32_t>{0}, short_x, 1.0),
                  std::invalid_argument);
  CHECK_THROWS_AS(slae::sor_colour_step(block, std::vector<std::int32_t>{2}, x, 1.0),
                  std::invalid_argument);
  std::vector<double> one(1);
  CHECK_THROWS_AS(slae::sor_colour_step(block, std::vector<std::int32_t>{0}, x, 1.0, one, scratch),
                  std::invalid_argument);
}
