#include "tests/regression/regression_expectations.hpp"

#include <catch2/catch.hpp>

using slae::test::expectation_changes;
using slae::test::ExpectationFiles;

namespace {
const std::string kJson = "{\n  \"iterations\": 7,\n  \"relative_residual\": 1.5e-16\n}\n";
const std::string kX = "%%MatrixMarket matrix array real general\n3 1\n1\n1\n1\n";
}  // namespace

TEST_CASE("recorded files that an update would write again byte for byte are not stale",
          "[regression-expectations]") {
  CHECK(expectation_changes("a.cg", {kJson, kX}, {kJson, kX}).empty());
  CHECK(expectation_changes("a.cg", {kJson, std::nullopt}, {kJson, std::nullopt}).empty());
}

TEST_CASE("a recorded field an update would rewrite is stale, with both values",
          "[regression-expectations]") {
  const std::string now = "{\n  \"iterations\": 7,\n  \"relative_residual\": 1.6e-16\n}\n";
  const auto changes = expectation_changes("LFAT5.cg", {kJson, kX}, {now, kX});
  REQUIRE(changes.size() == 1);
  CHECK(changes[0] ==
        "an update would change expected/LFAT5.cg.json: relative_residual 1.5e-16 -> 1.6e-16");

  const std::string fewer = "{\n  \"iterations\": 7\n}\n";
  CHECK(expectation_changes("a.cg", {kJson, kX}, {fewer, kX}) ==
        std::vector<std::string>{
            "an update would change expected/a.cg.json: relative_residual 1.5e-16 -> (none)"});
  CHECK(expectation_changes("a.cg", {kJson + " ", kX}, {kJson, kX}) ==
        std::vector<std::string>{"an update would change expected/a.cg.json: the same values, "
                                 "written differently"});
  CHECK(expectation_changes("a.cg", {"{", kX}, {kJson, kX}) ==
        std::vector<std::string>{"an update would change expected/a.cg.json: it is not the JSON "
                                 "object an update writes"});
}

TEST_CASE("a solution an update would change or write or remove is stale",
          "[regression-expectations]") {
  const std::string moved =
      "%%MatrixMarket matrix array real general\n3 1\n1\n0.99999999999999989\n1\n";
  CHECK(expectation_changes("a.jacobi", {kJson, kX}, {kJson, moved}) ==
        std::vector<std::string>{"an update would change expected/a.jacobi.x.mtx: first at line "
                                 "4: 1 -> 0.99999999999999989"});
  CHECK(expectation_changes("a.jacobi", {kJson, kX}, {kJson, kX + "1\n"}) ==
        std::vector<std::string>{
            "an update would change expected/a.jacobi.x.mtx: first at line 6: (none) -> 1"});
  CHECK(expectation_changes("a.jacobi", {kJson, kX}, {kJson, std::nullopt}) ==
        std::vector<std::string>{"an update would remove expected/a.jacobi.x.mtx"});
  CHECK(expectation_changes("a.jacobi", {kJson, std::nullopt}, {kJson, kX}) ==
        std::vector<std::string>{"an update would write expected/a.jacobi.x.mtx"});
}
