#include "protocol/codec.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <random>

using namespace slae::protocol;

namespace {

std::span<const std::byte> bytes(const FrameBuffer& b) {
  return {reinterpret_cast<const std::byte*>(b.bytes.data()), b.bytes.size()};
}
std::span<const std::byte> bytes(const std::vector<unsigned char>& b) {
  return {reinterpret_cast<const std::byte*>(b.data()), b.size()};
}

Message round_trip(const Message& m, FrameBuffer& buffer) {
  encode(m, buffer);
  return decode(bytes(buffer));
}

}  // namespace

TEST_CASE("every message type survives a round trip with its header", "[codec]") {
  FrameBuffer buffer;
  const Header h{42, 7, 123456789012345ULL};
  {
    const Message back = round_trip({h, Hello{4321}}, buffer);
    CHECK(back.header.job == 42);
    CHECK(back.header.epoch == 7);
    CHECK(back.header.iteration == 123456789012345ULL);
    CHECK(std::get<Hello>(back.body).pid == 4321);
  }
  std::vector<double> values(1000);
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i] = 1.0 / (i + 1.0);
  {
    const Message back =
        round_trip({h, Iterate{PackedDoubles(std::span<const double>(values))}}, buffer);
    CHECK(std::get<Iterate>(back.body).ghost_values.to_vector() == values);
  }
  {
    BlockResult r{10, 1010, 0.0, PackedDoubles(std::span<const double>(values))};
    const Message back = round_trip({h, r}, buffer);
    const auto& got = std::get<BlockResult>(back.body);
    CHECK(got.row_begin == 10);
    CHECK(got.row_end == 1010);
    CHECK(got.residual_sq == 0.0);  // packed by msgpack-c as an integer: still read back
    CHECK(got.x_next.to_vector() == values);
    r.residual_sq = 2.5e-17;
    CHECK(std::get<BlockResult>(round_trip({h, r}, buffer).body).residual_sq == 2.5e-17);
  }
  {
    const Message back =
        round_trip({h, DoubleTask{3, PackedDoubles(std::span<const double>(values))}}, buffer);
    CHECK(std::get<DoubleTask>(back.body).chunk == 3);
    CHECK(std::get<DoubleTask>(back.body).values.to_vector() == values);
    CHECK(std::get<DoubleResult>(round_trip({h, DoubleResult{4, {}}}, buffer).body).chunk == 4);
  }
  {
    slae::RowBlock block;
    block.global_rows = 10;
    block.range = {2, 4};
    block.row_ptr = {0, 2, 3};
    block.local_col = {0, 2, 1};
    block.values = {4.0, -1.0, 3.0};
    block.inv_diag = {0.25, 1.0 / 3.0};
    block.rhs = {1.0, 2.0};
    block.ghost_cols = {7};
    const Message back = round_trip({h, Setup{5, block}}, buffer);
    const auto& s = std::get<Setup>(back.body);
    CHECK(s.node_index == 5);
    CHECK(s.block.range == block.range);
    CHECK(s.block.row_ptr == block.row_ptr);
    CHECK(s.block.local_col == block.local_col);
    CHECK(s.block.values == block.values);
    CHECK(s.block.inv_diag == block.inv_diag);
    CHECK(s.block.rhs == block.rhs);
    CHECK(s.block.ghost_cols == block.ghost_cols);
  }
  CHECK(std::holds_alternative<SetupAck>(round_trip({h, SetupAck{}}, buffer).body));
  CHECK(std::holds_alternative<Heartbeat>(round_trip({h, Heartbeat{}}, buffer).body));
  CHECK(std::holds_alternative<Shutdown>(round_trip({h, Shutdown{}}, buffer).body));
  CHECK(std::get<ErrorReport>(round_trip({h, ErrorReport{"bad block"}}, buffer).body).message ==
        "bad block");
}

TEST_CASE("hostile frames throw ProtocolError and never anything else", "[codec][hostile]") {
  const auto [label, frame] = GENERATE(table<std::string, std::vector<unsigned char>>({
      {"empty", {}},
      {"array claiming 4 billion elements", {0xdd, 0xff, 0xff, 0xff, 0xff}},
      {"map claiming 4 billion pairs", {0xdf, 0xff, 0xff, 0xff, 0xff}},
      {"bin claiming 4 GB", {0xc6, 0xff, 0xff, 0xff, 0xff}},
      {"str claiming 4 GB", {0xdb, 0xff, 0xff, 0xff, 0xff}},
      {"not an array", {0x01}},
      {"map at the top", {0x81, 0x01, 0x02}},
      {"too few header fields", {0x93, 0x01, 0x08, 0x00}},
      {"wrong version", {0x95, 0x02, 0x08, 0x00, 0x00, 0x00}},
      {"unknown type", {0x95, 0x01, 0x63, 0x00, 0x00, 0x00}},
      {"type 0", {0x95, 0x01, 0x00, 0x00, 0x00, 0x00}},
      {"negative job", {0x95, 0x01, 0x08, 0xff, 0x00, 0x00}},
      {"epoch beyond 32 bits", {0x95, 0x01, 0x08, 0x00, 0xcf, 1, 0, 0, 0, 0, 0, 0, 0, 0x00}},
      {"heartbeat with an extra field", {0x96, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00}},
      {"hello without its pid", {0x95, 0x01, 0x01, 0x00, 0x00, 0x00}},
      {"hello with a string pid", {0x96, 0x01, 0x01, 0x00, 0x00, 0x00, 0xa1, 'x'}},
      {"nested array", {0x96, 0x01, 0x01, 0x00, 0x00, 0x00, 0x91, 0x91, 0x01}},
      {"trailing bytes", {0x95, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00}},
      {"bin of 7 bytes as doubles",
       {0x96, 0x01, 0x04, 0x00, 0x00, 0x00, 0xc4, 0x07, 1, 2, 3, 4, 5, 6, 7}},
      {"truncated bin", {0x96, 0x01, 0x04, 0x00, 0x00, 0x00, 0xc4, 0x08, 1, 2}},
  }));
  CAPTURE(label);
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(decode(bytes(frame)), ProtocolError);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));  // no giant allocation
}

TEST_CASE("random bytes and mutated frames never crash the decoder", "[codec][hostile]") {
  std::mt19937 rng(2026);
  FrameBuffer buffer;
  std::vector<double> values = {1.0, 2.0, 3.0};
  encode({{1, 1, 5}, BlockResult{0, 3, 1.5, PackedDoubles(std::span<const double>(values))}},
         buffer);
  const std::vector<unsigned char> valid(buffer.bytes.begin(), buffer.bytes.end());
  int rejected = 0;
  for (int trial = 0; trial < 5000; ++trial) {
    std::vector<unsigned char> frame;
    if (trial % 2 == 0) {
      frame.resize(rng() % 64);
      for (auto& b : frame)
        b = static_cast<unsigned char>(rng());
    } else {
      frame = valid;
      frame[rng() % frame.size()] = static_cast<unsigned char>(rng());
      if (rng() % 4 == 0) frame.resize(rng() % frame.size());
    }
    try {
      decode(bytes(frame));
    } catch (const ProtocolError&) {
      ++rejected;
    }  // any other exception type escapes and fails the test
  }
  CHECK(rejected > 2500);
}
