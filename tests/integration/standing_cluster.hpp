#pragma once
// A standing cluster for the integration tests: `coordinator --serve` on an ipc socket in a
// temporary directory, `slae-node --connect` workers added at will, `customer` runs against it.
// Every process is killed and reaped when the test ends, on every path.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "process_runner.hpp"

namespace slae::test {

class StandingCluster {
 public:
  /// Starts the broker (with `extra` flags) and waits until it is ready. endpoint: where it
  /// serves (default: an ipc socket of its own; "tcp://127.0.0.1:*" takes the port it gets).
  explicit StandingCluster(const std::vector<std::string>& extra = {},
                           const std::string& endpoint = "");

  const std::string& endpoint() const { return endpoint_; }
  Process& broker() { return *broker_; }

  /// Starts a worker (with `extra` flags, such as its keys); it joins when it has said ready
  /// (see wait_for).
  Process& add_worker(const std::vector<std::string>& extra = {});

  /// customer --broker <endpoint> <customer flags> args..., as argv for Process or run().
  std::vector<std::string> customer(const std::vector<std::string>& args) const;
  /// Flags every customer() gets from now on (its keys, say).
  void set_customer_flags(std::vector<std::string> flags) { customer_flags_ = std::move(flags); }

  /// customer --status --json, parsed (null when it failed).
  nlohmann::json status() const;
  /// Polls the status until `condition` holds, up to timeout_s; true if it did.
  bool wait_for(const std::function<bool(const nlohmann::json&)>& condition,
                double timeout_s) const;

 private:
  TempDir dir_;
  std::string endpoint_;
  std::vector<std::string> customer_flags_;
  std::unique_ptr<Process> broker_;
  std::vector<std::unique_ptr<Process>> workers_;
};

/// The state ("idle", "busy") of the worker of this pid in a status, or "gone".
std::string state_of_worker(const nlohmann::json& status, std::int64_t pid);
/// Whether a status lists no worker of this pid.
bool worker_gone(const nlohmann::json& status, std::int64_t pid);

/// Workers in a given state, and jobs in a given state, in a status.
int count_workers(const nlohmann::json& status, const std::string& state);
int count_jobs(const nlohmann::json& status, const std::string& state);

/// x from the one-shot coordinator on a shipped matrix (1 node, --output -), with `extra` flags.
std::string one_shot_x(const std::string& matrix_name, const std::vector<std::string>& extra = {});

/// A customer's Jacobi solve of gr_30_30 to 1e-14 (hundreds of iterations: long enough to act
/// on mid-solve), x to stdout, and `extra` flags.
std::vector<std::string> gr_30_30_solve(const std::vector<std::string>& extra = {});
/// The x of that solve from the one-shot coordinator, undisturbed (run once).
const std::string& undisturbed_gr_30_30_x();
/// A customer's solve that runs until it is stopped (tolerance 0, on one worker).
std::vector<std::string> endless_solve();
/// "tcp://127.0.0.1:41234" -> 41234
int port_of(const std::string& endpoint);

}  // namespace slae::test
