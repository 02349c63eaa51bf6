#include "coordinator/run/one_shot_commands.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "coordinator/cluster/array_doubling.hpp"
#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/cluster/solve_job.hpp"
#include "coordinator/diagnosis/jacobi_diagnosis.hpp"
#include "coordinator/diagnosis/sor_diagnosis.hpp"
#include "coordinator/local/local_cluster.hpp"
#include "coordinator/outputs/report.hpp"
#include "coordinator/outputs/sweep_outputs.hpp"
#include "coordinator/outputs/system_input.hpp"
#include "coordinator/process/exit_codes.hpp"
#include "coordinator/process/signals.hpp"
#include "coordinator/run/checkpoint_plan.hpp"
#include "coordinator/run/output_files.hpp"
#include "coordinator/run/progress_line.hpp"
#include "coordinator/run/read_progress.hpp"
#include "coordinator/run/terminal_observer.hpp"
#include "coordinator/run/test_faults.hpp"
#include "solver/elapsed.hpp"
#include "solver/input_error.hpp"
#include "solver/input_text.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/multicolour.hpp"
#include "solver/printable.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/sor_forecast.hpp"
#include "solver/system_checks.hpp"

namespace slae::coordinator {
namespace {

using Clock = std::chrono::steady_clock;

const StopCheck kStopOnSignal = [] { throw_if_interrupted(); };

ClusterOptions cluster_options(const Options& o, int nodes, std::int64_t largest_block_rows) {
  ClusterOptions c;
  c.nodes = nodes;
  c.max_message_bytes = max_node_message_bytes(largest_block_rows);
  c.node_program = o.node_program;
  c.transport = o.transport;
  c.reply_timeout = std::chrono::milliseconds(static_cast<long long>(o.reply_timeout_s * 1000));
  c.test_stagger_ms = o.test_stagger_ms;
  c.test_node_deaths = parse_test_node_deaths(o.test_node_deaths);
  c.replace_lost = o.replace_lost;
  c.heartbeat_interval = std::chrono::milliseconds(o.heartbeat_ms);
  c.verbose = o.verbose;
  return c;
}

bool has(const std::vector<SolveMethod>& methods, SolveMethod m) {
  return std::find(methods.begin(), methods.end(), m) != methods.end();
}

// CG's theory needs A = A^T: refuse before iterating, naming the first pair that differs.
void require_symmetric(const Options& o, const CsrMatrix& a) {
  if (const auto pair = first_asymmetric_entry(a)) {
    char text[200];
    std::snprintf(text, sizeof text, "a(%lld,%lld) = %.17g but a(%lld,%lld) = %.17g",
                  static_cast<long long>(pair->row + 1), static_cast<long long>(pair->col + 1),
                  pair->value, static_cast<long long>(pair->col + 1),
                  static_cast<long long>(pair->row + 1), pair->mirror);
    throw InputError(input_name(o.matrix_path) +
                     ": --method cg needs a symmetric matrix, but A is not symmetric: " + text +
                     " (Jacobi does not need symmetry: --method jacobi)");
  }
}

// ||b|| scales every relative residual: it must be a finite, representable number.
double checked_rhs_norm(const Options& o, const LinearSystem& system) {
  const double rhs_norm = norm2(system.b);
  const std::string b_name = input_name(system.b_is_a_times_ones ? o.matrix_path : o.rhs_path) +
                             (system.b_is_a_times_ones ? ": b = A*1" : ": b");
  if (!std::isfinite(rhs_norm)) {
    throw InputError(b_name + " has a 2-norm beyond the range of a double; scale the system down");
  }
  if (rhs_norm == 0.0 &&
      std::any_of(system.b.begin(), system.b.end(), [](double v) { return v != 0.0; })) {
    // the squares underflowed: taken for b = 0, the solve would return x = 0 as converged
    throw InputError(b_name + " is so small that its 2-norm underflows to 0; scale the system up");
  }
  return rhs_norm;
}

void print_parse(const Options& o, const LinearSystem& system) {
  const double mb = static_cast<double>(system.file_bytes) / 1e6;
  std::fprintf(stderr, "%s: %lld rows, %lld non-zeros; parsed %.1f MB in %.3f s (%.0f MB/s)\n",
               input_name(o.matrix_path).c_str(), static_cast<long long>(system.a.rows),
               static_cast<long long>(system.a.nnz()), mb, system.parse_seconds,
               system.parse_seconds > 0 ? mb / system.parse_seconds : 0.0);
  if (system.b_is_a_times_ones) {
    std::fprintf(stderr,
                 "no --rhs given: solving with b = A*1, so the exact solution is all ones\n");
  }
}

void print_jacobi_expectations(const Options& o, const std::optional<std::int64_t>& weak_row) {
  if (weak_row) {
    std::fprintf(stderr,
                 "warning: A is not strictly diagonally dominant by rows (row %lld is not); "
                 "Jacobi may diverge\n",
                 static_cast<long long>(*weak_row + 1));
  } else {
    std::fprintf(stderr, "A is strictly diagonally dominant by rows: Jacobi converges\n");
  }
  const double largest =
      o.omegas.empty() ? 1.0 : *std::max_element(o.omegas.begin(), o.omegas.end());
  if (largest > 1.0) {
    std::fprintf(stderr,
                 "warning: --omega %g > 1 over-relaxes Jacobi: it may diverge where plain "
                 "Jacobi converges\n",
                 largest);
  }
}

// The forecast of Jacobi, before the nodes start (it runs here, on A).
void diagnose(const Options& o, const LinearSystem& system, RunReport& run) {
  const auto start = Clock::now();
  ForecastSettings settings;
  settings.omega = o.omega;
  settings.tolerance = o.tolerance;
  settings.max_iterations = o.max_iterations;
  settings.max_products = o.diagnose_products;
  settings.stop = kStopOnSignal;
  run.diagnosis = forecast_jacobi(system.a, system.b, settings);
  run.diagnosis_omega = o.omega;
  run.diagnosis_seconds = seconds_since(start);
  for (const std::string& line :
       describe(*run.diagnosis, {o.omega, o.tolerance, o.max_iterations})) {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

// The measurement of Gauss-Seidel's and SOR's iteration matrices, one per weight, before the
// nodes start.
void diagnose_sor(const Options& o, const LinearSystem& system, RunReport& run) {
  const auto start = Clock::now();
  const MulticolourOrdering ordering = colour_greedily(system.a, kStopOnSignal);
  ForecastSettings settings;
  settings.tolerance = o.tolerance;
  settings.max_iterations = o.max_iterations;
  settings.max_products = o.diagnose_products;
  settings.stop = kStopOnSignal;
  for (const MethodSpec& spec : plan_runs(o.methods, o.omegas)) {
    if (!multicolour(spec.method)) continue;
    const SorForecast& f =
        run.sor_diagnoses.emplace_back(forecast_sor(system.a, ordering, spec.omega, settings));
    for (const std::string& line :
         describe_sor(f, method_label(spec.method, spec.omega), ordering.colours(), o.tolerance,
                      o.max_iterations)) {
      std::fprintf(stderr, "%s\n", line.c_str());
    }
  }
  run.diagnosis_seconds += seconds_since(start);
}

}  // namespace

void solve_locally(const Options& o, const LinearSystem& system, double rhs_norm, RunReport& run,
                   Clock::time_point start) {
  const CsrMatrix& a = system.a;
  const ReductionChunks chunks = ReductionChunks::for_rows(a.rows);
  if (o.nodes > chunks.count() && o.nodes_given) {
    // a node holds whole reduction chunks; below 2048 rows a chunk is one row
    std::fprintf(stderr, "warning: --nodes %d is more than the %lld row chunks; using %lld nodes\n",
                 o.nodes, static_cast<long long>(chunks.count()),
                 static_cast<long long>(chunks.count()));
  }
  RowPartition partition = plan_partition(a, o.nodes, chunks);
  const int nodes = partition.parts();
  std::int64_t largest = 0;
  for (int part = 0; part < nodes; ++part)
    largest = std::max(largest, partition.block(part).size());
  JobSettings settings{plan_runs(o.methods, o.omegas), run.criteria, o.shared_memory,
                       o.collect_every};
  settings.cg_checkpoint_every = o.cg_checkpoint_every;
  plan_checkpoints(o, system, settings);  // a checkpoint that does not fit: before any node starts
  LocalCluster cluster(cluster_options(o, nodes, largest));
  JobSystem job_system{a, system.b, rhs_norm, system.exact ? &*system.exact : nullptr,
                       !o.history_path.empty()};
  TerminalObserver terminal(o, run, start);
  SignallingObserver observer(terminal, parse_test_signals(o.test_signals),
                              [&cluster](int part) { return cluster.pid_of_part(part); });
  run_job(cluster.nodes(), job_system, settings, std::move(partition), chunks, run, observer);
  cluster.shutdown();
}

namespace {

// A run stopped short (interrupted, or its job cancelled): where it stood, on one line, and
// what its solves had (history, report and chart; not x). Before any solve began there is
// nothing worth an old file's place.
void stop_short(const Options& o, RunReport& run, const std::string& why) {
  run.stopped = why;
  if (run.solves.empty()) return;
  const MethodRun& m = run.solves.back();
  if (m.result.outcome == SolveOutcome::interrupted &&
      (!m.result.residual_history.empty() || m.result.iterations > 0)) {
    std::fprintf(stderr, "\n%s: %s stopped at iteration %lld, relative residual %.3e\n",
                 program_name(o.program), method_label(m.method, m.omega).c_str(),
                 static_cast<long long>(m.result.iterations), m.result.relative_residual);
  }
  const std::string written = describe_written(write_outputs(o, run, /*with_x=*/false));
  if (!written.empty())
    std::fprintf(stderr, "%s (no x: the solve stopped short)\n", written.c_str());
}

}  // namespace

int run_solve(const Options& o, const ClusterStage& stage) {
  require_writable(o);
  const auto start = Clock::now();
  RunReport run;
  run.matrix_path = o.matrix_path;
  run.rhs_path = o.rhs_path;
  run.exact_path = o.exact_path;
  run.criteria = StopCriteria{o.tolerance, o.max_iterations};

  SystemFiles files;
  files.matrix = o.matrix_path;
  files.rhs = o.rhs_path;
  files.exact = o.exact_path;
  files.limits = {o.max_rows, o.max_nnz};
  if (!has(o.methods, SolveMethod::jacobi)) {
    files.diagonal_user = std::any_of(o.methods.begin(), o.methods.end(), multicolour)
                              ? "Gauss-Seidel and SOR"
                              : "CG's Jacobi preconditioner";
  }
  const LinearSystem system = [&] {
    ProgressLine line(!o.quiet);  // a large file says how far it is read
    ReadProgressShown reading(line, input_name(o.matrix_path));
    const ReadNote note = [&](const std::string& text) {
      if (!o.quiet) std::fprintf(stderr, "%s: note: %s\n", program_name(o.program), text.c_str());
    };
    return load_system(files, kStopOnSignal, reading.callback(), note);
  }();
  const CsrMatrix& a = system.a;
  run.rows = a.rows;
  run.nnz = a.nnz();
  run.file_bytes = system.file_bytes;
  run.parse_seconds = system.parse_seconds;
  run.read_seconds = system.read_seconds;
  run.exact_known = system.exact.has_value();
  const double rhs_norm = checked_rhs_norm(o, system);
  if (has(o.methods, SolveMethod::cg)) {
    require_symmetric(o, a);  // an input error: the only thing said
    run.symmetric = true;
  }
  print_parse(o, system);
  const auto weak_row = first_row_not_diagonally_dominant(a);
  run.diagonally_dominant = !weak_row;
  try {
    if (has(o.methods, SolveMethod::jacobi)) {
      print_jacobi_expectations(o, weak_row);
      const bool wanted =
          o.diagnose == DiagnoseMode::always || (o.diagnose == DiagnoseMode::automatic && weak_row);
      if (wanted && rhs_norm > 0.0) diagnose(o, system, run);
    }
    if (std::any_of(o.methods.begin(), o.methods.end(), multicolour)) {
      // a sweep measures each weight only when asked: the table tells what each one did
      const bool wanted =
          o.diagnose == DiagnoseMode::always ||
          (o.diagnose == DiagnoseMode::automatic && weak_row && o.omegas.size() < 2);
      if (wanted && rhs_norm > 0.0) diagnose_sor(o, system, run);
    }
    stage(o, system, rhs_norm, run, start);
  } catch (const Interrupted& e) {
    stop_short(o, run, e.what());
    throw;
  } catch (const JobCancelled& e) {
    stop_short(o, run, e.what());
    throw;
  }
  const WrittenOutputs written = write_outputs(o, run);
  if (o.omegas.size() > 1) {
    // the sweep's result: on stdout, unless x goes there
    std::fputs(sweep_table(run.solves).c_str(), o.output_path == "-" ? stderr : stdout);
    std::fflush(stdout);
  }
  if (const std::string where = describe_written(written); !where.empty())
    std::fprintf(stderr, "%s\n", where.c_str());
  char waited[64] = "";
  if (run.queue_seconds)
    std::snprintf(waited, sizeof waited, ", waited %.1f s in the queue", *run.queue_seconds);
  std::fprintf(stderr, "total %.3f s (setup %.3f s: parse %.3f s%s, distribution %.3f s)\n",
               seconds_since(start), run.setup_seconds, run.parse_seconds, waited,
               run.distribution_seconds);
  if (const int code = run_exit_code(run.solves, o.omegas.size() > 1); code != kExitConverged)
    return code;
  return written.all ? kExitConverged : kExitInput;  // converged, but an output was not written
}

int run_doubling(const Options& o) {
  const std::vector<double> values = parse_number_list(o.double_list);
  const int nodes =
      static_cast<int>(std::min<std::int64_t>(o.nodes, static_cast<std::int64_t>(values.size())));
  LocalCluster cluster(cluster_options(o, nodes, kMaxDoublingChunk));
  std::vector<std::int64_t> arrival;
  const std::vector<double> doubled = double_on_cluster(cluster.nodes(), values, &arrival);
  cluster.shutdown();
  if (o.verbose) {
    std::string order;
    for (const std::int64_t c : arrival) {
      if (!order.empty()) order += ',';
      order += std::to_string(c);
    }
    std::fprintf(stderr, "coordinator: chunks arrived in the order %s\n", order.c_str());
  }
  std::printf("%s\n", format_number_list(doubled).c_str());
  return kExitConverged;
}

}  // namespace slae::coordinator
