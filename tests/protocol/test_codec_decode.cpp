// The messages between customers and the broker, encoded and decoded again (protocol/codec.cpp
// and codec_decode.cpp, which read them from their layouts).
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "protocol/codec.hpp"
#include "tests/support/frame_helpers.hpp"

using namespace slae::protocol;
using slae::test::bytes_of;
using slae::test::round_trip;

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
    CHECK(back.checkpoint_every == 0);
    CHECK_FALSE(back.resume);
    s.checkpoint_every = 25;
    s.resume = true;
    s.resume_iteration = 300;
    const Submit resumed = std::get<Submit>(round_trip({{}, s}, buffer).body);
    CHECK(resumed.checkpoint_every == 25);
    CHECK(resumed.resume);
    CHECK(resumed.resume_iteration == 300);
    CHECK(resumed.omegas.empty());
    s.methods = {3, 4};
    s.omegas = {0.5, 1.25, 1.9};
    const Submit sweep = std::get<Submit>(round_trip({{}, s}, buffer).body);
    CHECK(sweep.methods == std::vector<std::uint8_t>{3, 4});
    CHECK(sweep.omegas == std::vector<double>{0.5, 1.25, 1.9});
    s.omegas.assign(kMaxSweepWeights + 1, 1.0);
    encode({{}, s}, buffer);
    CHECK_THROWS_WITH(
        decode(bytes_of(buffer)),
        Catch::Contains("submit message: field 'omegas' has more than 1000 elements"));
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
    const Message m = decode(bytes_of(buffer));
    const auto& d = std::get<JobData>(m.body);
    CHECK(m.header.job == 5);
    CHECK(d.row_ptr.size() == 24);
    CHECK(d.col_idx.size() == 12);
    CHECK(d.values.to_vector() == v);
    CHECK(d.exact.size() == 0);
    CHECK(d.resume_x.size() == 0);
    JobData going_on{
        std::as_bytes(std::span(row_ptr)), std::as_bytes(std::span(cols)), packed, packed, {}};
    going_on.resume_beta = 0.25;
    going_on.resume_best = std::numeric_limits<double>::infinity();
    going_on.resume_restarts = 2;
    going_on.resume_fruitless = 1;
    going_on.resume_history = packed;
    going_on.resume_r = packed;
    going_on.resume_p = packed;
    going_on.resume_x = packed;
    const auto back = std::get<JobData>(round_trip({{5, 0, 0}, going_on}, buffer).body);
    CHECK(back.resume_beta == 0.25);
    CHECK(std::isinf(back.resume_best));
    CHECK(back.resume_restarts == 2);
    CHECK(back.resume_fruitless == 1);
    CHECK(back.resume_history.to_vector() == v);
    CHECK(back.resume_r.to_vector() == v);
    CHECK(back.resume_p.to_vector() == v);
    CHECK(back.resume_x.to_vector() == v);
  }
  {
    JobCheckpoint c;
    c.method = 0;
    c.beta = 0.5;
    c.best = 1e-3;
    c.restarts = 1;
    c.history = packed;
    c.r = packed;
    c.p = packed;
    c.x = packed;
    const Message m = round_trip({{5, 0, 40}, c}, buffer);
    CHECK(m.header.iteration == 40);
    const auto& back = std::get<JobCheckpoint>(m.body);
    CHECK(back.beta == 0.5);
    CHECK(back.best == 1e-3);
    CHECK(back.restarts == 1);
    CHECK(back.fruitless == 0);
    CHECK(back.history.to_vector() == v);
    CHECK(back.x.to_vector() == v);
    CHECK(std::string(type_name(MessageType::job_checkpoint)) == "job_checkpoint");
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
    r.lambda_min = 1e-3;
    r.lambda_max = 1.9;
    r.spectrum_iterations = 40;
    r.rows_per_colour = {450, 450};
    r.x = packed;
    encode({{5, 0, 41}, r}, buffer);
    const auto back = std::get<MethodResult>(decode(bytes_of(buffer)).body);
    CHECK(back.iterations == 41);
    CHECK(back.stale_messages_dropped == 12);
    CHECK(back.lambda_min == 1e-3);
    CHECK(back.lambda_max == 1.9);
    CHECK(back.spectrum_iterations == 40);
    CHECK(back.rows_per_colour == std::vector<std::int64_t>{450, 450});
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
    CHECK_THROWS_AS(decode(bytes_of(buffer)), ProtocolError);
    // a loss while the blocks were shipped belongs to no solve yet
    JobEventNote shipping = e;
    shipping.method = -1;
    CHECK(std::get<JobEventNote>(round_trip({{5, 0, 0}, shipping}, buffer).body).method == -1);
    shipping.method = -2;
    encode({{5, 0, 0}, shipping}, buffer);
    CHECK_THROWS_AS(decode(bytes_of(buffer)), ProtocolError);
  }
  {
    JobStarted d;
    d.parts = {0, 450, 3900, 30, 30, 7, 450, 900, 3844, 30, 30, 8};
    d.chunk_rows = 1;
    d.queued_seconds = 1.875;
    const auto back = std::get<JobStarted>(round_trip({{5, 0, 0}, d}, buffer).body);
    CHECK(back.parts == d.parts);
    CHECK(back.queued_seconds == 1.875);
    d.parts.pop_back();  // not 6 per part
    encode({{5, 0, 0}, d}, buffer);
    CHECK_THROWS_AS(decode(bytes_of(buffer)), ProtocolError);
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
  {
    const auto back = std::get<Cancel>(
        round_trip({{3, 0, 0}, Cancel{CancelHow::interrupted, "SIGINT"}}, buffer).body);
    CHECK(back.how == CancelHow::interrupted);
    CHECK(back.by == "SIGINT");
    CHECK(std::get<Cancel>(
              round_trip({{3, 0, 0}, Cancel{CancelHow::command, "alice@lab3"}}, buffer).body)
              .by == "alice@lab3");
    // no third way to cancel
    encode({{3, 0, 0}, Cancel{static_cast<CancelHow>(2), ""}}, buffer);
    CHECK_THROWS_AS(decode(bytes_of(buffer)), ProtocolError);
  }
  {
    const auto back =
        std::get<JobQueued>(round_trip({{9, 0, 0}, JobQueued{2, 3, 4, 5}}, buffer).body);
    CHECK(back.position == 2);
    CHECK(back.length == 3);
    CHECK(back.busy == 4);
    CHECK(back.workers == 5);
  }
}
