#pragma once
#include <stdexcept>
#include <string>

namespace slae::coordinator {

/// A node died, went silent, misbehaved or reported an error: the job cannot go on (exit 5).
class ClusterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What one node did wrong (a reply of the wrong length, NaN against its own sums, ...), said
/// without naming the worker: the job's channel, which knows which worker holds the part,
/// names it ("node 0 (pid 4321 on lab3, worker 2) sent ...").
class NodeFault : public ClusterError {
 public:
  NodeFault(int node, const std::string& fault)
      : ClusterError("node " + std::to_string(node) + " " + fault), node_(node), fault_(fault) {}
  int node() const { return node_; }
  const std::string& fault() const { return fault_; }

 private:
  int node_;
  std::string fault_;
};

/// The worker of one part is gone (its process ended, it fell silent, its connection broke):
/// the job may recover by giving the part to another worker (NodeGroup::recover).
class WorkerLost : public ClusterError {
 public:
  /// what: the whole message ("node 2 (pid 4321, worker 3) was killed by signal 9"); how:
  /// how the loss was noticed, for the report ("process ended", "heartbeat", "connection").
  WorkerLost(int part, const std::string& what, std::string how)
      : ClusterError(what), part_(part), how_(std::move(how)) {}
  int part() const { return part_; }
  const std::string& how() const { return how_; }

 private:
  int part_;
  std::string how_;
};

/// The job was cancelled (by a customer, or because its customer went away): not a failure of
/// the cluster. what() says by whom ("job 3 was cancelled by alice"); exit_code is what its
/// customer, when it is told, ends with (exit_codes.hpp: cancelled, or 128 + a signal).
class JobCancelled : public std::runtime_error {
 public:
  JobCancelled(const std::string& what, int exit_code)
      : std::runtime_error(what), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

}  // namespace slae::coordinator
