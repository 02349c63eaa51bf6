#include "coordinator/iteration_gather.hpp"

#include <catch2/catch.hpp>

#include "coordinator/cluster_error.hpp"

using slae::coordinator::ClusterError;
using slae::coordinator::IterationGather;
using slae::protocol::BlockResult;
using slae::protocol::PackedDoubles;

namespace {
BlockResult reply(std::int64_t begin, const std::vector<double>& values, double residual_sq) {
  return BlockResult{begin, begin + static_cast<std::int64_t>(values.size()), residual_sq,
                     PackedDoubles(std::span<const double>(values))};
}
}  // namespace

TEST_CASE("blocks land at their row range whatever the arrival order", "[gather]") {
  IterationGather gather(slae::RowPartition({0, 2, 3, 6}));
  std::vector<double> x(6, -1.0);
  gather.begin(4, x);
  const std::vector<double> b2 = {5, 6, 7}, b0 = {1, 2}, b1 = {3};
  CHECK(gather.accept(2, 4, reply(3, b2, 0.5)) == IterationGather::Verdict::accepted);
  CHECK_FALSE(gather.complete());
  gather.accept(0, 4, reply(0, b0, 0.25));
  gather.accept(1, 4, reply(2, b1, 1.0));
  CHECK(gather.complete());
  CHECK(x == std::vector<double>{1, 2, 3, 5, 6, 7});
  CHECK(gather.residual_sq() == 1.75);
}

TEST_CASE("stale replies are ignored; bad ones name the node", "[gather]") {
  IterationGather gather(slae::RowPartition({0, 2, 4}));
  std::vector<double> x(4);
  gather.begin(3, x);
  const std::vector<double> two = {1, 2}, three = {1, 2, 3};
  CHECK(gather.accept(0, 2, reply(0, two, 0)) == IterationGather::Verdict::stale);
  CHECK_FALSE(gather.complete());
  CHECK_THROWS_WITH(gather.accept(1, 4, reply(2, two, 0)), Catch::Contains("node 1"));
  CHECK_THROWS_AS(gather.accept(1, 3, reply(0, two, 0)), ClusterError);  // wrong rows
  BlockResult short_reply = reply(2, two, 0);
  short_reply.x_next = PackedDoubles(std::span<const double>(three));
  CHECK_THROWS_AS(gather.accept(1, 3, short_reply), ClusterError);  // wrong length
  gather.accept(1, 3, reply(2, two, 0));
  CHECK_THROWS_WITH(gather.accept(1, 3, reply(2, two, 0)), Catch::Contains("twice"));
  CHECK_THROWS_AS(gather.accept(7, 3, reply(2, two, 0)), ClusterError);
}
