#include "coordinator/broker/rate_limited_log.hpp"

#include <catch2/catch.hpp>
#include <vector>

using slae::coordinator::RateLimitedLog;
using namespace std::chrono_literals;

TEST_CASE("a flood of events makes a line at first and then one per interval", "[log]") {
  std::vector<std::string> lines;
  RateLimitedLog log("dropped a bad frame", [&](const std::string& l) { lines.push_back(l); });
  const auto t0 = RateLimitedLog::Clock::time_point{} + 1h;
  for (int i = 0; i < 100000; ++i)  // 100,000 frames over 2.5 s
    log.note("frame " + std::to_string(i), t0 + std::chrono::microseconds(25 * i));
  log.flush();
  CHECK(log.total() == 100000);
  REQUIRE(lines.size() == 4);  // the first, after 1 s, after 2 s, and the rest at the end
  CHECK(lines[0] == "dropped a bad frame: frame 0");
  CHECK_THAT(lines[1], Catch::StartsWith("dropped a bad frame, 40000 more times (40001 in all)"));
  CHECK_THAT(lines[3], Catch::EndsWith("(100000 in all); the latest: frame 99999"));
}

TEST_CASE("nothing unreported means no line at the end", "[log]") {
  std::vector<std::string> lines;
  RateLimitedLog log("x", [&](const std::string& l) { lines.push_back(l); });
  log.flush();
  CHECK(lines.empty());
  log.note("once");
  log.flush();
  CHECK(lines.size() == 1);
}
