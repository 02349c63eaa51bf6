#include "node/sor_worker.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "solver/multicolour.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/sor_solver.hpp"
#include "solver/system_checks.hpp"
#include "tests/support/recording_sink.hpp"
#include "tests/support/small_matrices.hpp"

using namespace slae::protocol;
using slae::test::RecordingSink;

namespace {

struct WholeMatrix {
  slae::CsrMatrix a;
  std::vector<double> b;
  slae::MulticolourOrdering ordering;
  slae::RowBlock block;
};

WholeMatrix whole(int n) {
  WholeMatrix w{slae::test::random_dominant_matrix(n, 0.05, 13), {}, {}, {}};
  w.b.resize(static_cast<std::size_t>(n));
  w.a.multiply(std::vector<double>(w.b.size(), 1.0), w.b);
  w.ordering = slae::colour_greedily(w.a);
  const slae::ReductionChunks chunks = slae::ReductionChunks::for_rows(n);
  w.block =
      slae::make_row_block(w.a, slae::inverted_diagonal(w.a), w.b, {0, n}, chunks.chunk_rows());
  return w;
}

Start sor_start(const WholeMatrix& w, double omega) {
  Start s{omega == 1.0 ? Method::gauss_seidel : Method::sor, omega, {}, {}};
  s.colours = w.ordering.colour;
  s.colour_count = static_cast<std::uint32_t>(w.ordering.colours());
  return s;
}

}  // namespace

TEST_CASE("a SOR worker holding the whole matrix equals solve_sor bit for bit", "[node][sor]") {
  const WholeMatrix w = whole(300);
  const double omega = 1.2;
  const slae::SolveResult expected =
      slae::solve_sor(w.a, w.b, w.ordering, {1e-10, 500, 1e5}, omega);
  REQUIRE(expected.outcome == slae::SolveOutcome::converged);
  slae::node::SorWorker worker(w.block, sor_start(w, omega), 0);
  RecordingSink sink;
  const auto colours = static_cast<std::uint64_t>(w.ordering.colours());
  std::vector<double> x_k;
  for (std::int64_t k = 0; k <= expected.iterations; ++k) {
    x_k.assign(worker.x().begin(), worker.x().end());
    for (std::uint64_t c = 0; c < colours; ++c) {
      sink.clear();
      worker.iterate({1, 1, static_cast<std::uint64_t>(k) * colours + c}, Iterate{}, sink);
      const auto result = sink.last_as<BlockResult>();
      CHECK(result.x_next.size() == 300);
      if (c == 0) {
        // the residual of x_k, as the reference measured it
        const double relative = std::sqrt(slae::sum_in_order(result.residual_sq.to_vector())) /
                                std::sqrt(slae::sum_in_order([&] {
                                  std::vector<double> sq;
                                  for (const double v : w.b)
                                    sq.push_back(v * v);
                                  return sq;
                                }()));
        CHECK(relative == Approx(expected.residual_history[static_cast<std::size_t>(k)]));
      } else {
        CHECK(result.residual_sq.size() == 0);
      }
    }
  }
  CHECK(x_k == expected.x);
}

TEST_CASE("a SOR worker refuses starts and iterates that do not fit", "[node][sor]") {
  const WholeMatrix w = whole(40);
  Start wrong_count = sor_start(w, 1.5);
  wrong_count.colours.pop_back();
  CHECK_THROWS_WITH(slae::node::SorWorker(w.block, wrong_count, 0),
                    "start carries 39 colours for a block of 40 rows");
  Start gs_weighed = sor_start(w, 1.5);
  gs_weighed.method = Method::gauss_seidel;
  CHECK_THROWS_WITH(slae::node::SorWorker(w.block, gs_weighed, 0),
                    "gauss-seidel takes omega 1 (sor takes others)");
  CHECK_THROWS_AS(slae::node::SorWorker(w.block, sor_start(w, 2.0), 0), std::invalid_argument);
  const auto colours = static_cast<std::uint64_t>(w.ordering.colours());
  CHECK_THROWS_WITH(slae::node::SorWorker(w.block, sor_start(w, 1.5), colours + 1),
                    Catch::StartsWith("start at step"));
  slae::node::SorWorker worker(w.block, sor_start(w, 1.5), colours);
  RecordingSink sink;
  CHECK_THROWS_WITH(worker.iterate({1, 1, 0}, Iterate{}, sink),
                    "iterate 0 but this node is at step " + std::to_string(colours));
  const std::vector<double> ghosts = {1.0};
  CHECK_THROWS_WITH(worker.iterate({1, 1, colours},
                                   Iterate{PackedDoubles(std::span<const double>(ghosts))}, sink),
                    "iterate carries 1 ghost values, expected 0");
}
