// The flags of a solve, registered with their help texts and checks: its input, its method and
// stopping rule, its outputs, and its cluster (or, for customer, its broker). Part of the option
// parsing (options_flags.hpp); what they mean once parsed is checked in options.cpp.
#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "coordinator/cli/options_flags.hpp"

namespace slae::coordinator {

void add_input_flags(CLI::App& app, Options& o, SolveFlags& f) {
  const char* input = "Input";
  app.add_option("--matrix", o.matrix_path,
                 "A: a square Matrix Market file (.mtx, or gzip-compressed .mtx.gz; - reads "
                 "standard input)")
      ->type_name("FILE")
      ->group(input);
  f.solve_only.push_back(app.add_option("--rhs", o.rhs_path,
                                        "b: an n x 1 (or 1 x n) Matrix Market file, gzip or -, as "
                                        "--matrix (default: b = A*1, whose exact solution is all "
                                        "ones)")
                             ->type_name("FILE")
                             ->group(input));
  f.solve_only.push_back(app.add_option("--exact", o.exact_path,
                                        "the exact solution x*, to report the error "
                                        "||x - x*|| / ||x*|| (known without it when b = A*1)")
                             ->type_name("FILE")
                             ->group(input));
  app.add_option("--double", o.double_list,
                 "smoke test: double a comma-separated list on the nodes "
                 "(takes no solve flags)")
      ->type_name("LIST")
      ->group(input);
}

void add_method_flags(CLI::App& app, Options& o, SolveFlags& f) {
  const char* solve = "Solve";
  f.solve_only.push_back(
      app.add_option("--method", f.methods,
                     "jacobi (default), gauss-seidel (in a greedy multicolour ordering), sor "
                     "(the same with --omega), cg (conjugate gradients with the Jacobi "
                     "preconditioner, for symmetric positive definite A), or a list compared "
                     "one after the other: jacobi,gauss-seidel,cg")
          ->type_name("M")
          ->group(solve));
  f.omega = app.add_option("--omega", f.omega_text,
                           "weight of weighted Jacobi and of SOR, 0 < W < 2 (Jacobi's "
                           "default 1: plain Jacobi; sor needs one); a list 0.8,1,1.2 or a "
                           "range 0.5:1.5:0.1 sweeps: one solve per weight on the same "
                           "nodes, a table, and --plot draws iterations against W")
                ->type_name("W")
                ->group(solve);
  f.solve_only.push_back(f.omega);
  f.solve_only.push_back(
      app.add_option("--tol", o.tolerance, "stop when ||b - Ax||2 / ||b||2 <= TOL (default 1e-8)")
          ->type_name("TOL")
          ->check(number_in(0.0, 1e300))
          ->group(solve));
  f.solve_only.push_back(
      app.add_option("--max-iter", o.max_iterations,
                     "give up after N iterations, exit 3 (default 10000)")
          ->type_name("N")
          ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 40).description(""))
          ->group(solve));
  auto* diagnose_flag =
      app.add_flag("--diagnose", f.diagnose,
                   "estimate the spectral radius of the iteration matrix of Jacobi (and of "
                   "Gauss-Seidel and SOR, per weight) before they run, and predict their "
                   "iterations (automatic when A is not strictly diagonally dominant; in a "
                   "sweep, Gauss-Seidel's and SOR's only when asked)")
          ->group(solve);
  f.solve_only.push_back(diagnose_flag);
  // (their conflict is checked after parsing: CLI11's excludes() would print "Excludes:" in
  // the help)
  f.solve_only.push_back(
      app.add_flag("--no-diagnose", f.no_diagnose, "never run the diagnosis")->group(solve));
  f.solve_only.push_back(
      app.add_option("--diagnose-products,--diagnose-iterations", o.diagnose_products,
                     "the most matrix-vector products the diagnosis may spend "
                     "(default: 5% of --max-iter, at least 200)")
          ->type_name("N")
          ->check(CLI::Range(std::int64_t{2}, std::int64_t{1} << 30).description(""))
          ->group(solve));
}

void add_output_flags(CLI::App& app, Options& o, SolveFlags& f) {
  const char* outputs = "Outputs";
  f.solve_only.push_back(app.add_option("--output", o.output_path,
                                        "write x (of the first method) as a Matrix Market array; "
                                        "'-': standard output")
                             ->type_name("FILE")
                             ->group(outputs));
  f.solve_only.push_back(app.add_option("--report", o.report_path, "write a JSON report of the run")
                             ->type_name("FILE")
                             ->group(outputs));
  f.solve_only.push_back(app.add_option("--history", o.history_path,
                                        "write every iteration's residual as CSV (method, "
                                        "iteration, relative_residual, factor, seconds, error)")
                             ->type_name("FILE")
                             ->group(outputs));
  f.solve_only.push_back(app.add_option("--plot", o.plot_path,
                                        "draw the residual against the iteration as an SVG chart, "
                                        "one line per method")
                             ->type_name("FILE.svg")
                             ->group(outputs));
  f.solve_only.push_back(app.add_option("--plot-x", f.plot_x,
                                        "the chart's iteration axis: linear (default) or log "
                                        "(from iteration 1), which keeps a short CG line "
                                        "readable beside a long Jacobi one")
                             ->type_name("SCALE")
                             ->check(CLI::IsMember({"linear", "log"}).description(""))
                             ->group(outputs));
  app.add_flag("--quiet", o.quiet, "no live status line")->group(outputs);
  app.add_flag("--verbose", o.verbose, "log cluster events (nodes, messages) to stderr")
      ->group(outputs);
}

void add_cluster_flags(CLI::App& app, Options& o, SolveFlags& f, bool customer) {
  const char* cluster = customer ? "Broker" : "Cluster";
  f.nodes =
      app.add_option("--nodes", o.nodes,
                     customer ? "workers wanted: the job starts on at most N of the idle ones "
                                "(default: every idle worker)"
                              : "number of slae-node processes (default: the CPU cores)")
          ->type_name("N")
          ->check(CLI::Range(1, 1024).description(""))
          ->group(cluster);
  f.solve_only.push_back(
      app.add_flag("--no-shared-memory", f.no_shared_memory,
                   "send every block of x through the socket, even from nodes on this machine "
                   "(which otherwise write it to shared memory)")
          ->group(cluster));
  f.solve_only.push_back(
      app.add_option("--collect-every", o.collect_every,
                     "Jacobi on workers that do not share memory with the coordinator: each "
                     "sends its whole block of x every K iterations (and at the end), and in "
                     "between only the values other blocks need (default: 50 for workers on "
                     "other machines, 1 for those on this one)")
          ->type_name("K")
          ->check(CLI::Range(1, 1000000).description(""))
          ->group(cluster));
  if (!customer) {
    app.add_option("--transport", f.transport,
                   "ipc (default: a socket in a private 0700 directory) or tcp (127.0.0.1, "
                   "encrypted, nodes authenticated by keys made for the run)")
        ->type_name("T")
        ->check(CLI::IsMember({"ipc", "tcp"}).description(""))
        ->group(cluster);
    app.add_option("--node-program", o.node_program,
                   "the slae-node executable (default: the one beside this program)")
        ->type_name("PATH")
        ->group(cluster);
    app.add_option("--reply-timeout", o.reply_timeout_s,
                   "fail (exit 5) when a node owes a reply for this many seconds (default 30)")
        ->type_name("S")
        ->check(number_in(0.001, 7 * 24 * 3600.0))  // a week: far from overflowing milliseconds
        ->group(cluster);
    app.add_option("--test-signal", o.test_signals, "TEST ONLY: PART|self:SIGNAL@ITERATION")
        ->group("");
    app.add_option("--test-stagger-ms", o.test_stagger_ms, "TEST ONLY: node i delays replies")
        ->group("");
    app.add_option("--test-node-dies", o.test_node_deaths,
                   "TEST ONLY: PART:WHEN, node PART's first process kills itself then")
        ->group("");
  }
}

}  // namespace slae::coordinator
