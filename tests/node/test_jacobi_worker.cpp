#include "node/jacobi_worker.hpp"

#include <catch2/catch.hpp>

#include "protocol/codec.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/system_checks.hpp"
#include "tests/support/allocation_counter.hpp"
#include "tests/support/frame_helpers.hpp"
#include "tests/support/recording_sink.hpp"
#include "tests/support/small_matrices.hpp"

using namespace slae::protocol;
using slae::test::packed_view;
using slae::test::RecordingSink;

TEST_CASE("a worker on the whole matrix follows the reference solve bit for bit", "[node]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(3000, 0.002, 4);
  std::vector<double> ones(3000, 1.0), b(3000);
  a.multiply(ones, b);
  const slae::SolveResult reference = slae::solve_jacobi(a, b, {1e-10, 1000, 1e5});
  const auto chunk = slae::ReductionChunks::for_rows(3000).chunk_rows();
  REQUIRE(chunk == 2);
  const slae::RowBlock block =
      slae::make_row_block(a, slae::inverted_diagonal(a), b, {0, 3000}, chunk);
  const std::vector<std::int32_t> no_exports;
  slae::node::JacobiWorker worker(block, no_exports, false, Start{});
  RecordingSink sink;
  std::vector<double> x;
  for (std::int64_t k = 0; k <= reference.iterations; ++k) {
    sink.clear();
    worker.iterate({1, 1, static_cast<std::uint64_t>(k)}, Iterate{}, sink);
    REQUIRE(sink.size() == 1);  // no exports with a single block
    const auto result = sink.last_as<BlockResult>();
    CHECK(result.residual_sq.size() == 1500);
    const double residual =
        std::sqrt(slae::sum_in_order(result.residual_sq.to_vector())) / slae::norm2(b);
    CHECK(residual == reference.residual_history[static_cast<std::size_t>(k)]);  // bitwise
    if (k < reference.iterations) x = result.x_next.to_vector();
  }
  CHECK(x == reference.x);
}

TEST_CASE("early exports come first and carry x_{k+1} at the export rows", "[node]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(8, 0.3, 6);
  const std::vector<double> b(8, 1.0);
  const slae::RowBlock block = slae::make_row_block(a, slae::inverted_diagonal(a), b, {0, 4});
  const std::vector<std::int32_t> exports = {1, 3};
  slae::node::JacobiWorker worker(block, exports, true, Start{});
  RecordingSink sink;
  const std::vector<double> ghosts(block.ghost_cols.size(), 0.5);
  worker.iterate({1, 1, 0}, Iterate{packed_view(ghosts)}, sink);
  REQUIRE(sink.size() == 2);
  const Message first = sink.reply(0);
  const Message second = sink.reply(1);
  REQUIRE(std::holds_alternative<Exports>(first.body));
  const auto x_next = std::get<BlockResult>(second.body).x_next.to_vector();
  const auto exported = std::get<Exports>(first.body).values.to_vector();
  CHECK(exported == std::vector<double>{x_next[1], x_next[3]});
  CHECK(std::vector<double>(worker.x().begin(), worker.x().end()) == x_next);
}

TEST_CASE("x0 starts the iteration, with b = 0 a sweep is x -> J x", "[node]") {
  const slae::CsrMatrix a = slae::test::from_dense({{2, 1}, {1, 4}});
  const std::vector<double> b = {0, 0}, x0 = {1, 1};
  const slae::RowBlock block = slae::make_row_block(a, slae::inverted_diagonal(a), b, {0, 2});
  const std::vector<std::int32_t> none;
  slae::node::JacobiWorker worker(block, none, false,
                                  Start{Method::jacobi, 1.0, packed_view(x0), {}});
  CHECK(std::vector<double>(worker.x().begin(), worker.x().end()) == x0);
  RecordingSink sink;
  worker.iterate({1, 1, 0}, Iterate{}, sink);
  // J = I - D^-1 A = [[0, -1/2], [-1/4, 0]]
  CHECK(sink.last_as<BlockResult>().x_next.to_vector() == std::vector<double>{-0.5, -0.25});
}

TEST_CASE("a worker refuses what does not fit", "[node]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(6, 0.5, 2);
  const std::vector<double> b(6, 1.0);
  const slae::RowBlock block = slae::make_row_block(a, slae::inverted_diagonal(a), b, {0, 3});
  const std::vector<std::int32_t> none;
  const std::vector<double> two = {1, 2};
  CHECK_THROWS_AS(slae::node::JacobiWorker(block, none, false, Start{Method::jacobi, 2.0, {}, {}}),
                  std::invalid_argument);
  CHECK_THROWS_AS(slae::node::JacobiWorker(block, none, false,
                                           Start{Method::jacobi, 1.0, packed_view(two), {}}),
                  std::invalid_argument);
  slae::node::JacobiWorker worker(block, none, false, Start{});
  RecordingSink sink;
  const std::vector<double> ghosts(block.ghost_cols.size(), 0.0);
  std::vector<double> wrong(block.ghost_cols.size() + 1, 0.0);
  CHECK_THROWS_WITH(worker.iterate({1, 1, 0}, Iterate{packed_view(wrong)}, sink),
                    Catch::Contains("ghost"));
  CHECK_THROWS_WITH(worker.iterate({1, 1, 3}, Iterate{packed_view(ghosts)}, sink),
                    Catch::Contains("iterate 3"));
  CHECK(sink.size() == 0);
}

namespace {
// Replies dropped after encoding, as slae-node's own sink encodes into one reused buffer.
class EncodingSink final : public slae::node::ReplySink {
 public:
  void send(const Message& reply) override { encode(reply, buffer_); }
  void send(const Message& reply, PayloadBuffer&) override { encode_prefix(reply, buffer_); }

 private:
  FrameBuffer buffer_;
};
}  // namespace

TEST_CASE("iterations allocate nothing on the node", "[node][allocation]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(4096, 0.002, 9);
  const std::vector<double> b(4096, 1.0);
  const slae::RowBlock block = slae::make_row_block(a, slae::inverted_diagonal(a), b, {0, 2048}, 2);
  std::vector<std::int32_t> exports = {0, 5, 2047};
  slae::node::JacobiWorker worker(block, exports, true, Start{});
  EncodingSink sink;
  const std::vector<double> ghosts(block.ghost_cols.size(), 0.25);
  worker.iterate({1, 1, 0}, Iterate{packed_view(ghosts)}, sink);  // warm-up: the buffer grows once
  slae::test::AllocationCounter counter;
  for (std::uint64_t k = 1; k <= 20; ++k)
    worker.iterate({1, 1, k}, Iterate{packed_view(ghosts)}, sink);
  CHECK(counter.count() == 0);
}
