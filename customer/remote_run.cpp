#include "customer/remote_run.hpp"

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "coordinator/cluster/array_doubling.hpp"
#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/cluster/job_events.hpp"
#include "coordinator/cluster/method_run.hpp"
#include "coordinator/process/exit_codes.hpp"
#include "coordinator/process/signals.hpp"
#include "coordinator/run/terminal_observer.hpp"
#include "customer/broker_client.hpp"
#include "customer/broker_connection.hpp"
#include "customer/kept_checkpoints.hpp"
#include "solver/input_error.hpp"
#include "solver/printable.hpp"

namespace slae::customer {

namespace proto = slae::protocol;
using namespace slae::coordinator;
using proto::JobId;

namespace {

void log(const Options& o, const std::string& line) {
  if (o.verbose) std::fprintf(stderr, "customer: %s\n", line.c_str());
}

[[noreturn]] void failed(const proto::JobFailed& f) {
  if (f.exit_code == kExitInput) throw InputError(f.reason);
  if (f.exit_code == kExitCancelled) throw JobCancelled(f.reason, kExitCancelled);
  throw ClusterError(f.reason);
}

// How long an interrupted customer waits for what its job had so far: the job's thread stops
// at its next message from a worker, within an iteration.
constexpr auto kFarewell = std::chrono::seconds(3);

std::string signal_name(int signal_number) {
  const char* abbreviation = ::sigabbrev_np(signal_number);
  return abbreviation ? std::string("SIG") + abbreviation
                      : "signal " + std::to_string(signal_number);
}

// Submits spec and waits for the broker to accept it; returns the job's id.
JobId submit(BrokerClient& client, const Options& o, const proto::Submit& spec) {
  client.send({{}, spec});
  proto::Received frame;
  const proto::Message m = client.next(frame, "its answer to the job");
  if (const auto* refused = std::get_if<proto::Refused>(&m.body))
    throw ClusterError("the broker refused the job: " + printable(refused->reason, 500));
  if (!std::holds_alternative<proto::Accepted>(m.body)) unexpected(m, "its answer to the job");
  log(o, "job " + std::to_string(m.header.job) + " accepted by " + client.endpoint());
  return m.header.job;
}

// The job's solve at `index`, as the broker counts them (protocol: Submit).
MethodSpec solve_at(const Options& o, std::int32_t index) {
  const std::vector<MethodSpec> runs = plan_runs(o.methods, o.omegas);
  if (index < 0 || static_cast<std::size_t>(index) >= runs.size())
    throw ClusterError("the broker reported a solve the job does not have");
  return runs[static_cast<std::size_t>(index)];
}

MethodRun method_run(const Options& o, std::int32_t index) {
  const MethodSpec spec = solve_at(o, index);
  MethodRun m;
  m.method = spec.method;
  m.omega = spec.omega;
  return m;
}

// One method's run as the broker reported it; its error measured here, against x*.
MethodRun method_result(const Options& o, const proto::MethodResult& r,
                        const LinearSystem& system) {
  MethodRun run_of = method_run(o, r.method);
  SolveResult& result = run_of.result;
  result.outcome = static_cast<SolveOutcome>(r.outcome);
  result.iterations = r.iterations;
  result.relative_residual = r.relative_residual;
  if (!std::isnan(r.recursive_residual)) result.recursive_residual = r.recursive_residual;
  result.restarts = r.restarts;
  if (r.spectrum_iterations > 0 && std::isfinite(r.lambda_min) && std::isfinite(r.lambda_max))
    result.spectrum = SpectrumEstimate{r.lambda_min, r.lambda_max, r.spectrum_iterations};
  result.note = r.note;
  run_of.rows_per_colour = r.rows_per_colour;
  result.residual_history = r.residual_history.to_vector();
  result.seconds_history = r.seconds_history.to_vector();
  result.x = r.x.to_vector();
  run_of.error_history = r.error_history.to_vector();
  run_of.stats.seconds = r.seconds;
  run_of.stats.sweeps = r.sweeps;
  run_of.stats.bytes_to_nodes = r.bytes_to_nodes;
  run_of.stats.bytes_from_nodes = r.bytes_from_nodes;
  if (r.traffic.size() == 6) {
    KindTraffic* kinds[] = {&run_of.stats.shared_memory, &run_of.stats.socket};
    for (int k = 0; k < 2; ++k) {
      kinds[k]->nodes = static_cast<int>(r.traffic[3 * k]);
      kinds[k]->bytes_to_nodes = static_cast<std::uint64_t>(r.traffic[3 * k + 1]);
      kinds[k]->bytes_from_nodes = static_cast<std::uint64_t>(r.traffic[3 * k + 2]);
    }
  }
  if (result.outcome == SolveOutcome::interrupted) {
    if (!result.x.empty()) throw ClusterError("the broker sent an x for a stopped solve");
    return run_of;  // what it had when it stopped: its histories
  }
  if (result.x.size() != static_cast<std::size_t>(system.a.rows))
    throw ClusterError("the broker sent an x of the wrong length");
  if (system.exact) run_of.error = relative_error(result.x, *system.exact);
  return run_of;
}

// Hands each message of job `id` to on_message until it returns true (job_done); job_failed
// ends the job with its error (JobCancelled when someone cancelled it, after on_message had
// what it had so far). On SIGINT/SIGTERM the broker is asked to stop the job and send what it
// had; on_message hears those last words (for up to kFarewell) before Interrupted goes on up.
template <typename OnMessage>
void follow_job(BrokerClient& client, JobId id, OnMessage&& on_message) {
  const std::string waiting_for = "job " + std::to_string(id);
  try {
    for (;;) {
      proto::Received frame;
      const proto::Message m = client.next(frame, waiting_for);
      if (m.header.job != id) continue;
      if (const auto* f = std::get_if<proto::JobFailed>(&m.body)) failed(*f);
      if (on_message(m)) return;
    }
  } catch (const Interrupted& e) {
    client.send(
        {{id, 0, 0}, proto::Cancel{proto::CancelHow::interrupted, signal_name(e.signal_number())}});
    const auto until = std::chrono::steady_clock::now() + kFarewell;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      proto::Received frame;
      const std::optional<proto::Message> m = client.farewell(frame, left);
      if (!m) break;
      if (m->header.job != id) continue;
      if (std::holds_alternative<proto::JobFailed>(m->body) ||
          std::holds_alternative<proto::JobDone>(m->body))
        break;
      try {
        if (on_message(*m)) break;
      } catch (const std::exception&) {
        break;  // garbled last words: what arrived before them is kept
      }
    }
    throw;
  }
}

}  // namespace

namespace {

// One submission of the solve, going on from kept.newest() when there is one; follows it to its
// end. Throws BrokerSilent when the broker falls silent.
void submit_solve(const Options& o, const LinearSystem& system, RunReport& run,
                  TerminalObserver& observer, KeptCheckpoints& kept) {
  BrokerClient client(o.broker_endpoint, connect_timeout(o), keys_of(o));
  const CsrMatrix& a = system.a;
  proto::Submit spec;
  spec.kind = proto::JobKind::solve;
  spec.rows = a.rows;
  spec.nnz = a.nnz();
  spec.nodes = o.nodes;
  for (const SolveMethod m : o.methods)
    spec.methods.push_back(static_cast<std::uint8_t>(wire_method(m)));
  spec.omega = o.omega;
  if (o.omegas.size() > 1) spec.omegas = o.omegas;
  spec.tolerance = o.tolerance;
  spec.max_iterations = o.max_iterations;
  spec.with_exact = system.exact.has_value();
  spec.error_history = spec.with_exact && !o.history_path.empty();
  spec.share_memory = o.shared_memory;
  spec.collect_every = o.collect_every;
  // checkpoints for the file, and to resubmit from should the broker be lost
  if (!o.checkpoint_path.empty() || o.retry > 0) spec.checkpoint_every = o.checkpoint_every;
  const std::optional<Checkpoint>& from = kept.newest();
  if (from) {
    spec.resume = true;
    spec.resume_iteration = from->iteration;
  }
  const JobId id = submit(client, o, spec);

  proto::JobData data;
  data.row_ptr = std::as_bytes(std::span(a.row_ptr));
  data.col_idx = std::as_bytes(std::span(a.col_idx));
  data.values = proto::PackedDoubles(std::span<const double>(a.values));
  data.rhs = proto::PackedDoubles(std::span<const double>(system.b));
  if (system.exact) data.exact = proto::PackedDoubles(std::span<const double>(*system.exact));
  if (from) {
    data.resume_beta = from->beta;
    data.resume_best = from->best;
    data.resume_restarts = from->restarts;
    data.resume_fruitless = from->fruitless;
    data.resume_history = proto::PackedDoubles(std::span<const double>(from->history));
    data.resume_r = proto::PackedDoubles(std::span<const double>(from->r));
    data.resume_p = proto::PackedDoubles(std::span<const double>(from->p));
    data.resume_x = proto::PackedDoubles(std::span<const double>(from->x));
  }
  client.send({{id, 0, 0}, data});

  std::int32_t current = -1;  // the method running, by index
  bool queued = false;        // the broker said the job waits for a worker
  std::int64_t last_iteration = 0;
  double last_residual = 0.0;
  const auto on_message = [&](const proto::Message& m) {
    if (const auto* place = std::get_if<proto::JobQueued>(&m.body)) {
      queued = true;
      observer.queued({place->position, place->length, place->busy, place->workers});
    } else if (const auto* started = std::get_if<proto::JobStarted>(&m.body)) {
      if (queued) run.queue_seconds = started->queued_seconds;
      run.shared_memory_nodes = started->shared_memory_nodes;
      run.distribution_seconds = started->distribution_seconds;
      run.chunk_rows = started->chunk_rows;
      run.nodes.clear();
      std::string workers;
      for (std::size_t i = 0; i + 5 < started->parts.size(); i += 6) {
        const auto* p = &started->parts[i];
        run.nodes.push_back({static_cast<int>(i / 6), RowRange{p[0], p[1]}, p[2], p[3], p[4]});
        if (!workers.empty()) workers += ',';  // (appending: GCC 12 -O3 warns on "," + string)
        workers += std::to_string(p[5]);
      }
      log(o, "job " + std::to_string(id) + " runs on workers " + workers);
    } else if (const auto* p = std::get_if<proto::Progress>(&m.body)) {
      if (p->method != current) {
        current = p->method;
        observer.begin(method_run(o, current));
      }
      last_iteration = static_cast<std::int64_t>(m.header.iteration);
      last_residual = p->relative_residual;
      observer.progress(last_iteration, last_residual);
    } else if (const auto* e = std::get_if<proto::JobEventNote>(&m.body)) {
      JobEvent event;
      event.kind = static_cast<JobEvent::Kind>(e->kind);  // checked by the decoder
      event.iteration = e->iteration;
      event.seconds = e->seconds;
      event.count = e->count;
      event.how = e->how;
      event.detail = e->detail;
      if (e->method < 0) {
        event.method = kShippingEvents;  // before the first solve
      } else {
        const MethodRun of = method_run(o, e->method);
        event.method = method_label(of.method, of.omega);
      }
      run.events.push_back(event);
      observer.event(run.events.back());
    } else if (const auto* c = std::get_if<proto::JobCheckpoint>(&m.body)) {
      kept.keep(m.header, *c);
    } else if (const auto* r = std::get_if<proto::MethodResult>(&m.body)) {
      if (r->method != current) {
        current = r->method;
        observer.begin(method_run(o, current));
      }
      MethodRun done = method_result(o, *r, system);
      run.stale_messages_dropped = r->stale_messages_dropped;
      // a solve stopped short (cancelled, interrupted) is said by run_solve, not summed up
      if (done.result.outcome != SolveOutcome::interrupted) observer.finished(done);
      run.solves.push_back(std::move(done));
      current = -2;  // finished; a late progress of it would not start it again
    }
    return std::holds_alternative<proto::JobDone>(m.body);
  };
  try {
    follow_job(client, id, on_message);
  } catch (const Interrupted&) {
    if (current >= 0) {
      // the job's last words did not come: where its progress last stood is all there is
      MethodRun partial = method_run(o, current);
      partial.result.outcome = SolveOutcome::interrupted;
      partial.result.iterations = last_iteration;
      partial.result.relative_residual = last_residual;
      run.solves.push_back(std::move(partial));
    }
    throw;
  }
}

}  // namespace

void solve_remotely(const Options& o, const LinearSystem& system, double /*rhs_norm*/,
                    RunReport& run, std::chrono::steady_clock::time_point start) {
  KeptCheckpoints kept(o, system);
  TerminalObserver observer(o, run, start);
  for (int retries = 0;; ++retries) {
    try {
      submit_solve(o, system, run, observer, kept);
      return;
    } catch (const BrokerSilent& e) {
      if (retries >= o.retry) throw;
      // a fresh connection (the broker may be back, or come back within --connect-timeout),
      // and the job again, from the newest checkpoint it sent
      const std::string from = kept.newest()
                                   ? "from iteration " + std::to_string(kept.newest()->iteration)
                                   : std::string("from the start (no checkpoint yet)");
      std::fprintf(stderr, "customer: %s; resubmitting %s (retry %d of %d)\n", e.what(),
                   from.c_str(), retries + 1, o.retry);
      JobEvent resubmitted;
      resubmitted.kind = JobEvent::Kind::resubmitted;
      resubmitted.iteration = kept.newest() ? kept.newest()->iteration : 0;
      resubmitted.detail = "the broker fell silent: the job resubmitted " + from;
      resubmitted.count = retries + 1;
      if (!o.methods.empty()) resubmitted.method = method_label(o.methods[0], o.omega);
      run.events.push_back(std::move(resubmitted));
    }
  }
}

int run_remote_doubling(const Options& o) {
  const std::vector<double> values = parse_number_list(o.double_list);
  BrokerClient client(o.broker_endpoint, connect_timeout(o), keys_of(o));
  proto::Submit spec;
  spec.kind = proto::JobKind::doubling;
  spec.rows = static_cast<std::int64_t>(values.size());
  spec.nodes = o.nodes;
  const JobId id = submit(client, o, spec);
  proto::JobData data;
  data.rhs = proto::PackedDoubles(std::span<const double>(values));
  client.send({{id, 0, 0}, data});
  follow_job(client, id, [&](const proto::Message& m) {
    const auto* done = std::get_if<proto::JobDone>(&m.body);
    if (!done) return false;
    if (done->values.size() != values.size())
      throw ClusterError("the broker sent a list of the wrong length");
    std::printf("%s\n", format_number_list(done->values.to_vector()).c_str());
    return true;
  });
  return kExitConverged;
}

}  // namespace slae::customer
