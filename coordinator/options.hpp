#pragma once
// The coordinator's command line.
#include <cstdint>
#include <string>
#include <variant>

#include "coordinator/cluster.hpp"

namespace slae::coordinator {

struct Options {
  std::string matrix_path;              ///< --matrix
  std::string rhs_path;                 ///< --rhs (empty: b = A * 1)
  std::string double_list;              ///< --double (the smoke test), exclusive with --matrix
  int nodes = 1;                        ///< --nodes
  double tolerance = 1e-8;              ///< --tol
  std::int64_t max_iterations = 10000;  ///< --max-iter
  std::string output_path;              ///< --output ("-" = stdout)
  std::string report_path;              ///< --report
  bool quiet = false;                   ///< --quiet
  bool verbose = false;                 ///< --verbose
  Transport transport = Transport::ipc;
  std::string node_program;       ///< --node-program (default: slae-node beside us)
  double reply_timeout_s = 30.0;  ///< --reply-timeout
  int test_stagger_ms = 0;        ///< hidden, for tests
};

/// Parses argv. Returns the options, or an exit code when parsing ended the run
/// (0 after --help, 2 after a usage error, which is printed).
std::variant<Options, int> parse_options(int argc, char** argv);

}  // namespace slae::coordinator
