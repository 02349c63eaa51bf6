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

/// The job was cancelled (by its customer, or because its customer went away): not a failure
/// of the cluster, and nobody to report it to.
class JobCancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace slae::coordinator
