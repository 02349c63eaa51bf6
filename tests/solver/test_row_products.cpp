#include "solver/row_products.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "solver/row_block.hpp"
#include "solver/system_checks.hpp"
#include "tests/support/small_matrices.hpp"

using slae::test::random_dominant_matrix;

namespace {

// a block of rows [begin, end) of a 30-row matrix, reduction chunks of 4 rows, and its local x
struct BlockAndX {
  slae::CsrMatrix a;
  slae::RowBlock block;
  std::vector<double> global_x;
  std::vector<double> local_x;  ///< [own rows | ghosts]
};

BlockAndX block_of(std::int64_t begin, std::int64_t end) {
  const int n = 30;
  BlockAndX s;
  s.a = random_dominant_matrix(n, 0.3, 11);
  const auto inv = slae::inverted_diagonal(s.a);
  std::vector<double> b(n, 1.0);
  s.block = slae::make_row_block(s.a, inv, b, {begin, end}, 4);
  for (int i = 0; i < n; ++i)
    s.global_x.push_back(std::sin(1.3 * i) + 0.25);
  for (std::int64_t i = begin; i < end; ++i)
    s.local_x.push_back(s.global_x[static_cast<std::size_t>(i)]);
  for (const std::int64_t c : s.block.ghost_cols)
    s.local_x.push_back(s.global_x[static_cast<std::size_t>(c)]);
  return s;
}

// a_i . x the plain way, over the global matrix: entries in column order, left to right
double global_row_product(const slae::CsrMatrix& a, const std::vector<double>& x, std::int64_t i) {
  double sum = 0.0;
  for (std::int64_t k = a.row_ptr[i]; k < a.row_ptr[i + 1]; ++k)
    sum += a.values[k] * x[static_cast<std::size_t>(a.col_idx[k])];
  return sum;
}

}  // namespace

TEST_CASE("a block's row product is the global row's, to the last bit, ghosts and all",
          "[row_products]") {
  const BlockAndX s = block_of(8, 20);
  REQUIRE(!s.block.ghost_cols.empty());
  for (std::int64_t i = 0; i < s.block.rows(); ++i) {
    CAPTURE(i);
    CHECK(slae::row_product(s.block, s.local_x.data(), i) ==
          global_row_product(s.a, s.global_x, 8 + i));
  }
}

TEST_CASE("chunked row products visit every row once, in order, and sum each chunk in order",
          "[row_products]") {
  const BlockAndX s = block_of(8, 30);  // 22 rows: chunks of 4, 4, 4, 4, 4 and 2
  REQUIRE(s.block.chunks() == 6);
  std::vector<double> sums(static_cast<std::size_t>(s.block.chunks()), -1.0);
  std::vector<std::int64_t> visited;
  slae::chunked_row_products(s.block, s.local_x.data(), sums, [&](std::int64_t i, double product) {
    visited.push_back(i);
    CHECK(product == global_row_product(s.a, s.global_x, 8 + i));
    return product * product + 1.0;
  });
  std::vector<std::int64_t> every_row;
  for (std::int64_t i = 0; i < 22; ++i)
    every_row.push_back(i);
  CHECK(visited == every_row);
  for (std::int64_t c = 0; c < 6; ++c) {
    double want = 0.0;
    for (std::int64_t i = 4 * c; i < std::min<std::int64_t>(22, 4 * c + 4); ++i) {
      const double p = global_row_product(s.a, s.global_x, 8 + i);
      want += p * p + 1.0;
    }
    CAPTURE(c);
    CHECK(sums[static_cast<std::size_t>(c)] == want);
  }
}
