// The messages between customers and the broker (protocol/codec_decode_customer.cpp), encoded
// and decoded again.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "protocol/codec.hpp"

using namespace slae::protocol;

namespace {

std::span<const std::byte> bytes(const FrameBuffer& b) {
  return {reinterpret_cast<const std::byte*>(b.bytes.data()), b.bytes.size()};
}

Message round_trip(const Message& m, FrameBuffer& buffer) {
  encode(m, buffer);
  return decode(bytes(buffer));
}

}  // namespace

TEST_CASE("the customers' messages survive a round trip", "[codec]") {
  FrameBuffer buffer;
  const std::vector<double> v = {1.5, -2.0, 1e-300};
  const PackedDoubles packed{std::span<const double>(v)};
  {
    Submit s;
    s.kind = JobKind::solve;
    s.rows = 900;
    s.nnz = 7744;
    s.nodes = 3;
    s.methods = {1, 2};
    s.omega = 0.8;
    s.tolerance = 1e-10;
    s.max_iterations = 5000;
    s.with_exact = true;
    s.error_history = false;
    s.share_memory = true;
    const Submit back = std::get<Submit>(round_trip({{}, s}, buffer).body);
    CHECK(back.rows == 900);
    CHECK(back.nnz == 7744);
    CHECK(back.nodes == 3);
    CHECK(back.methods == std::vector<std::uint8_t>{1, 2});
    CHECK(back.omega == 0.8);
    CHECK(back.tolerance == 1e-10);
    CHECK(back.max_iterations == 5000);
    CHECK(back.with_exact);
    CHECK_FALSE(back.error_history);
  }
  {
    const std::vector<std::int64_t> row_ptr = {0, 1, 3};
    const std::vector<std::int32_t> cols = {0, 0, 1};
    encode({{5, 0, 0},
            JobData{std::as_bytes(std::span(row_ptr)),
                    std::as_bytes(std::span(cols)),
                    packed,
                    packed,
                    {}}},
           buffer);
    const Message m = decode(bytes(buffer));
    const auto& d = std::get<JobData>(m.body);
    CHECK(m.header.job == 5);
    CHECK(d.row_ptr.size() == 24);
    CHECK(d.col_idx.size() == 12);
    CHECK(d.values.to_vector() == v);
    CHECK(d.exact.size() == 0);
  }
  {
    MethodResult r;
    r.method = 1;
    r.outcome = 2;
    r.iterations = 41;
    r.relative_residual = 7e-9;
    r.recursive_residual = std::numeric_limits<double>::quiet_NaN();
    r.note = "fine";
    r.residual_history = packed;
    r.stale_messages_dropped = 12;
    r.x = packed;
    encode({{5, 0, 41}, r}, buffer);
    const auto back = std::get<MethodResult>(decode(bytes(buffer)).body);
    CHECK(back.iterations == 41);
    CHECK(back.stale_messages_dropped == 12);
    CHECK(std::isnan(back.recursive_residual));
    CHECK(back.note == "fine");
    CHECK(back.x.to_vector() == v);
    CHECK(back.error_history.size() == 0);
  }
  {
    const JobEventNote e{0, 1, 104, 1.5, 0, "heartbeat", "node 2 (pid 7) went silent"};
    const auto back = std::get<JobEventNote>(round_trip({{5, 0, 0}, e}, buffer).body);
    CHECK(back.kind == 0);
    CHECK(back.method == 1);
    CHECK(back.iteration == 104);
    CHECK(back.seconds == 1.5);
    CHECK(back.how == "heartbeat");
    CHECK(back.detail == e.detail);
    JobEventNote unknown = e;
    unknown.kind = 4;  // no such kind
    encode({{5, 0, 0}, unknown}, buffer);
    CHECK_THROWS_AS(decode(bytes(buffer)), ProtocolError);
  }
  {
    JobStarted d;
    d.parts = {0, 450, 3900, 30, 30, 7, 450, 900, 3844, 30, 30, 8};
    d.chunk_rows = 1;
    const auto back = std::get<JobStarted>(round_trip({{5, 0, 0}, d}, buffer).body);
    CHECK(back.parts == d.parts);
    d.parts.pop_back();  // not 6 per part
    encode({{5, 0, 0}, d}, buffer);
    CHECK_THROWS_AS(decode(bytes(buffer)), ProtocolError);
  }
  {
    const std::string json(10000, 'x');  // beyond a string field's 4096 bytes
    CHECK(std::get<Status>(round_trip({{}, Status{json}}, buffer).body).json == json);
    CHECK(std::get<CancelReply>(
              round_trip({{3, 0, 0}, CancelReply{true, "job 3 cancelled"}}, buffer).body)
              .text == "job 3 cancelled");
    CHECK(std::get<JobFailed>(
              round_trip({{3, 0, 0}, JobFailed{5, "node 1 went silent"}}, buffer).body)
              .exit_code == 5);
  }
}
