#include "node/node_session.hpp"

#include <catch2/catch.hpp>

#include "protocol/codec.hpp"
#include "protocol/shared_segment.hpp"
#include "solver/system_checks.hpp"
#include "tests/support/frame_helpers.hpp"
#include "tests/support/recording_sink.hpp"
#include "tests/support/small_matrices.hpp"

using namespace slae::protocol;
using slae::test::packed_view;
using slae::test::RecordingSink;

namespace {

// A node set up with rows 0..1 of a 4 x 4 tridiagonal matrix (job 1, setup epoch 0).
struct SetUpNode {
  slae::CsrMatrix a =
      slae::test::from_dense({{4, -1, 0, 0}, {-1, 4, -1, 0}, {0, -1, 4, -1}, {0, 0, -1, 4}});
  std::vector<double> b = {1, 2, 3, 4};
  slae::node::NodeSession session;
  RecordingSink sink;
  SetUpNode() {
    session.handle(
        {{1, 0, 0},
         Setup{0, slae::make_row_block(a, slae::inverted_diagonal(a), b, {0, 2}), {1}, false, ""}},
        sink);
    REQUIRE(std::holds_alternative<SetupAck>(sink.last().body));
    sink.clear();
  }
  std::string last_error() const { return sink.last_as<ErrorReport>().message; }
};

}  // namespace

TEST_CASE("setup, start and iterate: a session runs Jacobi on its block", "[node]") {
  SetUpNode node;
  node.session.handle({{1, 1, 0}, Start{}}, node.sink);
  CHECK(node.sink.size() == 0);  // start is not answered
  const std::vector<double> ghost = {0.0};
  node.session.handle({{1, 1, 0}, Iterate{packed_view(ghost)}}, node.sink);
  const auto result = node.sink.last_as<BlockResult>();
  CHECK(result.x_next.to_vector() == std::vector<double>{0.25, 0.5});  // x_1 = D^-1 b
  node.session.handle({{1, 1, 1}, Collect{}}, node.sink);
  CHECK(node.sink.last_as<BlockValues>().values.to_vector() == std::vector<double>{0.25, 0.5});
}

TEST_CASE("a new start is a new epoch, the old epoch's messages are refused", "[node]") {
  SetUpNode node;
  node.session.handle({{1, 1, 0}, Start{}}, node.sink);
  node.session.handle({{1, 2, 0}, Start{Method::cg, 1.0, {}, {}}}, node.sink);
  CHECK(node.sink.size() == 0);
  const std::vector<double> ghost = {0.0};
  node.session.handle({{1, 1, 0}, Iterate{packed_view(ghost)}}, node.sink);
  CHECK_THAT(node.last_error(), Catch::Contains("epoch"));
  node.session.handle({{1, 2, 0}, Iterate{packed_view(ghost)}}, node.sink);
  CHECK_THAT(node.last_error(), Catch::Contains("not Jacobi"));
  node.session.handle({{1, 2, 0}, CgStep{0.0}}, node.sink);
  CHECK(std::holds_alternative<CgResidual>(node.sink.last().body));
  node.session.handle({{1, 2, 0}, Start{}}, node.sink);  // not after the current epoch
  CHECK_THAT(node.last_error(), Catch::Contains("epoch 2"));
}

TEST_CASE("a release of its job drops the block, another job's release changes nothing", "[node]") {
  SetUpNode node;
  node.session.handle({{1, 1, 0}, Start{}}, node.sink);
  node.session.handle({{2, 0, 0}, Release{}}, node.sink);  // not its job
  CHECK(node.session.holds_job());
  const std::vector<double> ghost = {0.0};
  node.session.handle({{1, 1, 0}, Iterate{packed_view(ghost)}}, node.sink);
  CHECK(std::holds_alternative<BlockResult>(node.sink.last().body));
  node.session.handle({{1, 0, 0}, Release{}}, node.sink);
  CHECK_FALSE(node.session.holds_job());
  CHECK(node.sink.size() == 1);  // a release is not answered
  node.session.handle({{1, 1, 1}, Iterate{packed_view(ghost)}}, node.sink);
  CHECK_THAT(node.last_error(), Catch::Contains("has not started"));
}

TEST_CASE("the session answers errors instead of crashing", "[node]") {
  slae::node::NodeSession session;
  RecordingSink sink;
  const std::vector<double> none;
  SECTION("iterate before setup") {
    session.handle({{1, 1, 0}, Iterate{}}, sink);
    CHECK_THAT(sink.last_as<ErrorReport>().message, Catch::Contains("not started"));
  }
  SECTION("start before setup, or for another job") {
    session.handle({{1, 1, 0}, Start{}}, sink);
    CHECK(std::holds_alternative<ErrorReport>(sink.last().body));
  }
  SECTION("an inconsistent block") {
    slae::RowBlock block;
    block.global_rows = 2;
    block.range = {0, 2};
    block.row_ptr = {0, 1};  // too short
    session.handle({{1, 0, 0}, Setup{0, block, {}, false, ""}}, sink);
    CHECK_THAT(sink.last_as<ErrorReport>().message, Catch::Contains("row_ptr"));
  }
  SECTION("export rows outside the block") {
    SetUpNode node;
    auto block = slae::make_row_block(node.a, slae::inverted_diagonal(node.a), node.b, {0, 2});
    node.session.handle({{1, 0, 0}, Setup{0, block, {2}, true, ""}}, node.sink);
    CHECK_THAT(node.last_error(), Catch::Contains("export"));
  }
  SECTION("cg with a starting vector but no residual, and a message a node never accepts") {
    SetUpNode node;
    const std::vector<double> x0 = {1, 1}, three = {1, 1, 1};
    node.session.handle({{1, 1, 0}, Start{Method::cg, 1.0, packed_view(x0), {}}}, node.sink);
    CHECK_THAT(node.last_error(), Catch::Contains("needs both x0 and r0"));
    node.session.handle({{1, 2, 0}, Start{Method::cg, 1.0, packed_view(three), packed_view(three)}},
                        node.sink);
    CHECK_THAT(node.last_error(), Catch::Contains("3 values for a block of 2 rows"));
    node.session.handle({{1, 3, 0}, Start{Method::jacobi, 1.0, {}, packed_view(x0)}}, node.sink);
    CHECK_THAT(node.last_error(), Catch::Contains("jacobi takes no r0"));
    node.session.handle({{1, 1, 0}, Ready{5, 1, {}, {}}}, node.sink);
    CHECK_THAT(node.last_error(), Catch::Contains("does not accept ready"));
  }
}

TEST_CASE("a double task comes back doubled, shutdown ends the session", "[node]") {
  slae::node::NodeSession session;
  RecordingSink sink;
  const std::vector<double> v = {1.5, -2, 0};
  session.handle({{1, 0, 0}, DoubleTask{9, packed_view(v)}}, sink);
  const auto r = sink.last_as<DoubleResult>();
  CHECK(r.chunk == 9);
  CHECK(r.values.to_vector() == std::vector<double>{3, -4, 0});
  CHECK_FALSE(session.shutdown_requested());
  session.handle({{}, Heartbeat{}}, sink);
  session.handle({{}, Shutdown{}}, sink);
  CHECK(session.shutdown_requested());
  CHECK(sink.size() == 1);
}

TEST_CASE("with a shared segment, iterates go to its slots and block results carry none",
          "[node][shared]") {
  SetUpNode reference;  // the same node without a segment
  slae::node::NodeSession session;
  RecordingSink sink;
  const auto block =
      slae::make_row_block(reference.a, slae::inverted_diagonal(reference.a), reference.b, {0, 2});
  const std::int64_t local = block.local_size();
  auto segment = SharedSegment::create(shared_iterate_bytes(local));
  session.handle({{1, 0, 0}, Setup{0, block, {1}, false, segment.name()}}, sink);
  REQUIRE(std::holds_alternative<SetupAck>(sink.last().body));
  session.handle({{1, 1, 0}, Start{}}, sink);
  reference.session.handle({{1, 1, 0}, Start{}}, reference.sink);
  const std::vector<double> ghost = {0.5};
  for (std::uint64_t k = 0; k < 4; ++k) {
    session.handle({{1, 1, k}, Iterate{packed_view(ghost)}}, sink);
    reference.session.handle({{1, 1, k}, Iterate{packed_view(ghost)}}, reference.sink);
    const auto shared = sink.last_as<BlockResult>();
    const auto inline_ = reference.sink.last_as<BlockResult>();
    CHECK(shared.x_next.size() == 0);
    CHECK(shared.residual_sq.to_vector() == inline_.residual_sq.to_vector());
    // the block of x_{k+1} is in slot (k + 1) % 3, as the coordinator will read it
    const auto slot = shared_iterate_slot(segment.doubles(), local, k + 1).first(2);
    CHECK(std::vector<double>(slot.begin(), slot.end()) == inline_.x_next.to_vector());
  }
}

TEST_CASE("a segment that cannot be mapped falls back to the socket, and the ack says so",
          "[node][shared]") {
  SetUpNode node;
  const auto block = slae::make_row_block(node.a, slae::inverted_diagonal(node.a), node.b, {0, 2});
  SECTION("no such object") {
    node.session.handle({{1, 0, 0}, Setup{0, block, {1}, true, "/proc/1/fd/999999"}}, node.sink);
  }
  SECTION("an object of the wrong size") {
    auto small = SharedSegment::create(8);
    node.session.handle({{1, 0, 0}, Setup{0, block, {1}, true, small.name()}}, node.sink);
  }
  SECTION("a node told to refuse (the tests' stand-in for a failing map)") {
    auto segment = SharedSegment::create(shared_iterate_bytes(block.local_size()));
    slae::node::NodeOptions options;
    options.refuse_shared_memory = true;
    node.session = slae::node::NodeSession(options);
    node.session.handle({{1, 0, 0}, Setup{0, block, {1}, true, segment.name()}}, node.sink);
  }
  REQUIRE(std::holds_alternative<SetupAck>(node.sink.last().body));
  CHECK_FALSE(node.sink.last_as<SetupAck>().shared_memory);
  // the blocks now travel in the replies, exports ahead of them as the setup asked
  node.sink.clear();
  node.session.handle({{1, 1, 0}, Start{}}, node.sink);
  const std::vector<double> ghost = {0.5};
  node.session.handle({{1, 1, 0}, Iterate{packed_view(ghost)}}, node.sink);
  REQUIRE(node.sink.size() == 2);
  CHECK(std::holds_alternative<Exports>(node.sink.reply(0).body));
  CHECK(node.sink.last_as<BlockResult>().x_next.size() == 2);
}

TEST_CASE("a mapped segment is acknowledged, and exports no longer go ahead", "[node][shared]") {
  SetUpNode node;
  const auto block = slae::make_row_block(node.a, slae::inverted_diagonal(node.a), node.b, {0, 2});
  auto segment = SharedSegment::create(shared_iterate_bytes(block.local_size()));
  node.session.handle({{1, 0, 0}, Setup{0, block, {1}, true, segment.name()}}, node.sink);
  CHECK(node.sink.last_as<SetupAck>().shared_memory);
  node.sink.clear();
  node.session.handle({{1, 1, 0}, Start{}}, node.sink);
  const std::vector<double> ghost = {0.5};
  node.session.handle({{1, 1, 0}, Iterate{packed_view(ghost)}}, node.sink);
  REQUIRE(node.sink.size() == 1);  // the block result alone, as small as the exports would be
  CHECK(node.sink.last_as<BlockResult>().x_next.size() == 0);
}
