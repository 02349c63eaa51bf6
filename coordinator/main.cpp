// coordinator: reads A (and b), starts the nodes, runs the diagnosis and the methods asked for,
// writes the results.
// Only this file turns exceptions into messages and exit codes (listed in --help and README).
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <variant>

#include "coordinator/array_doubling.hpp"
#include "coordinator/cluster_cg.hpp"
#include "coordinator/cluster_job.hpp"
#include "coordinator/convergence_chart.hpp"
#include "coordinator/history_csv.hpp"
#include "coordinator/jacobi_diagnosis.hpp"
#include "coordinator/jacobi_pipeline.hpp"
#include "coordinator/options.hpp"
#include "coordinator/progress_line.hpp"
#include "coordinator/report.hpp"
#include "coordinator/signals.hpp"
#include "coordinator/system_input.hpp"
#include "solver/input_error.hpp"
#include "solver/jacobi_solver.hpp"
#include "solver/reduction_chunks.hpp"
#include "solver/system_checks.hpp"

namespace {

using namespace slae;
using namespace slae::coordinator;
using Clock = std::chrono::steady_clock;

constexpr int kExitConverged = 0;
constexpr int kExitInternal = 1;
constexpr int kExitInput = 2;
constexpr int kExitMaxIterations = 3;
constexpr int kExitDiverged = 4;
constexpr int kExitCluster = 5;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

ClusterOptions cluster_options(const Options& o, int nodes, std::int64_t largest_block_rows) {
  ClusterOptions c;
  c.nodes = nodes;
  c.max_message_bytes = max_node_message_bytes(largest_block_rows);
  c.node_program = o.node_program;
  c.transport = o.transport;
  c.reply_timeout = std::chrono::milliseconds(static_cast<long long>(o.reply_timeout_s * 1000));
  c.test_stagger_ms = o.test_stagger_ms;
  c.verbose = o.verbose;
  return c;
}

// Fails early, before any work, when an output evidently could not be written later (a write
// can still fail at the end, a full disk say: write_outputs reports that).
void require_writable(const std::string& path, const char* flag) {
  if (path.empty() || path == "-") return;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw InputError(std::string(flag) + " " + path + ": is a directory");
    if (::access(path.c_str(), W_OK) != 0) {
      throw InputError(std::string(flag) + " " + path + ": the file is not writable");
    }
    return;
  }
  const std::size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  if (::access(dir.c_str(), W_OK) != 0) {
    throw InputError(std::string(flag) + " " + path + ": cannot write into " + dir);
  }
}

int run_doubling(const Options& o) {
  const std::vector<double> values = parse_number_list(o.double_list);
  const int nodes =
      static_cast<int>(std::min<std::int64_t>(o.nodes, static_cast<std::int64_t>(values.size())));
  Cluster cluster(cluster_options(o, nodes, kMaxDoublingChunk));
  std::vector<std::int64_t> arrival;
  const std::vector<double> doubled = double_on_cluster(cluster, values, &arrival);
  cluster.shutdown();
  if (o.verbose) {
    std::string order;
    for (const std::int64_t c : arrival)
      order += (order.empty() ? "" : ",") + std::to_string(c);
    std::fprintf(stderr, "coordinator: chunks arrived in the order %s\n", order.c_str());
  }
  std::printf("%s\n", format_number_list(doubled).c_str());
  return kExitConverged;
}

int exit_code(SolveOutcome outcome) {
  switch (outcome) {
    case SolveOutcome::converged:
      return kExitConverged;
    case SolveOutcome::max_iterations:
      return kExitMaxIterations;
    case SolveOutcome::diverged:
    case SolveOutcome::breakdown:
      return kExitDiverged;
    case SolveOutcome::running:
      break;
  }
  return kExitInternal;
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
    throw InputError(o.matrix_path +
                     ": --method cg needs a symmetric matrix, but A is not symmetric: " + text +
                     " (Jacobi does not need symmetry: --method jacobi)");
  }
}

void print_summary(const Options& o, const RunReport& run, int nodes, const MethodRun& m) {
  const SolveResult& r = m.result;
  const double sweeps = m.stats.sweeps > 0 ? static_cast<double>(m.stats.sweeps) : 1.0;
  std::fprintf(stderr,
               "%s: %s, %lld rows, %lld nnz, %d nodes, %lld iterations, relative residual %.3e, "
               "%.3f s (%.3g ms/iteration): %s%s%s\n",
               o.matrix_path.c_str(), method_label(m.method, m.omega).c_str(),
               static_cast<long long>(run.rows), static_cast<long long>(run.nnz), nodes,
               static_cast<long long>(r.iterations), r.relative_residual, m.stats.seconds,
               1e3 * m.stats.seconds / sweeps, std::string(to_string(r.outcome)).c_str(),
               r.note.empty() ? "" : ": ", r.note.c_str());
}

std::vector<ChartSeries> chart_series(const std::vector<MethodRun>& runs) {
  std::vector<ChartSeries> series;
  for (const MethodRun& m : runs)
    series.push_back({method_label(m.method, m.omega), m.result.residual_history});
  return series;
}

void print_parse(const Options& o, const LinearSystem& system) {
  const double mb = static_cast<double>(system.file_bytes) / 1e6;
  std::fprintf(stderr, "%s: %lld rows, %lld non-zeros; parsed %.1f MB in %.3f s (%.0f MB/s)\n",
               o.matrix_path.c_str(), static_cast<long long>(system.a.rows),
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
  if (o.omega > 1.0) {
    std::fprintf(stderr,
                 "warning: --omega %g > 1 over-relaxes Jacobi: it may diverge where plain "
                 "Jacobi converges\n",
                 o.omega);
  }
}

// Writes every output asked for. One that fails is reported on its own line and does not stop
// the others (x first: it is what the solve was for). Returns whether all were written.
bool write_outputs(const Options& o, const RunReport& run, int nodes) {
  bool all = true;
  const auto attempt = [&](const std::string& path, const auto& write) {
    if (path.empty()) return;
    try {
      write();
    } catch (const std::runtime_error& e) {
      std::fprintf(stderr, "coordinator: %s\n", e.what());
      all = false;
    }
  };
  attempt(o.output_path, [&] { write_solution(o.output_path, run.solves.front().result.x); });
  attempt(o.report_path, [&] { write_report(o.report_path, run); });
  attempt(o.history_path, [&] { write_history_csv(o.history_path, run.solves); });
  attempt(o.plot_path, [&] {
    ChartOptions chart;
    const std::string name = o.matrix_path.substr(o.matrix_path.find_last_of('/') + 1);
    chart.title = name + ": " + std::to_string(run.rows) + " rows, " + std::to_string(run.nnz) +
                  " non-zeros, " + std::to_string(nodes) + (nodes == 1 ? " node" : " nodes");
    chart.tolerance = o.tolerance;
    write_convergence_chart(o.plot_path, chart_series(run.solves), chart);
  });
  return all;
}

int run_solve(const Options& o) {
  for (const auto& [path, flag] : {std::pair{o.output_path, "--output"},
                                   {o.report_path, "--report"},
                                   {o.history_path, "--history"},
                                   {o.plot_path, "--plot"}}) {
    require_writable(path, flag);
  }
  const auto start = Clock::now();
  RunReport run;
  run.matrix_path = o.matrix_path;
  run.rhs_path = o.rhs_path;
  run.criteria = StopCriteria{o.tolerance, o.max_iterations};

  const LinearSystem system =
      load_system(o.matrix_path, o.rhs_path, [] { throw_if_interrupted(); });
  const CsrMatrix& a = system.a;
  run.rows = a.rows;
  run.nnz = a.nnz();
  run.file_bytes = system.file_bytes;
  run.parse_seconds = system.parse_seconds;
  run.read_seconds = system.read_seconds;
  // ||b|| scales every relative residual: it must be a finite, representable number
  const double rhs_norm = norm2(system.b);
  const std::string b_name =
      system.b_is_a_times_ones ? o.matrix_path + ": b = A*1" : o.rhs_path + ": b";
  if (!std::isfinite(rhs_norm)) {
    throw InputError(b_name + " has a 2-norm beyond the range of a double; scale the system down");
  }
  if (rhs_norm == 0.0 &&
      std::any_of(system.b.begin(), system.b.end(), [](double v) { return v != 0.0; })) {
    // the squares underflowed: taken for b = 0, the solve would return x = 0 as converged
    throw InputError(b_name + " is so small that its 2-norm underflows to 0; scale the system up");
  }

  if (has(o.methods, SolveMethod::cg)) {
    require_symmetric(o, a);  // an input error: the only thing said
    run.symmetric = true;
  }
  print_parse(o, system);
  const auto weak_row = first_row_not_diagonally_dominant(a);
  run.diagonally_dominant = !weak_row;
  if (has(o.methods, SolveMethod::jacobi)) print_jacobi_expectations(o, weak_row);

  const ReductionChunks chunks = ReductionChunks::for_rows(a.rows);
  run.chunk_rows = chunks.chunk_rows();
  int nodes = o.nodes;
  if (nodes > chunks.count()) {
    // a node holds whole reduction chunks; below 2048 rows a chunk is one row
    if (o.nodes_given) {
      std::fprintf(
          stderr, "warning: --nodes %d is more than the %lld row chunks; using %lld nodes\n", nodes,
          static_cast<long long>(chunks.count()), static_cast<long long>(chunks.count()));
    }
    nodes = static_cast<int>(chunks.count());
  }
  RowPartition partition = RowPartition::balanced_by_nnz(a, nodes, chunks.chunk_rows());
  std::int64_t largest = 0;
  for (int part = 0; part < partition.parts(); ++part)
    largest = std::max(largest, partition.block(part).size());
  Cluster cluster(cluster_options(o, nodes, largest));
  ClusterJob job(cluster, a, system.b, std::move(partition), chunks, o.shared_memory);
  run.nodes = job.assignments();
  run.shared_memory_nodes = job.sharing_nodes();
  run.distribution_seconds = job.distribution_seconds();
  run.setup_seconds = seconds_since(start);

  const bool diagnose =
      o.diagnose == DiagnoseMode::always ||
      (o.diagnose == DiagnoseMode::automatic && weak_row && has(o.methods, SolveMethod::jacobi));
  if (diagnose) {
    run.diagnosis = diagnose_jacobi(
        job, o.omega, o.diagnose_products > 0 ? static_cast<int>(o.diagnose_products) : 100,
        o.tolerance, run.diagnosis_stats);
    run.diagnosis_omega = o.omega;
    // whether to suggest CG matters only when Jacobi will diverge
    const auto& rho = run.diagnosis->spectral_radius;
    const bool diverges = rho && !(*rho < 1.0);
    const bool symmetric = run.symmetric.value_or(diverges && !first_asymmetric_entry(a));
    for (const std::string& line : describe(*run.diagnosis, o.omega, o.tolerance, symmetric))
      std::fprintf(stderr, "%s\n", line.c_str());
  }

  ProgressLine progress(!o.quiet);
  for (const SolveMethod method : o.methods) {
    MethodRun m;
    m.method = method;
    m.omega = method == SolveMethod::jacobi ? o.omega : 1.0;
    progress.begin(method_label(m.method, m.omega));
    const auto on_progress = [&](std::int64_t k, double r) { progress.update(k, r); };
    m.result =
        method == SolveMethod::jacobi
            ? solve_jacobi_on_cluster(job, run.criteria, m.omega, rhs_norm, on_progress, m.stats)
            : solve_cg_on_cluster(job, run.criteria, rhs_norm, on_progress, m.stats);
    progress.finish();
    print_summary(o, run, nodes, m);
    run.solves.push_back(std::move(m));
  }
  cluster.shutdown();
  const bool written = write_outputs(o, run, nodes);
  std::fprintf(stderr, "total %.3f s (setup %.3f s: parse %.3f s, distribution %.3f s)\n",
               seconds_since(start), run.setup_seconds, run.parse_seconds,
               run.distribution_seconds);
  for (const MethodRun& m : run.solves) {
    if (m.result.outcome != SolveOutcome::converged) return exit_code(m.result.outcome);
  }
  return written ? kExitConverged : kExitInput;  // converged, but an output could not be written
}

}  // namespace

int main(int argc, char** argv) {
  // Keep big message buffers inside the heap instead of mmap/munmap for every message: on these
  // machines a fresh page costs ~11 us to fault in (see PERFORMANCE.md).
  mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
  install_signal_handlers();
  const auto parsed = parse_options(argc, argv);
  if (const int* code = std::get_if<int>(&parsed)) return *code;
  const Options& options = std::get<Options>(parsed);
  try {
    return options.double_list.empty() ? run_solve(options) : run_doubling(options);
  } catch (const InputError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kExitInput;
  } catch (const Interrupted& e) {
    std::fprintf(stderr, "\ncoordinator: %s; nodes stopped\n", e.what());
    return 128 + e.signal_number();
  } catch (const ClusterError& e) {
    std::fprintf(stderr, "coordinator: cluster failure: %s\n", e.what());
    return kExitCluster;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "coordinator: %s\n", e.what());
    return kExitInternal;
  }
}
