#pragma once
// The coordinator's command line.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "coordinator/local_cluster.hpp"

namespace slae::coordinator {

enum class SolveMethod { jacobi, cg };

/// "jacobi", "cg".
const char* method_name(SolveMethod method);

/// When to run the diagnosis of Jacobi before solving.
enum class DiagnoseMode { automatic, always, never };

struct Options {
  std::string matrix_path;              ///< --matrix
  std::string rhs_path;                 ///< --rhs (empty: b = A * 1)
  std::string exact_path;               ///< --exact: the exact solution x*, for the error
  std::string double_list;              ///< --double (the smoke test), exclusive with --matrix
  int nodes = 1;                        ///< --nodes
  bool nodes_given = false;             ///< --nodes was on the command line (not the default)
  double tolerance = 1e-8;              ///< --tol
  std::int64_t max_iterations = 10000;  ///< --max-iter
  std::vector<SolveMethod> methods = {SolveMethod::jacobi};  ///< --method, run in this order
  double omega = 1.0;                                        ///< --omega (Jacobi's weight)
  DiagnoseMode diagnose = DiagnoseMode::automatic;           ///< --diagnose / --no-diagnose
  /// --diagnose-products: the most matrix-vector products the diagnosis may spend (0: its
  /// default, a share of --max-iter; see jacobi_diagnosis.hpp)
  std::int64_t diagnose_products = 0;
  std::string history_path;  ///< --history (CSV)
  std::string plot_path;     ///< --plot (SVG)
  bool plot_log_x = false;   ///< --plot-x log
  std::string output_path;   ///< --output ("-" = stdout)
  std::string report_path;   ///< --report
  bool quiet = false;        ///< --quiet
  bool verbose = false;      ///< --verbose
  Transport transport = Transport::ipc;
  bool shared_memory = true;      ///< off with --no-shared-memory: blocks go through the socket
  std::string node_program;       ///< --node-program (default: slae-node beside us)
  double reply_timeout_s = 30.0;  ///< --reply-timeout
  int test_stagger_ms = 0;        ///< hidden, for tests
};

/// Parses argv. Returns the options, or an exit code when parsing ended the run
/// (0 after --help, 2 after a usage error, which is printed as one line).
std::variant<Options, int> parse_options(int argc, char** argv);

}  // namespace slae::coordinator
