#include "solver/row_partition.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using slae::RowPartition;

TEST_CASE("uniform blocks differ by at most one row and cover every row", "[partition]") {
  const auto [rows, parts] = GENERATE(table<int, int>({{10, 3}, {7, 7}, {1, 1}, {100, 8}, {9, 2}}));
  const RowPartition p = RowPartition::uniform(rows, parts);
  REQUIRE(p.parts() == parts);
  std::int64_t next = 0, smallest = rows, largest = 0;
  for (int i = 0; i < parts; ++i) {
    CHECK(p.block(i).begin == next);
    next = p.block(i).end;
    smallest = std::min(smallest, p.block(i).size());
    largest = std::max(largest, p.block(i).size());
  }
  CHECK(next == rows);
  CHECK(largest - smallest <= 1);
  CHECK(smallest >= 1);
}

TEST_CASE("invalid part counts are refused", "[partition]") {
  CHECK_THROWS_AS(RowPartition::uniform(3, 4), std::invalid_argument);
  CHECK_THROWS_AS(RowPartition::uniform(3, 0), std::invalid_argument);
  CHECK_THROWS_AS(RowPartition({0, 2, 2}), std::invalid_argument);
}

TEST_CASE("owner finds the block of a row", "[partition]") {
  const RowPartition p({0, 3, 4, 10});
  CHECK(p.owner(0) == 0);
  CHECK(p.owner(2) == 0);
  CHECK(p.owner(3) == 1);
  CHECK(p.owner(9) == 2);
  CHECK_THROWS(p.owner(10));
}

namespace {
// n rows; the first `dense` rows hold `width` entries, the others one (the diagonal).
slae::CsrMatrix skewed(std::int64_t n, std::int64_t dense, std::int64_t width) {
  slae::CooMatrix coo{n, n, {}};
  for (std::int64_t r = 0; r < n; ++r) {
    const std::int64_t w = r < dense ? width : 1;
    for (std::int64_t k = 0; k < w; ++k)
      coo.entries.push_back({r, (r + k) % n, 1.0});
  }
  return slae::CsrMatrix::from_coo(coo);
}
}  // namespace

TEST_CASE("balanced_by_nnz evens out the work when a few rows are dense", "[partition]") {
  const slae::CsrMatrix a = skewed(1000, 10, 500);  // 10 rows hold 5000 of ~6000 entries
  const int parts = GENERATE(2, 3, 8);
  const RowPartition p = RowPartition::balanced_by_nnz(a, parts);
  REQUIRE(p.parts() == parts);
  const auto work = [&](const slae::RowRange& r) {
    return a.row_ptr[r.end] - a.row_ptr[r.begin] + r.size();
  };
  const std::int64_t total = a.nnz() + a.rows;
  std::int64_t largest = 0;
  for (int i = 0; i < parts; ++i) {
    CHECK(p.block(i).size() >= 1);
    largest = std::max(largest, work(p.block(i)));
  }
  // no block exceeds its share by more than one row's work (rows cannot be split)
  CHECK(largest <= total / parts + 501);
  // a uniform split would give the first block nearly everything
  CHECK(work(RowPartition::uniform(a.rows, parts).block(0)) > largest);
}

TEST_CASE("balanced_by_nnz with as many parts as rows gives one row each", "[partition]") {
  const slae::CsrMatrix a = skewed(5, 1, 5);
  const RowPartition p = RowPartition::balanced_by_nnz(a, 5);
  for (int i = 0; i < 5; ++i)
    CHECK(p.block(i).size() == 1);
}

TEST_CASE("balanced_by_nnz with a granule cuts only between whole granules", "[partition]") {
  const slae::CsrMatrix a = skewed(1000, 10, 500);
  const int parts = GENERATE(1, 2, 3, 8);
  const std::int64_t granule = GENERATE(1, 4, 64);
  CAPTURE(parts, granule);
  const RowPartition p = RowPartition::balanced_by_nnz(a, parts, granule);
  REQUIRE(p.parts() == parts);
  CHECK(p.rows() == 1000);
  for (int i = 0; i < parts; ++i) {
    CHECK(p.block(i).begin % granule == 0);
    CHECK(p.block(i).size() >= 1);
  }
  // the balance is as good as whole granules allow
  const auto work = [&](const slae::RowRange& r) {
    return a.row_ptr[r.end] - a.row_ptr[r.begin] + r.size();
  };
  std::int64_t largest = 0;
  for (int i = 0; i < parts; ++i)
    largest = std::max(largest, work(p.block(i)));
  CHECK(largest <= (a.nnz() + a.rows) / parts + 500 * granule + granule);
}

TEST_CASE("balanced_by_nnz refuses more parts than granules", "[partition]") {
  const slae::CsrMatrix a = skewed(10, 1, 2);
  CHECK_NOTHROW(RowPartition::balanced_by_nnz(a, 3, 4));  // granules [0,4) [4,8) [8,10)
  CHECK_THROWS_AS(RowPartition::balanced_by_nnz(a, 4, 4), std::invalid_argument);
  CHECK_THROWS_AS(RowPartition::balanced_by_nnz(a, 2, 0), std::invalid_argument);
}
