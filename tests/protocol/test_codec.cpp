#include "protocol/codec.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <msgpack.hpp>
#include <random>

#include "tests/support/frame_helpers.hpp"

using namespace slae::protocol;
using slae::test::bytes_of;
using slae::test::round_trip;

TEST_CASE("every message type survives a round trip with its header", "[codec]") {
  FrameBuffer buffer;
  const Header h{42, 7, 123456789012345ULL};
  {
    const Message back = round_trip({h, Ready{4321, 16, "lab-3", "5b1f0e6c"}}, buffer);
    CHECK(back.header.job == 42);
    CHECK(back.header.epoch == 7);
    CHECK(back.header.iteration == 123456789012345ULL);
    const Ready& ready = std::get<Ready>(back.body);
    CHECK(ready.pid == 4321);
    CHECK(ready.cores == 16);
    CHECK(ready.host == "lab-3");
    CHECK(ready.boot_id == "5b1f0e6c");
  }
  std::vector<double> values(1000);
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i] = 1.0 / (i + 1.0);
  const PackedDoubles packed{std::span<const double>(values)};
  const std::vector<double> sums = {0.0, 2.5e-17, 3.0};  // 0.0 and 3.0 go out as integers
  const PackedDoubles packed_sums{std::span<const double>(sums)};
  {
    const Message back = round_trip({h, Iterate{packed}}, buffer);
    CHECK(std::get<Iterate>(back.body).ghost_values.to_vector() == values);
    CHECK(std::get<Exports>(round_trip({h, Exports{packed}}, buffer).body).values.to_vector() ==
          values);
  }
  {
    const Message back = round_trip({h, BlockResult{10, 1010, packed_sums, packed}}, buffer);
    const auto& got = std::get<BlockResult>(back.body);
    CHECK(got.row_begin == 10);
    CHECK(got.row_end == 1010);
    CHECK(got.residual_sq.to_vector() == sums);
    CHECK(got.x_next.to_vector() == values);
  }
  {
    const Message back = round_trip({h, Start{Method::cg, 0.75, packed, packed, 7}}, buffer);
    const auto& got = std::get<Start>(back.body);
    CHECK(got.collect_every == 7);
    CHECK(got.method == Method::cg);
    CHECK(got.omega == 0.75);
    CHECK(got.x0.to_vector() == values);
    CHECK(got.r0.to_vector() == values);
    // a whole-valued omega is packed as an integer by msgpack-c: still read back
    CHECK(std::get<Start>(round_trip({h, Start{Method::jacobi, 1.0, {}, {}}}, buffer).body).omega ==
          1.0);
    CHECK(got.colours.empty());
    CHECK(got.colour_count == 0);
    Start sor{Method::sor, 1.5, packed, {}};
    sor.colours = {0, 1, 1, 2, 0};
    sor.colour_count = 3;
    const Message coloured_back = round_trip({h, sor}, buffer);
    const auto& coloured = std::get<Start>(coloured_back.body);
    CHECK(coloured.method == Method::sor);
    CHECK(coloured.colours == std::vector<std::int32_t>{0, 1, 1, 2, 0});
    CHECK(coloured.colour_count == 3);
  }
  {
    // keep each decoded message alive while its parts are looked at
    const Message direction = round_trip({h, CgDirection{-0.5, packed}}, buffer);
    const auto& d = std::get<CgDirection>(direction.body);
    CHECK(d.beta == -0.5);
    CHECK(d.ghost_values.to_vector() == values);
    CHECK(std::get<CgCurvature>(round_trip({h, CgCurvature{packed_sums}}, buffer).body)
              .pq.to_vector() == sums);
    CHECK(std::get<CgStep>(round_trip({h, CgStep{1e-300}}, buffer).body).alpha == 1e-300);
    const Message residual = round_trip({h, CgResidual{packed_sums, packed_sums, packed}}, buffer);
    const auto& r = std::get<CgResidual>(residual.body);
    CHECK(r.rz.to_vector() == sums);
    CHECK(r.rr.to_vector() == sums);
    CHECK(r.exports.to_vector() == values);
    const Message block_values = round_trip({h, BlockValues{5, 1005, packed}}, buffer);
    const auto& v = std::get<BlockValues>(block_values.body);
    CHECK(v.row_begin == 5);
    CHECK(v.values.to_vector() == values);
  }
  {
    const Message back = round_trip({h, DoubleTask{3, packed}}, buffer);
    CHECK(std::get<DoubleTask>(back.body).chunk == 3);
    CHECK(std::get<DoubleTask>(back.body).values.to_vector() == values);
    CHECK(std::get<DoubleResult>(round_trip({h, DoubleResult{4, {}}}, buffer).body).chunk == 4);
  }
  {
    slae::RowBlock block;
    block.global_rows = 10;
    block.range = {2, 4};
    block.chunk_rows = 2;
    block.row_ptr = {0, 2, 3};
    block.local_col = {0, 2, 1};
    block.values = {4.0, -1.0, 3.0};
    block.inv_diag = {0.25, 1.0 / 3.0};
    block.rhs = {1.0, 2.0};
    block.ghost_cols = {7};
    const Message back = round_trip({h, Setup{5, block, {1}, true, "/proc/1/fd/7"}}, buffer);
    const auto& s = std::get<Setup>(back.body);
    CHECK(s.node_index == 5);
    CHECK(s.block.range == block.range);
    CHECK(s.block.chunk_rows == 2);
    CHECK(s.block.row_ptr == block.row_ptr);
    CHECK(s.block.local_col == block.local_col);
    CHECK(s.block.values == block.values);
    CHECK(s.block.inv_diag == block.inv_diag);
    CHECK(s.block.rhs == block.rhs);
    CHECK(s.block.ghost_cols == block.ghost_cols);
    CHECK(s.exports == std::vector<std::int32_t>{1});
    CHECK(s.early_exports);
    CHECK(s.segment == "/proc/1/fd/7");
    for (const std::string& bad :
         {std::string("no-slash"), std::string("/two/parts"), std::string(300, 'x')}) {
      CAPTURE(bad);
      FrameBuffer out;
      encode({h, Setup{5, block, {1}, true, bad}}, out);
      CHECK_THROWS_AS(decode(bytes_of(out)), ProtocolError);
    }
  }
  CHECK_FALSE(std::get<SetupAck>(round_trip({h, SetupAck{false}}, buffer).body).shared_memory);
  CHECK(std::get<SetupAck>(round_trip({h, SetupAck{true}}, buffer).body).shared_memory);
  CHECK(std::holds_alternative<Collect>(round_trip({h, Collect{}}, buffer).body));
  CHECK(std::get<Heartbeat>(round_trip({h, Heartbeat{}}, buffer).body).interval_ms == 500);
  CHECK(std::get<Heartbeat>(round_trip({h, Heartbeat{10}}, buffer).body).interval_ms == 10);
  CHECK(std::get<Heartbeat>(round_trip({h, Heartbeat{10000}}, buffer).body).interval_ms == 10000);
  for (const std::uint32_t bad : {0u, 9u, 10001u, 4000000000u}) {
    // an interval no broker may set is a malformed heartbeat, not a pace to follow
    CAPTURE(bad);
    FrameBuffer out;
    encode({h, Heartbeat{bad}}, out);
    CHECK_THROWS_WITH(decode(bytes_of(out)),
                      Catch::Contains("interval_ms") && Catch::Contains("out of range"));
  }
  CHECK(std::get<Welcome>(round_trip({h, Welcome{12}}, buffer).body).worker == 12);
  CHECK(std::holds_alternative<Shutdown>(round_trip({h, Shutdown{}}, buffer).body));
  CHECK(std::get<ErrorReport>(round_trip({h, ErrorReport{"bad block"}}, buffer).body).message ==
        "bad block");
}

TEST_CASE("a prefix followed by the trailing vector's bytes is the whole frame", "[codec]") {
  std::vector<double> values = {1.5, -2.25, 1e-300};
  const std::vector<double> sums = {0.5, 0.25};
  const PackedDoubles packed{std::span<const double>(values)};
  const PackedDoubles packed_sums{std::span<const double>(sums)};
  const Header h{1, 2, 3};
  for (const Body& body : std::vector<Body>{
           Iterate{packed}, Exports{packed}, BlockResult{0, 3, packed_sums, packed},
           CgDirection{0.5, packed}, CgResidual{packed_sums, packed_sums, packed},
           BlockValues{0, 3, packed}, DoubleTask{1, packed}, DoubleResult{1, packed}}) {
    CAPTURE(type_name(type_of(body)));
    REQUIRE(trailing_vector(body) != nullptr);
    CHECK(trailing_vector(body)->bytes.data() == packed.bytes.data());
    FrameBuffer whole, prefix;
    encode({h, body}, whole);
    encode_prefix({h, body}, prefix);
    std::vector<char> joined = prefix.bytes;
    joined.insert(joined.end(), reinterpret_cast<const char*>(values.data()),
                  reinterpret_cast<const char*>(values.data() + values.size()));
    CHECK(joined == whole.bytes);
  }
  FrameBuffer out;
  CHECK(trailing_vector(Start{}) == nullptr);  // x0 goes once per solve: copied, never lent
  CHECK_THROWS_AS(encode_prefix({h, Ready{1, 1, {}, {}}}, out), std::logic_error);
  CHECK_THROWS_AS(encode_prefix({h, CgCurvature{packed_sums}}, out), std::logic_error);
}

TEST_CASE("one decoder decodes frame after frame", "[codec]") {
  Decoder decoder;
  FrameBuffer buffer;
  std::vector<double> values(100, 0.5);
  for (std::uint64_t k = 0; k < 50; ++k) {
    encode({{1, 1, k}, Iterate{PackedDoubles(std::span<const double>(values))}}, buffer);
    const Message m = decoder.decode(bytes_of(buffer));
    CHECK(m.header.iteration == k);
    CHECK(std::get<Iterate>(m.body).ghost_values.size() == 100);
  }
  encode({{1, 1, 0}, Ready{1, 1, "h", {}}}, buffer);
  buffer.bytes.push_back(0);  // a bad frame does not spoil the decoder
  CHECK_THROWS_AS(decoder.decode(bytes_of(buffer)), ProtocolError);
  buffer.bytes.pop_back();
  CHECK(std::get<Ready>(decoder.decode(bytes_of(buffer)).body).pid == 1);
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
      {"too few header fields", {0x93, 0x05, 0x08, 0x00}},
      {"wrong version", {0x95, 0x02, 0x08, 0x00, 0x00, 0x00}},
      {"version 3 (before workers said ready)", {0x95, 0x03, 0x08, 0x00, 0x00, 0x00}},
      {"unknown type", {0x95, 0x05, 0x63, 0x00, 0x00, 0x00}},
      {"type 0", {0x95, 0x05, 0x00, 0x00, 0x00, 0x00}},
      {"negative job", {0x95, 0x05, 0x08, 0xff, 0x00, 0x00}},
      {"epoch beyond 32 bits", {0x95, 0x05, 0x08, 0x00, 0xcf, 1, 0, 0, 0, 0, 0, 0, 0, 0x00}},
      {"heartbeat with an extra field", {0x96, 0x05, 0x08, 0x00, 0x00, 0x00, 0x00}},
      {"ready without its fields", {0x95, 0x05, 0x01, 0x00, 0x00, 0x00}},
      {"ready with a string pid",
       {0x99, 0x05, 0x01, 0x00, 0x00, 0x00, 0xa1, 'x', 0x01, 0xa1, 'h', 0xa0}},
      {"ready with a binary host",
       {0x99, 0x05, 0x01, 0x00, 0x00, 0x00, 0x01, 0x01, 0xc4, 0x01, 'h', 0xa0}},
      {"nested array", {0x96, 0x05, 0x01, 0x00, 0x00, 0x00, 0x91, 0x91, 0x01}},
      {"trailing bytes", {0x95, 0x05, 0x08, 0x00, 0x00, 0x00, 0x00}},
      {"bin of 7 bytes as doubles",
       {0x96, 0x05, 0x04, 0x00, 0x00, 0x00, 0xc4, 0x07, 1, 2, 3, 4, 5, 6, 7}},
      {"truncated bin", {0x96, 0x05, 0x04, 0x00, 0x00, 0x00, 0xc4, 0x08, 1, 2}},
      {"start with an unknown method",
       {0x9a, 0x05, 0x0b, 0x00, 0x00, 0x00, 0x09, 0x01, 0xc4, 0x00, 0xc4, 0x00, 0x01}},
      {"start with an integer for x0",
       {0x9a, 0x05, 0x0b, 0x00, 0x00, 0x00, 0x01, 0x01, 0x03, 0xc4, 0x00, 0x01}},
      {"start collecting every 0 iterations",
       {0x9a, 0x05, 0x0b, 0x00, 0x00, 0x00, 0x01, 0x01, 0xc4, 0x00, 0xc4, 0x00, 0x00}},
      {"start without collect_every",
       {0x99, 0x04, 0x0b, 0x00, 0x00, 0x00, 0x01, 0x01, 0xc4, 0x00, 0xc4, 0x00}},
      {"cg_step with a binary alpha", {0x96, 0x04, 0x0f, 0x00, 0x00, 0x00, 0xc4, 0x00}},
      {"type 33", {0x95, 0x04, 0x21, 0x00, 0x00, 0x00}},
  }));
  CAPTURE(label);
  // a frame claiming gigabytes must be refused before anything is allocated: an attempt would
  // surface as std::bad_alloc (or an out-of-memory kill), not as ProtocolError
  CHECK_THROWS_AS(decode(bytes_of(frame)), ProtocolError);
}

TEST_CASE("a start whose colours do not fit its method is refused", "[codec][hostile]") {
  FrameBuffer buffer;
  const auto refused = [&](const Start& start, const std::string& why) {
    encode({{1, 1, 0}, start}, buffer);
    CHECK_THROWS_WITH(decode(bytes_of(buffer)), Catch::Contains(why));
  };
  Start jacobi{Method::jacobi, 1.0, {}, {}};
  jacobi.colour_count = 2;
  refused(jacobi, "a colour count belongs to gauss-seidel and sor alone");
  Start uncounted{Method::gauss_seidel, 1.0, {}, {}};
  uncounted.colours = {0, 0};
  refused(uncounted, "a colour count belongs to gauss-seidel and sor alone");
  Start outside{Method::sor, 1.2, {}, {}};
  outside.colours = {0, 2};
  outside.colour_count = 2;
  refused(outside, "a row's colour is outside the colour count");
  outside.colours = {0, -1};
  refused(outside, "a row's colour is outside the colour count");
  Start too_many{Method::sor, 1.2, {}, {}};
  too_many.colour_count = kMaxColours + 1;
  refused(too_many, "colour_count");
  Start method_five{Method::sor, 1.2, {}, {}};
  method_five.method = static_cast<Method>(5);
  refused(method_five, "start message: field 'method' is out of range");
}

TEST_CASE("text longer than its field allows is cut short on send and refused on receipt",
          "[codec][hostile]") {
  FrameBuffer buffer;
  const std::string long_host(300, 'h');
  encode({{}, Ready{1, 2, long_host, "b"}}, buffer);
  CHECK(std::get<Ready>(decode(bytes_of(buffer)).body).host == long_host.substr(0, kMaxReadyText));
  encode({{}, ErrorReport{std::string(5000, 'e')}}, buffer);
  CHECK(std::get<ErrorReport>(decode(bytes_of(buffer)).body).message.size() == 4096);
  // a sender that is not ours: the same ready, its host whole
  msgpack::sbuffer raw;
  msgpack::packer<msgpack::sbuffer> pk(raw);
  pk.pack_array(9);
  for (const std::uint64_t header : {std::uint64_t{kVersion}, std::uint64_t{1}, std::uint64_t{0},
                                     std::uint64_t{0}, std::uint64_t{0}})
    pk.pack_uint64(header);
  pk.pack_uint64(1);
  pk.pack_uint64(2);
  pk.pack(long_host);
  pk.pack(std::string("b"));
  CHECK_THROWS_WITH(decode(std::as_bytes(std::span(raw.data(), raw.size()))),
                    Catch::Contains("ready message: field 'host' is longer than 255 bytes"));
}

TEST_CASE("a setup naming anything but a shared-memory segment is refused", "[codec][hostile]") {
  FrameBuffer buffer;
  for (const char* name : {"/etc/passwd", "/proc/1/fd/../../etc/shadow", "/proc/self/fd/3"}) {
    CAPTURE(name);
    Setup setup;
    setup.segment = name;
    encode({{1, 0, 0}, setup}, buffer);
    CHECK_THROWS_WITH(decode(std::as_bytes(std::span<const char>(buffer.bytes))),
                      Catch::Contains("segment"));
  }
}

TEST_CASE("random bytes and mutated frames never crash the decoder", "[codec][hostile]") {
  std::mt19937 rng(2026);
  FrameBuffer buffer;
  std::vector<double> values = {1.0, 2.0, 3.0};
  const std::vector<double> sums = {1.5};
  encode({{1, 1, 5},
          BlockResult{0, 3, PackedDoubles(std::span<const double>(sums)),
                      PackedDoubles(std::span<const double>(values))}},
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
      decode(bytes_of(frame));
    } catch (const ProtocolError&) {
      ++rejected;
    }  // any other exception type escapes and fails the test
  }
  CHECK(rejected > 2500);
}

TEST_CASE("peek reads the header decode would, without the body", "[codec]") {
  FrameBuffer buffer;
  const std::vector<double> values(300, 0.25);
  const PackedDoubles packed{std::span<const double>(values)};
  const std::vector<Message> messages = {
      {{7, 3, 0}, Ready{1, 2, "h", "b"}},
      {{1ULL << 40, 70000, 1ULL << 62}, BlockResult{0, 300, packed, packed}},
      {{200, 255, 65536}, Iterate{packed}},
      {{0, 0, 0}, Heartbeat{}},
  };
  for (const Message& m : messages) {
    encode(m, buffer);
    const Peeked p = peek(bytes_of(buffer));
    const Message whole = decode(bytes_of(buffer));
    CHECK(p.type == type_of(whole.body));
    CHECK(p.header.job == whole.header.job);
    CHECK(p.header.epoch == whole.header.epoch);
    CHECK(p.header.iteration == whole.header.iteration);
  }
}

TEST_CASE("peek refuses a header decode would refuse", "[codec][hostile]") {
  const auto [label, frame] = GENERATE(table<std::string, std::vector<unsigned char>>({
      {"empty", {}},
      {"not an array", {0x01}},
      {"four fields", {0x94, 0x04, 0x08, 0x00, 0x00}},
      {"array16 cut short", {0xdc, 0x00}},
      {"wrong version", {0x95, 0x03, 0x08, 0x00, 0x00, 0x00}},
      {"unknown type", {0x95, 0x04, 0x63, 0x00, 0x00, 0x00}},
      {"negative job", {0x95, 0x04, 0x08, 0xff, 0x00, 0x00}},
      {"string job", {0x95, 0x04, 0x08, 0xa1, 'x', 0x00, 0x00}},
      {"uint32 cut short", {0x95, 0x04, 0x08, 0xce, 0x00, 0x01}},
      {"epoch beyond 32 bits", {0x95, 0x04, 0x08, 0x00, 0xcf, 1, 0, 0, 0, 0, 0, 0, 0, 0x00}},
      {"no iteration", {0x95, 0x04, 0x08, 0x00, 0x00}},
  }));
  CAPTURE(label);
  CHECK_THROWS_AS(peek(bytes_of(frame)), ProtocolError);
}
