#include "protocol/payload_buffer.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <utility>

using slae::protocol::PayloadBuffer;

TEST_CASE("a payload buffer holds its values aligned, zeroed, with headroom in front",
          "[payload]") {
  PayloadBuffer buffer(1000);
  REQUIRE(buffer.size() == 1000);
  const auto values = buffer.values();
  REQUIRE(values.size() == 1000);
  CHECK(reinterpret_cast<std::uintptr_t>(values.data()) % 64 == 0);
  for (const double v : values)
    CHECK(v == 0.0);
  // the frame starts exactly `prefix` bytes before the values
  std::byte* start = buffer.frame_start(17);
  CHECK(start + 17 == reinterpret_cast<std::byte*>(values.data()));
  CHECK_THROWS_AS(buffer.frame_start(PayloadBuffer::kHeadroom + 1), std::logic_error);
}

TEST_CASE("lent to ZeroMQ, a buffer is in flight until its free callback runs", "[payload]") {
  PayloadBuffer buffer(8);
  CHECK_FALSE(buffer.in_flight());
  void* hint = buffer.lend();
  CHECK(buffer.in_flight());
  CHECK_THROWS_AS(buffer.lend(), std::logic_error);  // never two frames over the same bytes
  PayloadBuffer::release(nullptr, hint);
  CHECK_FALSE(buffer.in_flight());
  buffer.wait_until_free();  // returns at once
  PayloadBuffer::release(nullptr, buffer.lend());
}

TEST_CASE("a buffer destroyed while lent keeps its memory until ZeroMQ lets go", "[payload]") {
  void* hint = nullptr;
  {
    PayloadBuffer buffer(4);
    buffer.values()[3] = 42.0;
    hint = buffer.lend();
  }  // the owner is gone; ZeroMQ still reads the frame
  // (under AddressSanitizer a premature free would show here or in release)
  PayloadBuffer::release(nullptr, hint);
}

TEST_CASE("moving a buffer moves its storage", "[payload]") {
  PayloadBuffer a(16);
  a.values()[0] = 1.5;
  PayloadBuffer b(std::move(a));
  CHECK(b.size() == 16);
  CHECK(b.values()[0] == 1.5);
  CHECK(a.size() == 0);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  CHECK(a.values().empty());
  PayloadBuffer c;
  c = std::move(b);
  CHECK(c.values()[0] == 1.5);
}
