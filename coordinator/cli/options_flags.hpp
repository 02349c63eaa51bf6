#pragma once
// Pieces of the command line: options.cpp parses and checks, options_solve.cpp registers a
// solve's flags (input, method, outputs, cluster) and options_cluster.cpp the broker's, the
// customer's and the keys'. Internal to the option parsing.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "coordinator/cli/options.hpp"

namespace slae::coordinator {

/// A check run on a flag's text before CLI11 converts it: a finite number in [min, max] (or
/// (min, max) when open), with a message that says what is wrong with the text.
CLI::Validator number_in(double min, double max, bool open = false);

/// The flags of a solve as registered: the texts read once CLI11 has parsed them, and the
/// options that --double and the broker's modes refuse. Registered by reference: it stays where
/// it was made until the parse is over.
struct SolveFlags {
  std::vector<CLI::Option*> solve_only;  ///< meaningless with --double: refused there
  std::string methods = "jacobi";
  std::string omega_text;
  CLI::Option* omega = nullptr;
  bool diagnose = false;
  bool no_diagnose = false;
  std::string plot_x = "linear";
  CLI::Option* nodes = nullptr;
  bool no_shared_memory = false;
  std::string transport = "ipc";
};

/// Each registers its group of a solve's flags (Input, Solve, Outputs, and Cluster or Broker) on
/// app, writing into o and f.
void add_input_flags(CLI::App& app, Options& o, SolveFlags& f);
void add_method_flags(CLI::App& app, Options& o, SolveFlags& f);
void add_output_flags(CLI::App& app, Options& o, SolveFlags& f);
void add_cluster_flags(CLI::App& app, Options& o, SolveFlags& f, bool customer);

/// The flags of the broker, the customer and the keys, as registered (null: not this program's).
struct BrokerFlags {
  bool customer = false;
  CLI::Option* serve = nullptr;
  CLI::Option* insecure = nullptr;
  CLI::Option* max_job = nullptr;
  CLI::Option* max_rows = nullptr;
  CLI::Option* max_nnz = nullptr;
  CLI::Option* max_peers = nullptr;
  CLI::Option* keygen = nullptr;
  CLI::Option* key = nullptr;
  CLI::Option* worker_keys = nullptr;
  CLI::Option* customer_keys = nullptr;
  CLI::Option* broker_key = nullptr;
  CLI::Option* status = nullptr;
  CLI::Option* json = nullptr;
  CLI::Option* cancel = nullptr;
  CLI::Option* watch = nullptr;
  CLI::Option* connect_timeout = nullptr;
  std::string watch_text;  ///< --watch's seconds, if given
  CLI::Option* checkpoint = nullptr;
  CLI::Option* checkpoint_every = nullptr;
  CLI::Option* resume = nullptr;
  bool want_status = false;
};

/// Registers them on app, writing into o.
BrokerFlags add_broker_flags(CLI::App& app, Options& o);

/// The run modes they ask for (--serve, --keygen, --status, --cancel), added to modes.
void add_broker_modes(const BrokerFlags& flags,
                      std::vector<std::pair<RunMode, const char*>>& modes);

/// After parsing, with o.mode set: a usage error, or nothing.
std::optional<std::string> check_broker_flags(const BrokerFlags& flags, Options& o);

}  // namespace slae::coordinator
