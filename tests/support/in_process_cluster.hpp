#pragma once
// A whole cluster in one test process: the broker the coordinator runs, on an ipc socket in a
// private directory, and workers that are slae-node's own loop (node/worker_loop.hpp), each on
// a thread of its own. A job claims workers through a JobChannel as the one-shot run and a
// customer's job do, so the algorithms, the broker's routing and recovery run exactly as in
// the real programs, without starting a process.
//
// Over ipc, not inproc: inproc carries no ZMTP, so neither ZeroMQ's heartbeats nor the
// disconnection events by which the broker notices at once that a worker is gone; ipc has
// both, and still stays inside the process. A worker is lost as a crashed process is: its loop
// ends where it stands (kill(), or a TestFaults death) and its connection drops unannounced.
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <zmq.hpp>

#include "coordinator/broker/broker.hpp"
#include "coordinator/broker/job_channel.hpp"
#include "coordinator/local/private_directory.hpp"
#include "node/test_faults.hpp"
#include "node/worker_loop.hpp"

namespace slae::test {

class InProcessCluster {
 public:
  struct Options {
    int workers = 1;
    /// false: the job's thread turns the broker's loop (the one-shot coordinator); true: the
    /// loop has a thread of its own and jobs talk to it over inproc (a standing broker).
    bool broker_thread = false;
    std::chrono::milliseconds heartbeat{100};
  };

  explicit InProcessCluster(Options options);
  /// Stops every worker thread, then the broker.
  ~InProcessCluster();
  InProcessCluster(const InProcessCluster&) = delete;
  InProcessCluster& operator=(const InProcessCluster&) = delete;

  /// Starts one more worker and returns its index once the broker has it (or it has died).
  /// Each says a pid of its own in ready (see pid_of), so that the broker tells them apart.
  /// faults: what it is to do wrong (test_faults.hpp; a death ends its loop, the thread's way
  /// of dying).
  int add_worker(node::TestFaults faults = {});
  /// Ends worker `index`'s loop where it stands, as SIGKILL ends a process: its connection
  /// drops, it says nothing more. Returns at once; the thread ends within a poll.
  void kill(int index);
  /// How worker `index`'s loop ended, once it has (join() first to wait).
  std::optional<node::WorkerEnd> end_of(int index) const;
  int workers() const { return static_cast<int>(workers_.size()); }
  /// The pid worker `index` declares.
  static std::int64_t pid_of(int index) { return kFirstPid + index; }

  /// A job that claims the first `nodes` workers no earlier claim took, in the order they were
  /// added (part p on the p-th of them), granted once all have joined (within 10 s). With no
  /// `replacement` set in options, a lost part goes to an idle worker if there is one, else
  /// its rows to the others.
  std::unique_ptr<coordinator::JobChannel> claim(int nodes, coordinator::ChannelOptions options);

  coordinator::Broker& broker() { return *broker_; }

 private:
  /// above any pid the kernel hands out (pid_max is at most 2^22)
  static constexpr std::int64_t kFirstPid = std::int64_t{1} << 32;

  struct Worker {
    std::atomic<bool> stop{false};
    std::atomic<bool> ended{false};
    std::atomic<bool> joined{false};  ///< the broker has welcomed it
    bool claimed = false;
    node::WorkerEnd end = node::WorkerEnd::stopped;  ///< once ended
    std::thread thread;
  };

  Options options_;
  coordinator::PrivateDirectory directory_;
  zmq::context_t context_{1};
  std::unique_ptr<coordinator::Broker> broker_;
  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace slae::test
