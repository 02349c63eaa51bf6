#include "coordinator/cli/options.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "coordinator/cli/options_flags.hpp"
#include "coordinator/text/flag_suggestion.hpp"
#include "coordinator/text/omega_list.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {

// A check run on the flag's text before CLI11 converts it: a finite number in [min, max] (or
// (min, max) when open), with a message that says what is wrong with the text.
CLI::Validator number_in(double min, double max, bool open) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        double v = 0.0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, v);
        if (text.empty() || ptr != end || ec == std::errc::invalid_argument) {
          return "'" + printable(text) + "' is not a number";
        }
        if (ec == std::errc::result_out_of_range || !std::isfinite(v)) {
          return "'" + printable(text) + "' is not a finite number";
        }
        char range[96];
        std::snprintf(range, sizeof range, "%s%g, %g%s", open ? "(" : "[", min, max,
                      open ? ")" : "]");
        if (open ? !(v > min && v < max) : !(v >= min && v <= max)) {
          return printable(text) + " is outside " + range;
        }
        return {};
      },
      "", "number_in");
}

namespace {

constexpr const char* kExamples = R"(Examples:
  coordinator --matrix matrices/gr_30_30.mtx --nodes 4 --output x.mtx
  coordinator --matrix A.mtx --rhs b.mtx --tol 1e-10 --max-iter 50000 --report run.json
  coordinator --matrix matrices/gr_30_30.mtx --method jacobi,cg --history h.csv --plot c.svg
  coordinator --matrix matrices/bcsstk13.mtx --method cg
  coordinator --matrix matrices/gr_30_30.mtx --method sor --omega 1:1.9:0.1 --plot w.svg
  coordinator --double 1,2,3,4,5 --nodes 2
  coordinator --serve tcp://127.0.0.1:5555       (a broker; workers: slae-node --connect ...)

Exit codes: 0 converged (or --double done); 1 internal error; 2 bad input or usage (or an
output could not be written after a converged solve); 3 max iterations reached; 4 diverged or
broke down; 5 cluster failure (every node lost, a node that lied, no reply within
--reply-timeout); 130/143 interrupted by SIGINT/SIGTERM. With several methods: 0 when all
converged, else the code of the first that did not; in a sweep (--omega with several weights)
a method counts as converged when one of its weights did.)";

std::string program_directory() {
  char path[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return ".";
  std::string self(path, static_cast<std::size_t>(n));
  return self.substr(0, self.find_last_of('/'));
}

// Every long flag of the app ("--tol"), hidden ones included, for suggestions.
std::vector<std::string> long_flags(const CLI::App& app) {
  std::vector<std::string> flags;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames())
      flags.push_back("--" + name);
  }
  return flags;
}

// What is left over after parsing: a mistyped flag, or a path given without --matrix.
std::string explain_leftovers(const CLI::App& app, const std::vector<std::string>& left) {
  const std::string& first = left.front();
  if (first.size() > 1 && first[0] == '-') {
    const std::string flag = first.substr(0, first.find('='));
    std::string line = "unknown flag " + printable(flag, 60);
    if (const auto near = nearest_flag(flag, long_flags(app)))
      line += "; did you mean " + *near + "?";
    return line;
  }
  std::string line = "unexpected argument '" + printable(first, 60) + "'";
  if (::access(first.c_str(), F_OK) == 0 || first.ends_with(".mtx") || first.ends_with(".mm")) {
    line += "; did you mean --matrix " + printable(first, 60) + "?";
  }
  return line;
}

constexpr const char* kCustomerExamples = R"(Examples:
  customer --broker tcp://lab1:5555 --matrix matrices/gr_30_30.mtx --output x.mtx
  customer --broker tcp://lab1:5555 --matrix A.mtx --rhs b.mtx --nodes 4 --method cg
  customer --broker tcp://lab1:5555 --matrix A.mtx --checkpoint job.ckpt --retry 3
  customer --broker tcp://lab1:5555 --double 1,2,3
  customer --broker tcp://lab1:5555 --status [--json | --watch [S]]
  customer --broker tcp://lab1:5555 --cancel 7

Exit codes: as coordinator's: 0 converged (or --double, --status, --cancel done); 1 internal
error; 2 bad input or usage; 3 max iterations reached; 4 diverged or broke down; 5 the broker
cannot be reached within --connect-timeout (--status and --cancel: 1 s unless it is given) or
fell silent (after any --retry), the job cannot be served, or it failed on the cluster (every
worker lost); 6 the job was cancelled (customer --cancel, from elsewhere); 130/143 interrupted
(the job is cancelled; --status --watch: 0). When stopped short (6, 130, 143), the partial
history, report and chart are written.)";

int usage_error(Program program, const std::string& message) {
  std::fprintf(stderr, "%s: %s (see --help)\n", program_name(program), message.c_str());
  return 2;
}

/// Sets o.mode to the one mode asked for; what is wrong when there is not exactly one, or when
/// flags of a solve come with another mode.
std::optional<std::string> choose_mode(const SolveFlags& f, const BrokerFlags& broker,
                                       bool customer, Options& o) {
  // what the run does: exactly one of these
  std::vector<std::pair<RunMode, const char*>> modes;
  if (!o.matrix_path.empty()) modes.push_back({RunMode::solve, "--matrix"});
  if (!o.double_list.empty()) modes.push_back({RunMode::doubling, "--double"});
  add_broker_modes(broker, modes);
  if (modes.size() != 1) {
    const std::string choices = customer ? "--matrix A.mtx, --double 1,2,3, --status or --cancel J"
                                         : "--matrix A.mtx, --double 1,2,3, --serve ENDPOINT or "
                                           "--keygen NAME";
    return modes.empty()
               ? "give one of " + choices
               : std::string(modes[0].second) + " and " + modes[1].second + " cannot go together";
  }
  o.mode = modes[0].first;
  if (o.mode != RunMode::solve) {
    for (const CLI::Option* option : f.solve_only) {
      if (option->count() > 0)
        return std::string(modes[0].second) + " takes no " + option->get_name();
    }
  }
  if (o.mode != RunMode::solve && o.mode != RunMode::doubling && f.nodes->count() > 0)
    return std::string(modes[0].second) + " takes no --nodes";
  return std::nullopt;
}

/// Standard input read once, and files that must be files.
std::optional<std::string> check_paths(const Options& o) {
  // standard input can be read once: by one of the inputs
  std::vector<const char*> from_stdin;
  for (const auto& [path, flag] :
       {std::pair{o.matrix_path, "--matrix"}, {o.rhs_path, "--rhs"}, {o.exact_path, "--exact"}}) {
    if (path == "-") from_stdin.push_back(flag);
  }
  if (from_stdin.size() > 1) {
    return std::string(from_stdin[0]) + " and " + from_stdin[1] +
           " cannot both read standard input ('-'): give one of them a file";
  }
  for (const auto& [path, flag] : {std::pair{o.history_path, "--history"},
                                   {o.plot_path, "--plot"},
                                   {o.report_path, "--report"}}) {
    if (path == "-") {
      return std::string(flag) + " needs a file name; only --output writes to " +
             "standard output ('-')";
    }
  }
  if (!o.plot_path.empty() && !lower_trimmed(o.plot_path).ends_with(".svg")) {
    return "--plot " + printable(o.plot_path, 60) +
           ": the chart is an SVG document; give a name ending in .svg";
  }
  return std::nullopt;
}

/// --method, --omega and the diagnosis flags, read into o; what is wrong with them.
std::optional<std::string> read_method_flags(const SolveFlags& f, Options& o) {
  try {
    o.methods = parse_methods(f.methods);
  } catch (const std::invalid_argument& e) {
    return std::string("--method: ") + e.what();
  }
  if (f.omega->count() > 0) {
    try {
      o.omegas = parse_omega_list(f.omega_text);
    } catch (const std::invalid_argument& e) {
      return std::string("--omega: ") + e.what();
    }
    for (const double w : o.omegas) {
      if (!(w > 0.0 && w < 2.0))
        return "--omega: " + format_omega(w) + " is outside (0, 2), where a weight must lie";
    }
    o.omega = o.omegas.front();
  }
  const bool weighed = std::any_of(o.methods.begin(), o.methods.end(), takes_omega);
  if (f.omega->count() > 0 && !weighed)
    return "--omega weighs jacobi and sor, but --method has neither";
  if (f.omega->count() == 0 &&
      std::find(o.methods.begin(), o.methods.end(), SolveMethod::sor) != o.methods.end()) {
    return "sor needs --omega W, 0 < W < 2 (W = 1 is gauss-seidel)";
  }
  if (f.diagnose && f.no_diagnose) return "--diagnose and --no-diagnose cannot go together";
  return std::nullopt;
}

}  // namespace

const char* program_name(Program program) {
  return program == Program::customer ? "customer" : "coordinator";
}

std::variant<Options, int> parse_options(int argc, char** argv, Program program) {
  const bool customer = program == Program::customer;
  const auto usage = [&](const std::string& message) { return usage_error(program, message); };
  Options o;
  o.program = program;
  o.nodes = customer ? 0 : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  CLI::App app{customer
                   ? "customer: submits A x = b (or a list to double) to a slae-cluster broker "
                     "and waits\nfor the answer; or asks the broker for its workers and jobs "
                     "(--status), or cancels a job."
                   : "coordinator: solves A x = b by Jacobi, Gauss-Seidel, SOR or conjugate "
                     "gradients on a cluster\nof slae-node processes, or doubles a list on them "
                     "(--double, the smoke test); or serves\nas a standing broker for workers "
                     "and customers (--serve)."};
  app.get_formatter()->column_width(30);
  app.footer(customer ? kCustomerExamples : kExamples);
  app.allow_extras();  // leftovers are explained below, with a suggestion

  SolveFlags flags;
  add_input_flags(app, o, flags);
  add_method_flags(app, o, flags);
  add_output_flags(app, o, flags);
  add_cluster_flags(app, o, flags, customer);
  const BrokerFlags broker = add_broker_flags(app, o);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage(printable(e.what(), 300));
  }
  if (!app.remaining().empty()) return usage(explain_leftovers(app, app.remaining()));
  o.shared_memory = !flags.no_shared_memory;
  if (const auto problem = choose_mode(flags, broker, customer, o)) return usage(*problem);
  if (const auto problem = check_paths(o)) return usage(*problem);
  o.plot_log_x = flags.plot_x == "log";
  o.nodes_given = flags.nodes->count() > 0;
  o.transport = flags.transport == "tcp" ? Transport::tcp : Transport::ipc;
  if (const auto problem = read_method_flags(flags, o)) return usage(*problem);
  if (const auto problem = check_broker_flags(broker, o)) return usage(*problem);
  o.diagnose = flags.diagnose      ? DiagnoseMode::always
               : flags.no_diagnose ? DiagnoseMode::never
                                   : DiagnoseMode::automatic;
  // only solves and doublings of the coordinator start nodes
  if (customer || (o.mode != RunMode::solve && o.mode != RunMode::doubling)) return o;
  if (o.node_program.empty()) o.node_program = program_directory() + "/slae-node";
  if (::access(o.node_program.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "coordinator: cannot run the node program %s: %s\n",
                 printable(o.node_program, 200).c_str(), std::strerror(errno));
    return 2;
  }
  return o;
}

}  // namespace slae::coordinator
