#pragma once
#include <stdexcept>

namespace slae::coordinator {

/// A node died, went silent, misbehaved or reported an error: the job cannot go on (exit 5).
class ClusterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The job was cancelled (by its customer, or because its customer went away): not a failure
/// of the cluster, and nobody to report it to.
class JobCancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace slae::coordinator
