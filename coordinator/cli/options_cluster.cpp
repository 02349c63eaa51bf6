// The broker's, the customer's, the keys', the lost nodes' and the checkpoints' flags
// (options_flags.hpp): registered, and checked once the run's mode is known.
#include <string>

#include "coordinator/cli/options_flags.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {
namespace {

// "tcp://host:port" -> host ("" when not tcp)
std::string tcp_host(const std::string& endpoint) {
  if (!endpoint.starts_with("tcp://")) return {};
  std::string rest = endpoint.substr(6);
  if (rest.starts_with("[")) return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.rfind(':'));
}

bool given(const CLI::Option* option) {
  return option && option->count() > 0;
}

void add_customer_flags(CLI::App& app, Options& o, BrokerFlags& f, const char* group) {
  app.add_option("--broker", o.broker_endpoint,
                 "the broker's address, e.g. tcp://lab1:5555 (required)")
      ->type_name("ENDPOINT")
      ->group(group);
  f.status =
      app.add_flag("--status", f.want_status, "print the broker's workers and jobs, and exit")
          ->group(group);
  f.json = app.add_flag("--json", o.status_json, "with --status: one JSON object")->group(group);
  f.watch = app.add_option("--watch", f.watch_text,
                           "with --status: print it again every S seconds (default 1) until "
                           "Ctrl-C; on a terminal the table is redrawn in place")
                ->type_name("[S]")
                ->expected(0, 1)
                ->group(group);
  f.cancel = app.add_option("--cancel", o.cancel_job,
                            "cancel job J (with keys: only a job this key submitted)")
                 ->type_name("J")
                 ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 62).description(""))
                 ->group(group);
  f.connect_timeout =
      app.add_option("--connect-timeout", o.connect_timeout_s,
                     "exit 5 when the broker has not answered within S seconds (default 10; "
                     "--status and --cancel: 1)")
          ->type_name("S")
          ->check(number_in(0.001, 7 * 24 * 3600.0))
          ->group(group);
  const char* keys = "Keys";
  f.key = app.add_option("--key", o.key_path,
                         "our key pair (a NAME.key file from coordinator --keygen), when the "
                         "broker checks keys")
              ->type_name("FILE")
              ->group(keys);
  f.broker_key = app.add_option("--broker-key", o.broker_key_path,
                                "the broker's public key (its .pub file), with --key")
                     ->type_name("FILE")
                     ->group(keys);
}

// --checkpoint, --checkpoint-every and --resume: the one-shot coordinator's and the customer's
void add_checkpoint_flags(CLI::App& app, Options& o, BrokerFlags& f, const char* group) {
  f.checkpoint = app.add_option("--checkpoint", o.checkpoint_path,
                                "save the state of the solve (x; CG's x, r, p) to FILE "
                                "every --checkpoint-every iterations and when it stops (a "
                                "signal, every node lost)")
                     ->type_name("FILE")
                     ->group(group);
  f.checkpoint_every =
      app.add_option("--checkpoint-every", o.checkpoint_every,
                     "with --checkpoint: every K iterations (default 100)")
          ->type_name("K")
          ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 40).description(""))
          ->group(group);
  f.resume = app.add_option("--resume", o.resume_path,
                            "go on from a checkpoint of this system: the same x and iteration "
                            "count as a run that never stopped")
                 ->type_name("FILE")
                 ->group(group);
}

void add_serve_flags(CLI::App& app, Options& o, BrokerFlags& f, const char* group) {
  f.serve = app.add_option("--serve", o.serve_endpoint,
                           "run as a standing broker on ENDPOINT (tcp://127.0.0.1:5555, "
                           "ipc:///path) until SIGINT/SIGTERM: workers join with slae-node "
                           "--connect, customers submit jobs with customer --broker")
                ->type_name("ENDPOINT")
                ->group(group);
  f.insecure = app.add_flag("--insecure-bind", o.insecure_bind,
                            "with --serve: allow an address other than loopback or ipc without "
                            "keys, although anyone who can reach it can then submit jobs and "
                            "join as a worker")
                   ->group(group);
  f.max_job = app.add_option("--max-job-bytes", o.max_job_bytes,
                             "with --serve: refuse jobs whose A, b and x* take more than this "
                             "many bytes (default 2 GiB)")
                  ->type_name("B")
                  ->check(CLI::Range(std::int64_t{1} << 10, std::int64_t{1} << 40).description(""))
                  ->group(group);
  f.max_peers = app.add_option("--max-peers", o.max_peers,
                               "with --serve: the most connections at once, workers, customers "
                               "and strangers alike; more are closed as they come (default 1000)")
                    ->type_name("N")
                    ->check(CLI::Range(1, 1000000).description(""))
                    ->group(group);
  f.max_rows = app.add_option("--max-rows", o.max_rows,
                              "refuse a matrix (a file, or a customer's job with --serve) of more "
                              "rows, from its size line (default 50000000)")
                   ->type_name("N")
                   ->check(CLI::Range(std::int64_t{1}, std::int64_t{2147483647}).description(""))
                   ->group("Input");
  f.max_nnz =
      app.add_option("--max-nnz", o.max_nnz, "... or of more stored entries (default 500000000)")
          ->type_name("N")
          ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 40).description(""))
          ->group("Input");
  const char* keys = "Keys";
  f.keygen = app.add_option("--keygen", o.keygen_name,
                            "write a CurveZMQ key pair: NAME.key (secret, mode 0600) and NAME.pub "
                            "(public), and exit")
                 ->type_name("NAME")
                 ->group(keys);
  f.key = app.add_option("--key", o.key_path,
                         "with --serve: the broker's key pair (NAME.key); workers and customers "
                         "must then hold keys from the directories below")
              ->type_name("FILE")
              ->group(keys);
  f.worker_keys = app.add_option("--worker-keys", o.worker_keys_dir,
                                 "with --key: a directory of the public keys (NAME.pub) that may "
                                 "join as workers; re-read on SIGHUP")
                      ->type_name("DIR")
                      ->group(keys);
  f.customer_keys = app.add_option("--customer-keys", o.customer_keys_dir,
                                   "with --key: a directory of the public keys that may submit "
                                   "jobs; re-read on SIGHUP")
                        ->type_name("DIR")
                        ->group(keys);
}

}  // namespace

bool is_local_endpoint(const std::string& endpoint) {
  if (endpoint.starts_with("ipc://") || endpoint.starts_with("inproc://")) return true;
  const std::string host = tcp_host(endpoint);
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

BrokerFlags add_broker_flags(CLI::App& app, Options& o) {
  BrokerFlags f;
  f.customer = o.program == Program::customer;
  if (f.customer) {
    add_customer_flags(app, o, f, "Broker");
    const char* group = "Checkpoints and retries";
    add_checkpoint_flags(app, o, f, group);
    app.add_option("--retry", o.retry,
                   "when the broker falls silent mid-job (--connect-timeout), connect again and "
                   "resubmit, going on from the last checkpoint it sent (every "
                   "--checkpoint-every iterations), up to N times (default 0)")
        ->type_name("N")
        ->check(CLI::Range(0, 1000).description(""))
        ->group(group);
    return f;
  }
  add_serve_flags(app, o, f, "Broker");
  const char* group = "Lost nodes and checkpoints";
  app.add_flag_callback(
         "--no-replace", [&o] { o.replace_lost = false; },
         "a node lost mid-solve is not replaced by a new process: its rows are spread over the "
         "nodes left (the answer is the same either way)")
      ->group(group);
  app.add_option("--heartbeat-ms", o.heartbeat_ms,
                 "how often the broker and its nodes beat when they have nothing else to say; "
                 "a node silent for 5 beats is lost (default 500: 2.5 s; 10 to 10000). Nodes and "
                 "customers adopt the broker's")
      ->type_name("MS")
      ->check(CLI::Range(10, 10000).description(""))
      ->group(group);
  app.add_option("--cg-checkpoint-every", o.cg_checkpoint_every,
                 "CG: collect the solve's state (x, r, p) from the nodes every K iterations, to "
                 "go on from after a lost node (default 100; 0: a lost node ends a CG solve)")
      ->type_name("K")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 40).description(""))
      ->group(group);
  add_checkpoint_flags(app, o, f, group);
  return f;
}

void add_broker_modes(const BrokerFlags& f, std::vector<std::pair<RunMode, const char*>>& modes) {
  if (given(f.serve)) modes.push_back({RunMode::serve, "--serve"});
  if (given(f.keygen)) modes.push_back({RunMode::keygen, "--keygen"});
  if (given(f.status)) modes.push_back({RunMode::status, "--status"});
  if (given(f.cancel)) modes.push_back({RunMode::cancel, "--cancel"});
}

std::optional<std::string> check_broker_flags(const BrokerFlags& f, Options& o) {
  if (given(f.json) && o.mode != RunMode::status) return "--json goes with --status";
  if (given(f.watch)) {
    if (o.mode != RunMode::status) return "--watch goes with --status";
    if (o.status_json) return "--watch is for a person at a terminal: without --json";
    o.watch_seconds = 1.0;
    if (!f.watch_text.empty()) {
      std::string text = f.watch_text;
      if (const std::string why = number_in(0.1, 3600.0)(text); !why.empty())
        return "--watch: " + why;
      o.watch_seconds = std::stod(text);
    }
  }
  o.connect_timeout_given = given(f.connect_timeout);
  const bool checkpoints = given(f.checkpoint) || given(f.resume);
  if (given(f.checkpoint_every) && !given(f.checkpoint) && !(f.customer && o.retry > 0))
    return "--checkpoint-every goes with --checkpoint FILE";
  if (checkpoints && o.mode != RunMode::solve)
    return std::string(given(f.checkpoint) ? "--checkpoint" : "--resume") + " goes with --matrix";
  if ((checkpoints || o.retry > 0) && (o.methods.size() != 1 || o.omegas.size() > 1)) {
    return "a checkpoint is of one method's solve: --checkpoint, --resume and --retry need "
           "one --method and at most one --omega";
  }
  if (f.customer) {
    if (o.retry > 0 && o.mode != RunMode::solve) return "--retry goes with --matrix";
    if (o.broker_endpoint.empty()) return "give the broker's address: --broker tcp://HOST:PORT";
    if (given(f.key) != given(f.broker_key))
      return std::string(given(f.key) ? "--key" : "--broker-key") + " needs " +
             (given(f.key) ? "--broker-key (the broker's .pub file)" : "--key (our NAME.key)");
    return std::nullopt;
  }
  if (o.mode != RunMode::serve && o.mode != RunMode::solve) {
    for (const CLI::Option* flag : {f.max_rows, f.max_nnz}) {
      if (given(flag)) return flag->get_name() + " goes with --matrix or --serve";
    }
  }
  if (o.mode != RunMode::serve) {
    for (const CLI::Option* flag :
         {f.insecure, f.max_job, f.max_peers, f.key, f.worker_keys, f.customer_keys}) {
      if (given(flag)) return flag->get_name() + " goes with --serve";
    }
    return std::nullopt;
  }
  if (!o.serve_endpoint.starts_with("tcp://") && !o.serve_endpoint.starts_with("ipc://"))
    return "--serve " + printable(o.serve_endpoint, 80) + ": give tcp://HOST:PORT or ipc:///PATH";
  const bool keys = given(f.key);
  if (!keys && (given(f.worker_keys) || given(f.customer_keys)))
    return "--worker-keys and --customer-keys need the broker's own pair: --key broker.key";
  if (keys && !given(f.worker_keys) && !given(f.customer_keys))
    return "--key: say whose keys to admit: --worker-keys DIR and/or --customer-keys DIR";
  if (keys && o.insecure_bind) return "--insecure-bind and --key cannot go together";
  if (!keys && !is_local_endpoint(o.serve_endpoint) && !o.insecure_bind) {
    return "--serve " + printable(o.serve_endpoint, 80) +
           " listens beyond this machine without keys, where anyone who can reach the port "
           "could submit jobs and join as a worker: make keys (coordinator --keygen broker, one "
           "--keygen per worker and customer) and serve with --key broker.key --worker-keys DIR "
           "--customer-keys DIR, or serve on 127.0.0.1 or ipc://, or add --insecure-bind";
  }
  return std::nullopt;
}

}  // namespace slae::coordinator
