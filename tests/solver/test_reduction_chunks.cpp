#include "solver/reduction_chunks.hpp"

#include <catch2/catch.hpp>
#include <vector>

using slae::ReductionChunks;

TEST_CASE("the chunk size depends on n alone and gives 1024..2048 chunks", "[reduction]") {
  CHECK(ReductionChunks::for_rows(1).chunk_rows() == 1);
  CHECK(ReductionChunks::for_rows(2047).chunk_rows() == 1);
  CHECK(ReductionChunks::for_rows(2048).chunk_rows() == 2);
  CHECK(ReductionChunks::for_rows(1000000).chunk_rows() == 512);
  for (const std::int64_t n : {2048, 5000, 99999, 1000000, 2147483647}) {
    CAPTURE(n);
    const ReductionChunks c = ReductionChunks::for_rows(n);
    CHECK(c.count() >= 1024);
    CHECK(c.count() <= 2048);
  }
}

TEST_CASE("chunks cover the rows, alignment follows chunk boundaries", "[reduction]") {
  const ReductionChunks c(10, 4);
  CHECK(c.count() == 3);
  CHECK(c.chunk(0) == slae::RowRange{0, 4});
  CHECK(c.chunk(2) == slae::RowRange{8, 10});
  CHECK_THROWS(c.chunk(3));
  CHECK(c.aligned({0, 4}));
  CHECK(c.aligned({4, 10}));
  CHECK_FALSE(c.aligned({2, 4}));
  CHECK_FALSE(c.aligned({0, 6}));
  CHECK(c.first_chunk({4, 10}) == 1);
  CHECK(c.chunks_in({4, 10}) == 2);
  CHECK_THROWS_AS(ReductionChunks(0, 1), std::invalid_argument);
}

TEST_CASE("a sum of squares in chunks is the same whatever the cuts between chunks",
          "[reduction]") {
  // values of wildly different magnitudes, so that the order of addition shows in the bits
  std::vector<double> v(1000);
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = (i % 7 == 0 ? 1e8 : 1e-3) * (1.0 + static_cast<double>(i) / 3.0);
  const std::int64_t chunk = 16;
  const double whole = slae::chunked_sum_of_squares(v, chunk);
  // two "nodes" cut at a chunk boundary each report their chunk sums
  std::vector<double> partials;
  for (const std::size_t cut : {std::size_t{0}, std::size_t{480}}) {
    const std::size_t end = cut == 0 ? 480 : v.size();
    for (std::size_t b = cut; b < end; b += chunk) {
      double s = 0.0;
      for (std::size_t i = b; i < std::min(end, b + chunk); ++i)
        s += v[i] * v[i];
      partials.push_back(s);
    }
  }
  CHECK(slae::sum_in_order(partials) == whole);
  // while a plain sum of per-node totals differs in the last bits
  double node0 = 0.0, node1 = 0.0;
  for (std::size_t i = 0; i < 480; ++i)
    node0 += v[i] * v[i];
  for (std::size_t i = 480; i < v.size(); ++i)
    node1 += v[i] * v[i];
  CHECK(node0 + node1 != whole);
}
