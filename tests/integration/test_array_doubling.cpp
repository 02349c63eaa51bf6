// The smoke test of the machinery: chunks out to nodes, doubled, glued back in order.
#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>

#include "process_runner.hpp"

using namespace slae::test;

TEST_CASE("doubling 1..7 on 3 nodes prints the doubled list", "[integration][double]") {
  const RunResult r = run({binary("coordinator"), "--double", "1,2,3,4,5,6,7", "--nodes", "3"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "2,4,6,8,10,12,14\n");
}

TEST_CASE("replies arriving out of order are glued back in order", "[integration][double]") {
  // node i delays each reply by (3 - 1 - i) * 150 ms, so chunk 0 (on node 0) arrives last
  const RunResult r = run({binary("coordinator"), "--double", "1,2,3,4,5,6,7", "--nodes", "3",
                           "--test-stagger-ms", "150", "--verbose"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == "2,4,6,8,10,12,14\n");
  std::smatch m;
  REQUIRE(std::regex_search(r.err, m, std::regex("chunks arrived in the order ([0-9,]+)")));
  std::vector<int> order;
  for (const auto& part : lines(std::regex_replace(m[1].str(), std::regex(","), "\n"))) {
    order.push_back(std::stoi(part));
  }
  REQUIRE(order.size() == 3);
  CHECK_FALSE(std::is_sorted(order.begin(), order.end()));
}

TEST_CASE("a long list is cut into more chunks than nodes and comes back in order",
          "[integration][double]") {
  std::string list, expected;
  for (int i = 0; i < 20000; ++i) {
    if (i) list += ',', expected += ',';
    list += std::to_string(i - 7000);
    expected += std::to_string(2 * (i - 7000));
  }
  const RunResult r = run({binary("coordinator"), "--double", list, "--nodes", "3", "--verbose"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == expected + "\n");
  std::smatch m;
  REQUIRE(std::regex_search(r.err, m, std::regex("chunks arrived in the order ([0-9,]+)")));
  CHECK(std::count(m[1].first, m[1].second, ',') + 1 > 3);
}

TEST_CASE("a bad item exits 2 naming it", "[integration][double]") {
  const RunResult r = run({binary("coordinator"), "--double", "1,x,3", "--nodes", "2"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("item 2 ('x')"));
}
