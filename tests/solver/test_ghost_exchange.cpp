#include "solver/ghost_exchange.hpp"

#include <catch2/catch.hpp>

using slae::GhostExchange;

TEST_CASE("exports, sources and runs of a three-node exchange", "[exchange]") {
  // rows 0..3 | 4..7 | 8..11
  const slae::RowPartition partition({0, 4, 8, 12});
  const std::vector<std::vector<std::int64_t>> ghosts = {
      {4, 9},         // node 0 needs row 4 (node 1) and row 9 (node 2)
      {3, 8},         // node 1 needs row 3 (node 0) and row 8 (node 2)
      {0, 3, 5, 7}};  // node 2 needs rows 0, 3 (node 0) and 5, 7 (node 1)
  const GhostExchange x(partition, ghosts);
  CHECK(x.exports(0) == std::vector<std::int32_t>{0, 3});
  CHECK(x.exports(1) == std::vector<std::int32_t>{0, 1, 3});
  CHECK(x.exports(2) == std::vector<std::int32_t>{0, 1});
  CHECK(x.source_rows(2) == std::vector<std::int32_t>{0, 3, 1, 3});
  CHECK(x.source_exports(2) == std::vector<std::int32_t>{0, 1, 1, 2});
  REQUIRE(x.runs(2).size() == 2);
  CHECK(x.runs(2)[0].owner == 0);
  CHECK(x.runs(2)[0].first == 0);
  CHECK(x.runs(2)[0].last == 2);
  CHECK(x.runs(2)[1].owner == 1);
  CHECK(x.owners(0) == std::vector<int>{1, 2});
  CHECK(x.consumers(0) == std::vector<int>{1, 2});
  CHECK(x.consumers(2) == std::vector<int>{0, 1});
  CHECK(x.ghost_count(2) == 4);
}

TEST_CASE("early exports only when they are a small part of the block", "[exchange]") {
  const slae::RowPartition partition({0, 100, 200});
  const GhostExchange few(partition, {{100}, {99}});
  CHECK(few.early_exports(0));
  CHECK(few.early_exports(1));
  std::vector<std::int64_t> many;
  for (std::int64_t r = 100; r < 160; ++r)
    many.push_back(r);
  const GhostExchange lots(partition, {many, {}});
  CHECK_FALSE(lots.early_exports(1));  // 60 of 100 rows exported
  CHECK_FALSE(lots.early_exports(0));  // exports nothing
}

TEST_CASE("a ghost inside its own block or outside the matrix is refused", "[exchange]") {
  const slae::RowPartition partition({0, 2, 4});
  CHECK_THROWS_AS(GhostExchange(partition, {{1}, {}}), std::invalid_argument);
  CHECK_THROWS_AS(GhostExchange(partition, {{4}, {}}), std::invalid_argument);
  CHECK_THROWS_AS(GhostExchange(partition, {{}}), std::invalid_argument);
}
