// coordinator: reads A (and b), starts the nodes, runs distributed Jacobi, writes the results.
// Only this file turns exceptions into messages and exit codes (listed in --help and README).
#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <variant>

#include "coordinator/array_doubling.hpp"
#include "coordinator/distributed_jacobi.hpp"
#include "coordinator/options.hpp"
#include "coordinator/progress_line.hpp"
#include "coordinator/report.hpp"
#include "coordinator/signals.hpp"
#include "solver/input_error.hpp"
#include "solver/matrix_market.hpp"
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

ClusterOptions cluster_options(const Options& o, int nodes) {
  ClusterOptions c;
  c.nodes = nodes;
  c.node_program = o.node_program;
  c.transport = o.transport;
  c.reply_timeout = std::chrono::milliseconds(static_cast<long long>(o.reply_timeout_s * 1000));
  c.test_stagger_ms = o.test_stagger_ms;
  c.verbose = o.verbose;
  return c;
}

// Fails early, before any work, when an output could not be written later.
void require_writable(const std::string& path, const char* flag) {
  if (path.empty() || path == "-") return;
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
  Cluster cluster(cluster_options(o, nodes));
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

std::vector<double> load_rhs(const Options& o, const CsrMatrix& a) {
  if (o.rhs_path.empty()) {
    std::vector<double> ones(a.cols, 1.0), b(a.rows, 0.0);
    a.multiply(ones, b);
    std::fprintf(stderr,
                 "no --rhs given: solving with b = A*1, so the exact solution is all ones\n");
    return b;
  }
  std::vector<double> b = read_matrix_market_vector(o.rhs_path);
  if (static_cast<std::int64_t>(b.size()) != a.rows) {
    throw InputError(o.rhs_path + ": b has " + std::to_string(b.size()) + " rows but A has " +
                     std::to_string(a.rows));
  }
  return b;
}

void write_solution(const std::string& path, const std::vector<double>& x) {
  if (path == "-") {
    write_matrix_market_vector(stdout, x);
    if (std::fflush(stdout) != 0) throw std::runtime_error("cannot write x to standard output");
    return;
  }
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) throw std::runtime_error(path + ": cannot open for writing");
  try {
    write_matrix_market_vector(f, x);
  } catch (...) {
    std::fclose(f);
    throw;
  }
  if (std::fclose(f) != 0) throw std::runtime_error(path + ": write failed");
}

int run_solve(const Options& o) {
  require_writable(o.output_path, "--output");
  require_writable(o.report_path, "--report");
  const auto start = Clock::now();
  RunReport run;
  run.matrix_path = o.matrix_path;
  run.rhs_path = o.rhs_path;
  run.criteria = StopCriteria{o.tolerance, o.max_iterations};

  CsrMatrix a;
  {
    const CooMatrix coo = read_matrix_market(o.matrix_path);
    try {
      require_nonzero_diagonal(coo);
    } catch (const InputError& e) {
      throw InputError(o.matrix_path + ": " + e.what());
    }
    a = CsrMatrix::from_coo(coo);
  }
  const std::vector<double> b = load_rhs(o, a);
  run.rows = a.rows;
  run.nnz = a.nnz();
  run.read_seconds = seconds_since(start);

  const auto weak_row = first_row_not_diagonally_dominant(a);
  run.diagonally_dominant = !weak_row;
  if (weak_row) {
    std::fprintf(stderr,
                 "warning: A is not strictly diagonally dominant by rows (row %lld is not); "
                 "Jacobi may diverge\n",
                 static_cast<long long>(*weak_row + 1));
  } else {
    std::fprintf(stderr, "A is strictly diagonally dominant by rows: Jacobi converges\n");
  }
  int nodes = o.nodes;
  if (nodes > a.rows) {
    std::fprintf(stderr, "warning: --nodes %d is more than the %lld rows; using %lld nodes\n",
                 nodes, static_cast<long long>(a.rows), static_cast<long long>(a.rows));
    nodes = static_cast<int>(a.rows);
  }
  const RowPartition partition = RowPartition::balanced_by_nnz(a, nodes);
  Cluster cluster(cluster_options(o, nodes));

  ProgressLine progress(!o.quiet);
  const SolveResult result = solve_jacobi_distributed(
      cluster, a, b, partition, run.criteria,
      [&](std::int64_t k, double r) { progress.update(k, r); }, run.stats);
  progress.finish();
  cluster.shutdown();
  run.solve_seconds = run.stats.iteration_seconds;
  run.setup_seconds = seconds_since(start) - run.solve_seconds;

  if (!o.output_path.empty()) write_solution(o.output_path, result.x);
  if (!o.report_path.empty()) write_report(o.report_path, run, result);
  std::fprintf(stderr,
               "%s: %lld rows, %lld nnz, %d nodes, %lld iterations, relative residual %.3e, "
               "%.3f s (setup %.3f s, solve %.3f s): %s\n",
               o.matrix_path.c_str(), static_cast<long long>(run.rows),
               static_cast<long long>(run.nnz), nodes, static_cast<long long>(result.iterations),
               result.relative_residual, seconds_since(start), run.setup_seconds, run.solve_seconds,
               std::string(to_string(result.outcome)).c_str());
  switch (result.outcome) {
    case SolveOutcome::converged:
      return kExitConverged;
    case SolveOutcome::max_iterations:
      return kExitMaxIterations;
    case SolveOutcome::diverged:
      return kExitDiverged;
    case SolveOutcome::running:
      break;
  }
  return kExitInternal;
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
