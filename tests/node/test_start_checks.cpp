// node/start_checks.cpp: the faults a stationary worker finds in what it is sent, worded the
// same for Jacobi and Gauss-Seidel/SOR.
#include "node/start_checks.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

using namespace slae;
using namespace slae::node;

namespace {

RowBlock block_of_three_rows_and_two_ghosts() {
  RowBlock b;
  b.global_rows = 10;
  b.range = {4, 7};
  b.ghost_cols = {1, 9};
  return b;
}

}  // namespace

TEST_CASE("a weight is taken only inside (0, 2)", "[start_checks]") {
  CHECK_NOTHROW(check_weight(1e-9));
  CHECK_NOTHROW(check_weight(1.999));
  for (const double omega : {0.0, 2.0, -1.0, 2.5}) {
    CAPTURE(omega);
    CHECK_THROWS_AS(check_weight(omega), std::invalid_argument);
  }
  CHECK_THROWS_WITH(check_weight(2.0), "omega 2.000000 is outside (0, 2)");
}

TEST_CASE("a start's x0 is empty or one value per row of the block", "[start_checks]") {
  const RowBlock b = block_of_three_rows_and_two_ghosts();
  const std::vector<double> three{1, 2, 3}, four{1, 2, 3, 4};
  CHECK_NOTHROW(check_start_x0(protocol::PackedDoubles(), b));
  CHECK_NOTHROW(check_start_x0(protocol::PackedDoubles(std::span<const double>(three)), b));
  CHECK_THROWS_WITH(check_start_x0(protocol::PackedDoubles(std::span<const double>(four)), b),
                    "x0 holds 4 values for a block of 3 rows");
}

TEST_CASE("an iterate carries one value per ghost column", "[start_checks]") {
  const RowBlock b = block_of_three_rows_and_two_ghosts();
  const std::vector<double> two{1, 2}, three{1, 2, 3};
  protocol::Iterate m;
  m.ghost_values = protocol::PackedDoubles(std::span<const double>(two));
  CHECK_NOTHROW(check_ghost_count(m, b));
  m.ghost_values = protocol::PackedDoubles(std::span<const double>(three));
  CHECK_THROWS_WITH(check_ghost_count(m, b), "iterate carries 3 ghost values, expected 2");
}
