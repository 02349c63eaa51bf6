#include "coordinator/broker/job_admission.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "solver/input_error.hpp"

using namespace slae;
namespace proto = slae::protocol;

namespace {

proto::Submit solve_of(std::int64_t rows, std::int64_t nnz) {
  proto::Submit spec;
  spec.rows = rows;
  spec.nnz = nnz;
  spec.methods = {static_cast<std::uint8_t>(proto::Method::jacobi)};
  return spec;
}

const coordinator::JobLimits kLimits{1 << 20, 1000, 5000};

}  // namespace

TEST_CASE("a submit beyond --max-rows, --max-nnz or --max-job-bytes is refused from its sizes",
          "[job_admission]") {
  CHECK_FALSE(coordinator::refuse_reason(solve_of(1000, 5000), kLimits));
  CHECK(coordinator::refuse_reason(solve_of(1001, 5000), kLimits) ==
        "the job has 1001 rows, more than this broker's --max-rows of 1000");
  CHECK(coordinator::refuse_reason(solve_of(1000, 5001), kLimits) ==
        "the job's A has 5001 non-zeros, more than this broker's --max-nnz of 5000");
  const coordinator::JobLimits small{4096, 0, 0};  // 0: no bound on rows and non-zeros
  CHECK_THAT(*coordinator::refuse_reason(solve_of(1000, 5000), small),
             Catch::Contains("--max-job-bytes of 4096"));
  // and what no limit allows
  CHECK(coordinator::refuse_reason(solve_of(0, 0), kLimits).has_value());
  CHECK(coordinator::refuse_reason(solve_of(10, -1), kLimits).has_value());
  proto::Submit nan_weight = solve_of(10, 10);
  nan_weight.omega = std::numeric_limits<double>::quiet_NaN();
  CHECK(coordinator::refuse_reason(nan_weight, kLimits) == "the weight omega must be in (0, 2)");
}

TEST_CASE("job data must match its submit: lengths, columns, finite values", "[job_admission]") {
  // a 2 x 2 diagonal system
  std::vector<std::int64_t> row_ptr = {0, 1, 2};
  std::vector<std::int32_t> col_idx = {0, 1};
  std::vector<double> values = {2.0, 4.0};
  std::vector<double> b = {1.0, 1.0};
  const auto data = [&] {
    proto::JobData d;
    d.row_ptr = std::as_bytes(std::span(row_ptr));
    d.col_idx = std::as_bytes(std::span(col_idx));
    d.values = proto::PackedDoubles(std::span<const double>(values));
    d.rhs = proto::PackedDoubles(std::span<const double>(b));
    return d;
  };
  const proto::Submit spec = solve_of(2, 2);
  const coordinator::CustomerSystem s = coordinator::check_job_data(spec, data());
  CHECK(s.a.rows == 2);
  CHECK(s.b == b);
  CHECK_THROWS_AS(coordinator::check_job_data(solve_of(3, 2), data()), InputError);
  col_idx[1] = 2;  // outside the matrix
  CHECK_THROWS_AS(coordinator::check_job_data(spec, data()), InputError);
  col_idx[1] = 1;
  b[1] = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(coordinator::check_job_data(spec, data()), InputError);
  b[1] = 1.0;
  row_ptr[1] = 5;  // not monotone within nnz
  CHECK_THROWS_AS(coordinator::check_job_data(spec, data()), InputError);
}

TEST_CASE("a one-method sor or gauss-seidel job may save and resume checkpoints of x_m",
          "[job_admission]") {
  std::vector<std::int64_t> row_ptr = {0, 1, 2};
  std::vector<std::int32_t> col_idx = {0, 1};
  std::vector<double> values = {2.0, 4.0};
  std::vector<double> b = {1.0, 1.0};
  std::vector<double> x = {0.5, 0.25};
  std::vector<double> history = {1.0, 0.5, 0.1};  // of x_0 .. x_2: m = 3
  proto::JobData d;
  d.row_ptr = std::as_bytes(std::span(row_ptr));
  d.col_idx = std::as_bytes(std::span(col_idx));
  d.values = proto::PackedDoubles(std::span<const double>(values));
  d.rhs = proto::PackedDoubles(std::span<const double>(b));
  d.resume_x = proto::PackedDoubles(std::span<const double>(x));
  d.resume_history = proto::PackedDoubles(std::span<const double>(history));
  for (const proto::Method method : {proto::Method::gauss_seidel, proto::Method::sor}) {
    CAPTURE(int(method));
    proto::Submit spec = solve_of(2, 2);
    spec.methods = {static_cast<std::uint8_t>(method)};
    spec.omega = method == proto::Method::sor ? 1.5 : 1.0;
    spec.checkpoint_every = 10;
    spec.resume = true;
    spec.resume_iteration = 3;
    spec.max_iterations = 100;
    CHECK_FALSE(coordinator::refuse_reason(spec, kLimits));
    const coordinator::CustomerSystem s = coordinator::check_job_data(spec, d);
    REQUIRE(s.resume);
    CHECK(s.resume->method == static_cast<std::uint8_t>(method));
    CHECK(s.resume->omega == spec.omega);
    CHECK(s.resume->x == x);
    CHECK(s.resume->history == history);
    spec.resume_iteration = 2;  // a history one longer than x_m's: CG's shape, not these
    CHECK_THROWS_WITH(coordinator::check_job_data(spec, d),
                      Catch::Contains("does not fit iteration 2 of"));
    spec.methods.push_back(static_cast<std::uint8_t>(proto::Method::jacobi));
    CHECK(coordinator::refuse_reason(spec, kLimits) ==
          "checkpoints are of one solve of one method: submit one to save or resume one");
  }
}
