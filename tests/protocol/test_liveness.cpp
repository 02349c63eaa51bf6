#include "protocol/liveness.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using slae::protocol::zmtp_ttl;

TEST_CASE("a ZMTP ping asks for five intervals, in the tenths of a second it can carry",
          "[liveness]") {
  CHECK(zmtp_ttl(500ms) == 2500ms);
  CHECK(zmtp_ttl(100ms) == 500ms);
  CHECK(zmtp_ttl(50ms) == 300ms);  // 250 ms rounded up: never less than five beats
  CHECK(zmtp_ttl(10ms) == 100ms);  // 50 ms: a tenth at least, since none would mean no limit
  CHECK(zmtp_ttl(10000ms) == 50000ms);
}
