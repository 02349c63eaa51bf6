#include "coordinator/service/customer_job.hpp"

#include <chrono>
#include <limits>

#include "coordinator/broker/job_channel.hpp"
#include "coordinator/cluster/array_doubling.hpp"
#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/cluster/solve_job.hpp"
#include "coordinator/process/signals.hpp"
#include "coordinator/text/method_list.hpp"
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

}  // namespace

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
    observer.emplace(*channel, id_, channel->queued_seconds());
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
