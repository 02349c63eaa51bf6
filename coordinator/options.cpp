#include "coordinator/options.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

namespace slae::coordinator {
namespace {

std::string program_directory() {
  char path[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return ".";
  std::string self(path, static_cast<std::size_t>(n));
  return self.substr(0, self.find_last_of('/'));
}

// "jacobi,cg" -> methods, in order; each at most once.
std::vector<SolveMethod> parse_methods(const std::string& list) {
  std::vector<SolveMethod> methods;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string name = list.substr(start, comma - start);
    SolveMethod method;
    if (name == "jacobi")
      method = SolveMethod::jacobi;
    else if (name == "cg")
      method = SolveMethod::cg;
    else
      throw CLI::ValidationError("--method", "'" + name + "' is not a method (jacobi, cg)");
    if (std::find(methods.begin(), methods.end(), method) != methods.end())
      throw CLI::ValidationError("--method", "'" + name + "' is listed twice");
    methods.push_back(method);
    start = comma + 1;
  }
  return methods;
}

}  // namespace

const char* method_name(SolveMethod method) {
  return method == SolveMethod::cg ? "cg" : "jacobi";
}

std::variant<Options, int> parse_options(int argc, char** argv) {
  Options o;
  o.nodes = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  CLI::App app{
      "coordinator: solves A x = b by Jacobi iteration or conjugate gradients on a cluster of\n"
      "slae-node processes.\n"
      "Exit codes: 0 converged (or --double done), 1 internal error, 2 bad input or usage\n"
      "(or an output could not be written after a converged solve),\n"
      "3 max iterations reached, 4 diverged or broke down, 5 cluster failure (a node died or\n"
      "went silent), 130/143 interrupted by SIGINT/SIGTERM. With several methods: 0 when all\n"
      "converged, else the code of the first that did not."};
  app.get_formatter()->column_width(34);
  auto* matrix = app.add_option("--matrix", o.matrix_path, "A, a square Matrix Market file");
  std::vector<CLI::Option*> solve_only;  // meaningless with --double: refused there
  solve_only.push_back(app.add_option("--rhs", o.rhs_path,
                                      "b, an n x 1 Matrix Market file (default: b = A*1, so x = 1)")
                           ->needs(matrix));
  auto* doubling = app.add_option("--double", o.double_list,
                                  "smoke test: double a comma-separated list on the nodes");
  matrix->excludes(doubling);
  auto* nodes =
      app.add_option("--nodes", o.nodes, "number of slae-node processes (default: CPU cores)")
          ->check(CLI::Range(1, 1024))
          ->capture_default_str();
  solve_only.push_back(app.add_option("--tol", o.tolerance, "stop when ||b - Ax||2 / ||b||2 <= tol")
                           ->check(CLI::NonNegativeNumber)
                           ->capture_default_str());
  solve_only.push_back(
      app.add_option("--max-iter", o.max_iterations, "give up after this many iterations (exit 3)")
          ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 40))
          ->capture_default_str());
  std::string methods = "jacobi";
  solve_only.push_back(
      app.add_option("--method", methods,
                     "jacobi, cg (conjugate gradients with the Jacobi preconditioner, for "
                     "symmetric positive definite A), or a comma-separated list compared one "
                     "after the other")
          ->capture_default_str());
  auto* omega = app.add_option("--omega", o.omega, "weight of weighted Jacobi, 0 < W < 2")
                    ->check(CLI::Range(0.0, 2.0))
                    ->capture_default_str();
  solve_only.push_back(omega);
  bool diagnose = false, no_diagnose = false;
  auto* diagnose_flag = app.add_flag("--diagnose", diagnose,
                                     "estimate rho(J) by power iterations before Jacobi "
                                     "(automatic when A is not strictly diagonally dominant)");
  solve_only.push_back(diagnose_flag);
  solve_only.push_back(app.add_flag("--no-diagnose", no_diagnose, "never run the diagnosis")
                           ->excludes(diagnose_flag));
  solve_only.push_back(app.add_option("--diagnose-iterations", o.diagnose_iterations,
                                      "power iterations of the diagnosis")
                           ->check(CLI::Range(2, 100000))
                           ->capture_default_str());
  solve_only.push_back(
      app.add_option("--output", o.output_path,
                     "write x as a Matrix Market array ('-': stdout); of the first method"));
  solve_only.push_back(app.add_option("--history", o.history_path,
                                      "write the residual history as CSV (method, iteration, "
                                      "relative_residual, factor, seconds)"));
  solve_only.push_back(app.add_option(
      "--plot", o.plot_path,
      "draw the residual against the iteration as an SVG chart, one line per method"));
  solve_only.push_back(app.add_option("--report", o.report_path, "write a JSON report of the run"));
  app.add_flag("--quiet", o.quiet, "no live progress line");
  app.add_flag("--verbose", o.verbose, "log cluster events (nodes, messages) to stderr");
  std::string transport = "ipc";
  app.add_option("--transport", transport,
                 "ipc (private 0700 directory) or tcp (127.0.0.1, port chosen by the OS)")
      ->check(CLI::IsMember({"ipc", "tcp"}))
      ->capture_default_str();
  bool no_shared_memory = false;
  solve_only.push_back(
      app.add_flag("--no-shared-memory", no_shared_memory,
                   "send every block of x through the socket, even from nodes on this machine "
                   "(which otherwise write it to shared memory)"));
  for (CLI::Option* option : solve_only)
    doubling->excludes(option);
  app.add_option("--node-program", o.node_program,
                 "the slae-node executable (default: beside this one)");
  app.add_option("--reply-timeout", o.reply_timeout_s,
                 "fail (exit 5) when no node has answered for this many seconds")
      ->check(CLI::Range(0.001, 7 * 24 * 3600.0))  // a week: far from overflowing milliseconds
      ->capture_default_str();
  app.add_option("--test-stagger-ms", o.test_stagger_ms, "TEST ONLY: node i delays replies")
      ->group("");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "coordinator: %s (see --help)\n", e.what());
    return 2;
  }
  if (o.matrix_path.empty() && o.double_list.empty()) {
    std::fprintf(stderr, "coordinator: give --matrix A.mtx or --double 1,2,3 (see --help)\n");
    return 2;
  }
  for (const auto& [path, flag] : {std::pair{o.history_path, "--history"},
                                   {o.plot_path, "--plot"},
                                   {o.report_path, "--report"}}) {
    if (path == "-") {
      std::fprintf(stderr,
                   "coordinator: %s needs a file name; only --output writes to stdout "
                   "('-')\n",
                   flag);
      return 2;
    }
  }
  o.nodes_given = nodes->count() > 0;
  o.transport = transport == "tcp" ? Transport::tcp : Transport::ipc;
  o.shared_memory = !no_shared_memory;
  try {
    o.methods = parse_methods(methods);
  } catch (const CLI::ValidationError& e) {
    std::fprintf(stderr, "coordinator: %s (see --help)\n", e.what());
    return 2;
  }
  if (o.omega <= 0.0 || o.omega >= 2.0) {
    std::fprintf(stderr, "coordinator: --omega must lie strictly between 0 and 2 (see --help)\n");
    return 2;
  }
  if (omega->count() > 0 &&
      std::find(o.methods.begin(), o.methods.end(), SolveMethod::jacobi) == o.methods.end()) {
    std::fprintf(stderr, "coordinator: --omega weighs Jacobi, but --method has no jacobi\n");
    return 2;
  }
  o.diagnose = diagnose      ? DiagnoseMode::always
               : no_diagnose ? DiagnoseMode::never
                             : DiagnoseMode::automatic;
  if (o.node_program.empty()) o.node_program = program_directory() + "/slae-node";
  if (::access(o.node_program.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "coordinator: cannot run the node program %s: %s\n",
                 o.node_program.c_str(), std::strerror(errno));
    return 2;
  }
  return o;
}

}  // namespace slae::coordinator
