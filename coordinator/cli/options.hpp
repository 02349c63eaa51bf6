#pragma once
// The command lines of coordinator and customer: the same solve flags, different cluster ones.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "coordinator/local/transport.hpp"
#include "coordinator/text/method_list.hpp"

namespace slae::coordinator {

/// Which program is parsing: they share the solve, input and output flags.
enum class Program { coordinator, customer };

/// "coordinator" or "customer": how the program names itself at the start of its lines.
const char* program_name(Program program);

/// What a run does.
enum class RunMode {
  solve,     ///< --matrix
  doubling,  ///< --double (the smoke test)
  serve,     ///< coordinator --serve: the broker alone, until SIGINT/SIGTERM
  status,    ///< customer --status
  cancel,    ///< customer --cancel
  keygen,    ///< coordinator --keygen: writes a key pair
};

/// The default bound on a customer's job (A, b and x* as they travel): 2 GiB.
inline constexpr std::int64_t kDefaultMaxJobBytes = std::int64_t{2} << 30;
/// The default bounds on A (--max-rows, --max-nnz), for files and for customers' jobs: far above
/// the course's matrices and the benchmarks' (Poisson 1e6: 5e6 entries), far below what would
/// exhaust a lab machine's memory by surprise.
inline constexpr std::int64_t kDefaultMaxRows = 50'000'000;
inline constexpr std::int64_t kDefaultMaxNnz = 500'000'000;
/// The default bound on a standing broker's connections at once (--max-peers).
inline constexpr int kDefaultMaxPeers = 1000;

/// When to run the diagnosis of Jacobi before solving.
enum class DiagnoseMode { automatic, always, never };

struct Options {
  Program program = Program::coordinator;
  RunMode mode = RunMode::solve;
  std::string matrix_path;              ///< --matrix
  std::string rhs_path;                 ///< --rhs (empty: b = A * 1)
  std::string exact_path;               ///< --exact: the exact solution x*, for the error
  std::string double_list;              ///< --double (the smoke test), exclusive with --matrix
  int nodes = 1;                        ///< --nodes
  bool nodes_given = false;             ///< --nodes was on the command line (not the default)
  double tolerance = 1e-8;              ///< --tol
  std::int64_t max_iterations = 10000;  ///< --max-iter
  std::vector<SolveMethod> methods = {SolveMethod::jacobi};  ///< --method, run in this order
  double omega = 1.0;  ///< --omega's (first) weight, of Jacobi and SOR
  /// --omega's weights: one, or several for a sweep (empty: --omega not given)
  std::vector<double> omegas;
  DiagnoseMode diagnose = DiagnoseMode::automatic;  ///< --diagnose / --no-diagnose
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
  bool shared_memory = true;  ///< off with --no-shared-memory: blocks go through the socket
  /// --collect-every: workers without shared memory send their block every K iterations (0: the
  /// default rule, jacobi_pipeline.hpp)
  std::uint32_t collect_every = 0;
  std::string checkpoint_path;             ///< --checkpoint
  std::int64_t checkpoint_every = 100;     ///< --checkpoint-every
  std::string resume_path;                 ///< --resume
  std::string node_program;                ///< --node-program (default: slae-node beside us)
  double reply_timeout_s = 30.0;           ///< --reply-timeout
  bool replace_lost = true;                ///< off with --no-replace: a lost node's rows are spread
  std::int64_t cg_checkpoint_every = 100;  ///< --cg-checkpoint-every (kCgCheckpointEvery)
  int heartbeat_ms = 500;                  ///< --heartbeat-ms (protocol/liveness.hpp)
  int retry = 0;                           ///< customer --retry: resubmissions after broker loss
  int test_stagger_ms = 0;                 ///< hidden, for tests
  std::vector<std::string> test_signals;   ///< hidden, for tests: --test-signal PART:SIG@ITER
  std::vector<std::string> test_node_deaths;  ///< hidden, for tests: --test-node-dies PART:WHEN
  // the broker (coordinator --serve)
  std::string serve_endpoint;                        ///< --serve
  bool insecure_bind = false;                        ///< --insecure-bind
  std::int64_t max_job_bytes = kDefaultMaxJobBytes;  ///< --max-job-bytes
  std::int64_t max_rows = kDefaultMaxRows;           ///< --max-rows (files and jobs)
  std::int64_t max_nnz = kDefaultMaxNnz;             ///< --max-nnz (files and jobs)
  int max_peers = kDefaultMaxPeers;                  ///< --max-peers
  std::string worker_keys_dir;                       ///< --worker-keys
  std::string customer_keys_dir;                     ///< --customer-keys
  // keys (broker and customer)
  std::string keygen_name;      ///< --keygen NAME: NAME.key and NAME.pub
  std::string key_path;         ///< --key: our own pair (a NAME.key file)
  std::string broker_key_path;  ///< --broker-key: the broker's public key (customer)
  // the customer
  std::string broker_endpoint;         ///< --broker
  bool status_json = false;            ///< --status --json
  std::uint64_t cancel_job = 0;        ///< --cancel
  double connect_timeout_s = 10.0;     ///< --connect-timeout
  bool connect_timeout_given = false;  ///< --connect-timeout was on the command line
  /// --status --watch [S]: redraw the status every S seconds until Ctrl-C (0: once)
  double watch_seconds = 0.0;
};

/// Parses argv. Returns the options, or an exit code when parsing ended the run
/// (0 after --help, 2 after a usage error, which is printed as one line).
std::variant<Options, int> parse_options(int argc, char** argv,
                                         Program program = Program::coordinator);

/// Whether a --serve endpoint can be reached only from this machine (ipc, inproc, tcp on a
/// loopback address).
bool is_local_endpoint(const std::string& endpoint);

}  // namespace slae::coordinator
