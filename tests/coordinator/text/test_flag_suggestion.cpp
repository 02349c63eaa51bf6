#include "coordinator/text/flag_suggestion.hpp"

#include <catch2/catch.hpp>

using slae::coordinator::nearest_flag;

namespace {
const std::vector<std::string> kFlags = {"--matrix", "--rhs",    "--max-iter", "--method",
                                         "--omega",  "--tol",    "--nodes",    "--output",
                                         "--plot",   "--plot-x", "--history"};
}

TEST_CASE("a mistyped flag gets the nearest known one", "[flags]") {
  CHECK(nearest_flag("--max-iters", kFlags) == "--max-iter");
  CHECK(nearest_flag("--maxiter", kFlags) == "--max-iter");
  CHECK(nearest_flag("--methd", kFlags) == "--method");
  CHECK(nearest_flag("--node", kFlags) == "--nodes");
  CHECK(nearest_flag("--histroy", kFlags) == "--history");
  CHECK(nearest_flag("--hist", kFlags) == "--history");  // the only flag it begins
}

TEST_CASE("a flag far from every known one gets no suggestion", "[flags]") {
  CHECK_FALSE(nearest_flag("--bogus", kFlags));
  CHECK_FALSE(nearest_flag("--verbose-mode", kFlags));
  CHECK_FALSE(nearest_flag("--p", kFlags));  // a prefix of two flags, and too short anyway
}
