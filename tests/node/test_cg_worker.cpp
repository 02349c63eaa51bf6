#include "node/cg_worker.hpp"

#include <catch2/catch.hpp>
#include <memory>

#include "protocol/codec.hpp"
#include "solver/cg_solver.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/system_checks.hpp"
#include "tests/support/recording_sink.hpp"
#include "tests/support/small_matrices.hpp"

using namespace slae::protocol;
using slae::test::RecordingSink;

namespace {

// run_cg talking to one CgWorker through encoded messages, as the coordinator would.
class OneWorkerBackend final : public slae::CgBackend {
 public:
  OneWorkerBackend(const slae::RowBlock& block, const std::vector<std::int32_t>& exports)
      : block_(block),
        exports_(exports),
        worker_(std::make_unique<slae::node::CgWorker>(block, exports,
                                                       Start{Method::cg, 1.0, {}, {}})) {}
  StepSums step(std::int64_t k, double alpha) override {
    sink_.clear();
    worker_->step({1, 1, static_cast<std::uint64_t>(k)}, CgStep{alpha}, sink_);
    const auto r = sink_.last_as<CgResidual>();
    return {slae::sum_in_order(r.rz.to_vector()), slae::sum_in_order(r.rr.to_vector())};
  }
  double direction(std::int64_t k, double beta) override {
    sink_.clear();
    worker_->direction({1, 1, static_cast<std::uint64_t>(k)}, CgDirection{beta, {}}, sink_);
    return slae::sum_in_order(sink_.last_as<CgCurvature>().pq.to_vector());
  }
  std::vector<double> solution() override {
    return std::vector<double>(worker_->x().begin(), worker_->x().end());
  }
  void restart(std::int64_t k, std::span<const double> x, std::span<const double> r) override {
    worker_ = std::make_unique<slae::node::CgWorker>(
        block_, exports_, Start{Method::cg, 1.0, PackedDoubles(x), PackedDoubles(r)},
        static_cast<std::uint64_t>(k));
  }

 private:
  const slae::RowBlock& block_;
  const std::vector<std::int32_t>& exports_;
  std::unique_ptr<slae::node::CgWorker> worker_;
  RecordingSink sink_;
};

}  // namespace

TEST_CASE("a CG worker holding the whole matrix equals solve_cg bit for bit", "[node][cg]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(2500, 0.003, 5, true);
  std::vector<double> ones(2500, 1.0), b(2500);
  a.multiply(ones, b);
  const slae::StopCriteria criteria{1e-12, 500, 1e5};
  const slae::SolveResult reference = slae::solve_cg(a, b, criteria);
  const slae::RowBlock block =
      slae::make_row_block(a, slae::inverted_diagonal(a), b, {0, 2500},
                           slae::ReductionChunks::for_rows(2500).chunk_rows());
  const std::vector<std::int32_t> none;
  OneWorkerBackend backend(block, none);
  slae::ConvergenceMonitor monitor(slae::cg_criteria(criteria), slae::norm2(b));
  const slae::SolveResult cluster =
      slae::run_cg(backend, slae::CgSystem{a, b, slae::norm2(b)}, monitor);
  CHECK(cluster.iterations == reference.iterations);
  CHECK(cluster.residual_history == reference.residual_history);
  CHECK(cluster.x == reference.x);
}

TEST_CASE("a step sends z at the export rows, steps and directions alternate", "[node][cg]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(6, 0.5, 3, true);
  const std::vector<double> b = {1, 2, 3, 4, 5, 6};
  const slae::RowBlock block = slae::make_row_block(a, slae::inverted_diagonal(a), b, {0, 3});
  const std::vector<std::int32_t> exports = {0, 2};
  slae::node::CgWorker worker(block, exports, Start{Method::cg, 1.0, {}, {}});
  RecordingSink sink;
  CHECK_THROWS_WITH(worker.direction({1, 1, 0}, CgDirection{0.0, {}}, sink),
                    Catch::Contains("out of turn"));
  worker.step({1, 1, 0}, CgStep{0.0}, sink);
  const auto r = sink.last_as<CgResidual>();
  const auto inv = slae::inverted_diagonal(a);
  CHECK(r.exports.to_vector() == std::vector<double>{inv[0] * 1, inv[2] * 3});  // z_0 = D^-1 b
  CHECK_THROWS_WITH(worker.step({1, 1, 1}, CgStep{0.5}, sink), Catch::Contains("out of turn"));
  const std::vector<double> wrong(block.ghost_cols.size() + 1, 0.0);
  CHECK_THROWS_WITH(
      worker.direction({1, 1, 0}, CgDirection{0.0, PackedDoubles(std::span<const double>(wrong))},
                       sink),
      Catch::Contains("ghost"));
}

TEST_CASE(
    "a CG worker started from a collected x, r and p, then stepped with alpha 0, is where "
    "the original was, bit for bit",
    "[node][cg]") {
  const slae::CsrMatrix a = slae::test::random_dominant_matrix(300, 0.02, 7, true);
  std::vector<double> ones(300, 1.0), b(300);
  a.multiply(ones, b);
  const slae::RowBlock block = slae::make_row_block(a, slae::inverted_diagonal(a), b, {0, 300});
  const std::vector<std::int32_t> none;
  slae::node::CgWorker original(block, none, Start{Method::cg, 1.0, {}, {}});
  RecordingSink sink;
  // a few iterations with made-up scalars: what matters is that the state comes back whole
  const double alphas[] = {0.0, 0.7, 0.4, 0.9};
  const double betas[] = {0.0, 0.3, 0.6};
  for (std::uint64_t k = 0; k < 3; ++k) {
    original.step({1, 1, k}, CgStep{alphas[k]}, sink);
    original.direction({1, 1, k}, CgDirection{betas[k], {}}, sink);
  }
  original.step({1, 1, 3}, CgStep{alphas[3]}, sink);  // x_3, r_3, p_2 now
  const auto x = std::vector<double>(original.x().begin(), original.x().end());
  const auto r = std::vector<double>(original.r().begin(), original.r().end());
  const auto p = std::vector<double>(original.p().begin(), original.p().end());
  slae::node::CgWorker restored(block, none,
                                Start{Method::cg, 1.0, PackedDoubles(std::span<const double>(x)),
                                      PackedDoubles(std::span<const double>(r)), 1,
                                      PackedDoubles(std::span<const double>(p))},
                                3);
  RecordingSink restored_sink;
  restored.step({1, 1, 3}, CgStep{0.0}, restored_sink);
  // the next direction and step give the same sums and the same vectors
  original.direction({1, 1, 3}, CgDirection{0.25, {}}, sink);
  restored.direction({1, 1, 3}, CgDirection{0.25, {}}, restored_sink);
  CHECK(sink.last_as<CgCurvature>().pq.to_vector() ==
        restored_sink.last_as<CgCurvature>().pq.to_vector());
  original.step({1, 1, 4}, CgStep{0.5}, sink);
  restored.step({1, 1, 4}, CgStep{0.5}, restored_sink);
  CHECK(sink.last_as<CgResidual>().rr.to_vector() ==
        restored_sink.last_as<CgResidual>().rr.to_vector());
  CHECK(std::equal(original.x().begin(), original.x().end(), restored.x().begin()));
  CHECK(std::equal(original.r().begin(), original.r().end(), restored.r().begin()));
  // p of the wrong length, or without x0, is refused
  const std::vector<double> short_p(10, 0.0);
  CHECK_THROWS_WITH(
      slae::node::CgWorker(block, none,
                           Start{Method::cg, 1.0, PackedDoubles(std::span<const double>(x)),
                                 PackedDoubles(std::span<const double>(r)), 1,
                                 PackedDoubles(std::span<const double>(short_p))}),
      Catch::Contains("p0"));
}
