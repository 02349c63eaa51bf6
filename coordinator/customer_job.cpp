#include "coordinator/customer_job.hpp"

#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>

#include "coordinator/array_doubling.hpp"
#include "coordinator/checkpoint_plan.hpp"
#include "coordinator/cluster_error.hpp"
#include "coordinator/job_channel.hpp"
#include "coordinator/job_run.hpp"
#include "coordinator/method_list.hpp"
#include "coordinator/signals.hpp"
#include "solver/input_error.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/reduction_chunks.hpp"

namespace slae::coordinator {

namespace proto = slae::protocol;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr auto kWaitForWorkers = std::chrono::hours(24 * 365);  // queued until cancelled
constexpr auto kReplyTimeout = 30s;
constexpr auto kProgressEvery = 100ms;  // the customer's status line needs no more
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

// What a customer's job reports as it runs: its progress now and then, each method's result.
class CustomerObserver final : public JobObserver {
 public:
  CustomerObserver(JobChannel& channel, JobId id, double queued_seconds)
      : channel_(channel), id_(id), queued_seconds_(queued_seconds) {}
  void placed(const RunReport& run) override {
    run_ = &run;
    proto::JobStarted started;
    started.queued_seconds = queued_seconds_;
    started.shared_memory_nodes = run.shared_memory_nodes;
    started.distribution_seconds = run.distribution_seconds;
    started.chunk_rows = run.chunk_rows;
    for (const NodeAssignment& n : run.nodes) {
      started.parts.insert(
          started.parts.end(),
          {n.rows.begin, n.rows.end, n.nnz, n.ghosts, n.exports,
           static_cast<std::int64_t>(channel_.workers()[static_cast<std::size_t>(n.node)].id)});
    }
    channel_.to_customer({{id_, 0, 0}, started});
  }
  void begin(const MethodRun&) override {
    ++method_;
    last_sent_ = {};
  }
  void progress(std::int64_t k, double r) override {
    const auto now = Clock::now();
    if (now - last_sent_ < kProgressEvery) return;
    last_sent_ = now;
    channel_.to_customer({{id_, 0, static_cast<std::uint64_t>(k)}, proto::Progress{method_, r}});
  }
  void finished(const MethodRun& m) override {
    const SolveResult& r = m.result;
    proto::MethodResult out;
    out.method = method_;
    out.outcome = static_cast<std::uint8_t>(r.outcome);
    out.iterations = r.iterations;
    out.relative_residual = r.relative_residual;
    out.recursive_residual =
        r.recursive_residual ? *r.recursive_residual : std::numeric_limits<double>::quiet_NaN();
    out.restarts = r.restarts;
    out.note = r.note;
    out.seconds = m.stats.seconds;
    out.sweeps = m.stats.sweeps;
    out.bytes_to_nodes = m.stats.bytes_to_nodes;
    out.bytes_from_nodes = m.stats.bytes_from_nodes;
    for (const KindTraffic* k : {&m.stats.shared_memory, &m.stats.socket}) {
      out.traffic.insert(out.traffic.end(), {k->nodes, static_cast<std::int64_t>(k->bytes_to_nodes),
                                             static_cast<std::int64_t>(k->bytes_from_nodes)});
    }
    out.residual_history = proto::PackedDoubles(std::span<const double>(r.residual_history));
    out.seconds_history = proto::PackedDoubles(std::span<const double>(r.seconds_history));
    out.error_history = proto::PackedDoubles(std::span<const double>(m.error_history));
    out.stale_messages_dropped = channel_.stale_dropped();
    if (r.spectrum) {
      out.lambda_min = r.spectrum->lambda_min;
      out.lambda_max = r.spectrum->lambda_max;
      out.spectrum_iterations = r.spectrum->iterations;
    }
    out.rows_per_colour = m.rows_per_colour;
    out.x = proto::PackedDoubles(std::span<const double>(r.x));
    channel_.to_customer({{id_, 0, static_cast<std::uint64_t>(r.iterations)}, out});
  }
  void event(const JobEvent& e) override {
    if (e.kind == JobEvent::Kind::replaced && run_) {
      std::vector<std::int64_t> rows;  // for the broker's status table
      for (const NodeAssignment& n : run_->nodes)
        rows.insert(rows.end(), {n.rows.begin, n.rows.end});
      channel_.announce_placement(rows);
    }
    channel_.to_customer({{id_, 0, 0},
                          proto::JobEventNote{static_cast<std::uint8_t>(e.kind), method_,
                                              e.iteration, e.seconds, e.count, e.how, e.detail}});
  }

 private:
  JobChannel& channel_;
  JobId id_;
  double queued_seconds_;
  const RunReport* run_ = nullptr;
  std::int32_t method_ = -1;
  Clock::time_point last_sent_{};
};

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

CustomerJob::CustomerJob(Broker& broker, JobId id, proto::Submit spec, CustomerSystem system)
    : broker_(broker), id_(id), spec_(std::move(spec)), system_(std::move(system)) {
  thread_ = std::thread([this] { run(); });
}

CustomerJob::~CustomerJob() {
  if (thread_.joinable()) thread_.join();
}

void CustomerJob::plan_customer_checkpoints(JobChannel& channel, JobSettings& settings) {
  // the state to go on from, as checked from the job data
  if (system_.resume) go_on_from(std::move(*system_.resume), settings);
  if (spec_.checkpoint_every <= 0) return;
  // each checkpoint goes to the customer, who keeps it (on disk, and to resubmit from)
  const auto send = [&channel, id = id_](std::int64_t m, const std::vector<double>& history,
                                         const std::vector<double>& x, const CgVectors* cg,
                                         const CgScalars* s) {
    proto::JobCheckpoint c;
    c.history = proto::PackedDoubles(std::span<const double>(history));
    c.x = proto::PackedDoubles(std::span<const double>(x));
    if (cg) {
      c.beta = s->beta;
      c.best = s->best;
      c.restarts = s->restarts;
      c.fruitless = s->fruitless;
      c.r = proto::PackedDoubles(std::span<const double>(cg->r));
      c.p = proto::PackedDoubles(std::span<const double>(cg->p));
    }
    channel.to_customer({{id, 0, static_cast<std::uint64_t>(m)}, c});
  };
  settings.checkpoints.every = spec_.checkpoint_every;
  settings.checkpoints.save = [send](std::int64_t m, const std::vector<double>& x,
                                     const std::vector<double>& history) {
    send(m, history, x, nullptr, nullptr);
  };
  settings.cg_checkpoints.every = spec_.checkpoint_every;
  settings.cg_checkpoints.save = [send](const CgVectors& v, const CgScalars& s,
                                        const std::vector<double>& history) {
    send(v.iteration, history, v.x, &v, &s);
  };
}

void CustomerJob::run() {
  ChannelOptions options;
  options.reply_timeout = kReplyTimeout;
  options.stop_on_signal = false;  // the broker stops its jobs itself, telling their customers
  options.name_by_worker = true;   // as the customer's --status shows them
  std::optional<JobChannel> channel;
  std::optional<CustomerObserver> observer;
  RunReport run;
  const auto fail = [&](int code, const std::string& why) {
    if (channel) channel->to_customer({{id_, 0, 0}, proto::JobFailed{code, why}});
  };
  try {
    channel.emplace(broker_, id_, kWaitForWorkers, options);
    observer.emplace(*channel, id_, broker_.queued_seconds(id_));
    proto::JobDone done;
    std::vector<double> doubled;
    if (spec_.kind == proto::JobKind::doubling) {
      doubled = double_on_cluster(*channel, system_.b);
      done.values = proto::PackedDoubles(std::span<const double>(doubled));
    } else {
      const CsrMatrix& a = system_.a;
      const ReductionChunks chunks = ReductionChunks::for_rows(a.rows);
      RowPartition partition = plan_partition(a, channel->size(), chunks);
      std::vector<std::int64_t> rows;
      for (int p = 0; p < partition.parts(); ++p) {
        rows.push_back(partition.block(p).begin);
        rows.push_back(partition.block(p).end);
      }
      channel->announce_placement(rows);
      run.criteria = StopCriteria{spec_.tolerance, spec_.max_iterations};
      JobSettings settings;
      std::vector<SolveMethod> methods;
      for (const std::uint8_t m : spec_.methods)
        methods.push_back(*from_wire(m));  // checked when the job was submitted
      settings.runs = plan_runs(
          methods, spec_.omegas.empty() ? std::vector<double>{spec_.omega} : spec_.omegas);
      settings.criteria = run.criteria;
      settings.share_memory = spec_.share_memory;
      settings.collect_every = spec_.collect_every;
      plan_customer_checkpoints(*channel, settings);
      const JobSystem job_system{a, system_.b, norm2(system_.b),
                                 system_.exact ? &*system_.exact : nullptr, spec_.error_history};
      run_job(*channel, job_system, settings, std::move(partition), chunks, run, *observer);
    }
    channel->to_customer({{id_, 0, 0}, done});
  } catch (const JobCancelled& e) {
    // What the stopped method had goes to the customer, for its history, chart and report,
    // then why the job ended. (When the broker tells the customer itself, or the customer is
    // gone, the broker drops these.)
    if (observer && !run.solves.empty() &&
        run.solves.back().result.outcome == SolveOutcome::interrupted)
      observer->finished(run.solves.back());
    fail(e.exit_code(), e.what());
  } catch (const Interrupted&) {
    // a signal seen while the blocks were built: the broker is stopping
    fail(5, "the broker is shutting down");
  } catch (const ClusterError& e) {
    fail(5, e.what());
  } catch (const InputError& e) {
    fail(2, e.what());
  } catch (const std::exception& e) {
    fail(1, std::string("internal error: ") + e.what());
  }
  observer.reset();
  channel.reset();  // releases the workers
  finished_ = true;
}

}  // namespace slae::coordinator
