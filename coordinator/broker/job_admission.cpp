#include "coordinator/broker/job_admission.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include "coordinator/text/method_list.hpp"
#include "solver/input_error.hpp"
#include "solver/jacobi_solver.hpp"

namespace slae::coordinator {

namespace proto = slae::protocol;

namespace {

constexpr std::int64_t kMaxRows = std::numeric_limits<std::int32_t>::max();

template <typename T>
std::vector<T> copy_array(std::span<const std::byte> bytes) {
  std::vector<T> out(bytes.size() / sizeof(T));
  if (!out.empty()) std::memcpy(out.data(), bytes.data(), out.size() * sizeof(T));
  return out;
}

std::vector<double> finite_values(const proto::PackedDoubles& packed, const char* what) {
  std::vector<double> out = packed.to_vector();
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!std::isfinite(out[i]))
      throw InputError(std::string("job data: ") + what + "[" + std::to_string(i) +
                       "] is not a finite number");
  }
  return out;
}

bool resumes_cg(const proto::Submit& spec) {
  return spec.methods.size() == 1 &&
         spec.methods[0] == static_cast<std::uint8_t>(proto::Method::cg);
}

// The state a job_data carries to go on from (when its submit said resume), checked as a
// checkpoint file is: lengths that fit the method and the iteration, finite numbers.
std::optional<Checkpoint> check_resume(const proto::Submit& spec, const proto::JobData& data) {
  const auto n = static_cast<std::size_t>(spec.rows);
  if (!spec.resume) {
    if (data.resume_x.size() != 0 || data.resume_r.size() != 0 || data.resume_p.size() != 0 ||
        data.resume_history.size() != 0)
      throw InputError("job data: a state to resume from that the submit did not announce");
    return std::nullopt;
  }
  const bool cg = resumes_cg(spec);
  Checkpoint cp;
  cp.method = spec.methods.at(0);  // one method: refuse_reason saw to it
  cp.omega = spec.omega;
  cp.iteration = spec.resume_iteration;
  const auto judged = static_cast<std::size_t>(spec.resume_iteration) + (cg ? 1 : 0);
  if (data.resume_x.size() != n || data.resume_history.size() != judged ||
      data.resume_r.size() != (cg ? n : 0) || data.resume_p.size() != (cg ? n : 0)) {
    throw InputError("job data: the state to resume from does not fit iteration " +
                     std::to_string(spec.resume_iteration) + " of " +
                     (from_wire(cp.method) ? method_name(*from_wire(cp.method)) : "its method") +
                     " on " + std::to_string(n) + " rows");
  }
  cp.x = finite_values(data.resume_x, "resume_x");
  cp.r = finite_values(data.resume_r, "resume_r");
  cp.p = finite_values(data.resume_p, "resume_p");
  cp.history = finite_values(data.resume_history, "resume_history");
  for (const double h : cp.history)
    if (h < 0.0) throw InputError("job data: a negative residual in the history to resume");
  cp.beta = data.resume_beta;
  cp.best = data.resume_best;
  cp.restarts = data.resume_restarts;
  cp.fruitless = data.resume_fruitless;
  if (!std::isfinite(cp.beta) || std::isnan(cp.best) || cp.best < 0.0)
    throw InputError("job data: CG's scalars to resume from are not numbers it could have had");
  return cp;
}

}  // namespace

std::int64_t job_bytes(const proto::Submit& spec) {
  if (spec.kind == proto::JobKind::doubling) return 8 * spec.rows;
  std::int64_t vectors = spec.with_exact ? 2 : 1;
  std::int64_t history = 0;
  if (spec.resume) {  // x (CG: x, r, p) and the residuals of up to m + 1 iterates
    vectors += resumes_cg(spec) ? 3 : 1;
    history = spec.resume_iteration + 1;
  }
  return 8 * (spec.rows + 1) + 12 * spec.nnz + 8 * vectors * spec.rows + 8 * history;
}

std::optional<std::string> refuse_reason(const proto::Submit& spec, const JobLimits& limits) {
  if (spec.rows < 1 || spec.rows > kMaxRows)
    return "a job needs between 1 and " + std::to_string(kMaxRows) + " rows";
  if (spec.nnz < 0 || spec.nnz > (std::int64_t{1} << 40))
    return "the number of non-zeros is out of range";
  if (limits.max_rows > 0 && spec.rows > limits.max_rows) {
    return "the job has " + std::to_string(spec.rows) + " rows, more than this broker's " +
           "--max-rows of " + std::to_string(limits.max_rows);
  }
  if (limits.max_nnz > 0 && spec.nnz > limits.max_nnz) {
    return "the job's A has " + std::to_string(spec.nnz) + " non-zeros, more than this " +
           "broker's --max-nnz of " + std::to_string(limits.max_nnz);
  }
  if (spec.resume_iteration > (std::int64_t{1} << 40))
    return "the checkpoint to resume is beyond any iteration limit";
  const std::int64_t bytes = job_bytes(spec);
  if (bytes > limits.max_job_bytes) {
    return "the job's data takes " + std::to_string(bytes) + " bytes, more than this broker's " +
           "--max-job-bytes of " + std::to_string(limits.max_job_bytes);
  }
  if (spec.kind == proto::JobKind::doubling) {
    if (spec.resume || spec.checkpoint_every > 0) return "a doubling has no checkpoints";
    return std::nullopt;
  }
  if (spec.methods.empty() || spec.methods.size() > 4) return "a solve needs one to four methods";
  for (std::size_t i = 0; i < spec.methods.size(); ++i) {
    const auto m = spec.methods[i];
    if (!from_wire(m)) return "unknown method code " + std::to_string(m);
    for (std::size_t j = 0; j < i; ++j)
      if (spec.methods[j] == m) return "a method is listed twice";
  }
  if (!std::isfinite(spec.omega) || !(spec.omega > 0.0 && spec.omega < 2.0))
    return "the weight omega must be in (0, 2)";
  for (const double w : spec.omegas) {
    if (!std::isfinite(w) || !(w > 0.0 && w < 2.0))
      return "every weight of omegas must be in (0, 2)";
  }
  if (!std::isfinite(spec.tolerance) || spec.tolerance < 0.0)
    return "the tolerance must be a finite number >= 0";
  if (spec.max_iterations > (std::int64_t{1} << 40)) return "the iteration limit is out of range";
  if ((spec.resume || spec.checkpoint_every > 0) &&
      (spec.methods.size() != 1 || spec.omegas.size() > 1))
    return "checkpoints are of one solve of one method: submit one to save or resume one";
  if (spec.checkpoint_every > (std::int64_t{1} << 40)) return "checkpoint_every is out of range";
  if (spec.resume && spec.resume_iteration > spec.max_iterations)
    return "the checkpoint to resume is beyond the iteration limit";
  if (spec.nnz < spec.rows) return "A has fewer stored entries than rows (it needs its diagonal)";
  return std::nullopt;
}

CustomerSystem check_job_data(const proto::Submit& spec, const proto::JobData& data) {
  CustomerSystem s;
  const auto n = static_cast<std::size_t>(spec.rows);
  if (spec.kind == proto::JobKind::doubling) {
    if (data.rhs.size() != n || !data.row_ptr.empty() || !data.col_idx.empty() ||
        data.values.size() != 0 || data.exact.size() != 0)
      throw InputError("job data: a list of " + std::to_string(n) + " values was announced");
    s.b = finite_values(data.rhs, "values");
    return s;
  }
  const auto nnz = static_cast<std::size_t>(spec.nnz);
  if (data.row_ptr.size() != (n + 1) * 8 || data.col_idx.size() != nnz * 4 ||
      data.values.size() != nnz || data.rhs.size() != n ||
      data.exact.size() != (spec.with_exact ? n : 0)) {
    throw InputError("job data: the arrays do not have the sizes the submit announced (" +
                     std::to_string(n) + " rows, " + std::to_string(nnz) + " non-zeros)");
  }
  CsrMatrix& a = s.a;
  a.rows = a.cols = spec.rows;
  a.row_ptr = copy_array<std::int64_t>(data.row_ptr);
  a.col_idx = copy_array<std::int32_t>(data.col_idx);
  a.values = finite_values(data.values, "values");
  if (a.row_ptr[0] != 0 || a.row_ptr[n] != spec.nnz)
    throw InputError("job data: row_ptr does not run from 0 to the number of non-zeros");
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t begin = a.row_ptr[i], end = a.row_ptr[i + 1];
    if (end < begin || end > spec.nnz)
      throw InputError("job data: row_ptr decreases at row " + std::to_string(i + 1));
    bool diagonal = false;
    for (std::int64_t k = begin; k < end; ++k) {
      const std::int32_t c = a.col_idx[static_cast<std::size_t>(k)];
      if (c < 0 || c >= spec.rows || (k > begin && c <= a.col_idx[static_cast<std::size_t>(k - 1)]))
        throw InputError("job data: row " + std::to_string(i + 1) +
                         " has columns out of range or out of order");
      if (c == static_cast<std::int32_t>(i) && a.values[static_cast<std::size_t>(k)] != 0.0)
        diagonal = true;
    }
    if (!diagonal) throw InputError("job data: row " + std::to_string(i + 1) + " has no diagonal");
  }
  s.b = finite_values(data.rhs, "b");
  if (!std::isfinite(norm2(s.b))) throw InputError("job data: ||b|| overflows a double");
  if (spec.with_exact) s.exact = finite_values(data.exact, "x*");
  s.resume = check_resume(spec, data);
  return s;
}

}  // namespace slae::coordinator
