#pragma once
// The one-shot coordinator's cluster: a broker on a private endpoint, the slae-node processes it
// starts as that broker's workers, and one job that claims exactly those workers. The solve
// algorithms run on the job's channel (nodes()), the same code a standing broker runs for a
// customer's job; only the launching of the workers is particular to this arrangement.
//
// Who may be a worker: on ipc, whoever can open the socket in a 0700 directory, which is only
// this user. On tcp, where any local user can connect, the socket is a CURVE server and admits
// only the keys made for this run, one per node, handed to each node on a private pipe
// (protocol/curve_keys.hpp, zap_handler.hpp): a peer without one completes no handshake, so
// none of its bytes reach the broker's logic, it is never sent anything, and it holds no memory
// of ours beyond one frame of the largest size a node may send, for the length of a handshake.
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "coordinator/broker/broker.hpp"
#include "coordinator/broker/job_channel.hpp"
#include "coordinator/local/node_processes.hpp"
#include "coordinator/local/private_directory.hpp"
#include "coordinator/local/transport.hpp"
#include "protocol/curve_keys.hpp"
#include "protocol/zap_handler.hpp"

namespace slae::coordinator {

/// A bound on the frames nodes send for blocks of at most `rows` rows: 8 bytes a row for x, 16
/// for the per-chunk sums at most, and room for headers and an error text.
inline std::size_t max_node_message_bytes(std::int64_t rows) {
  return (std::size_t{64} << 10) + 24 * static_cast<std::size_t>(rows);
}

struct ClusterOptions {
  int nodes = 1;                         ///< how many slae-node processes to start
  std::string node_program;              ///< path of the slae-node executable
  Transport transport = Transport::ipc;  ///< ipc in a private 0700 directory, or tcp on 127.0.0.1
  /// The largest frame a node may send (block results, collected blocks): frames above it are
  /// refused by ZeroMQ from their header, before anything is allocated. 0: the protocol's limit.
  std::size_t max_message_bytes = 0;
  std::chrono::milliseconds start_timeout{10000};  ///< for every node to say ready
  std::chrono::milliseconds reply_timeout{30000};  ///< longest silence while replies are due
  int test_stagger_ms = 0;  ///< test only: node i delays each reply (nodes-1-i) x this
  /// test only: node PART's first process gets slae-node --test-die-on WHEN
  std::map<int, std::string> test_node_deaths;
  bool verbose = false;  ///< log events to stderr
  /// A lost node is replaced by a new process (otherwise its rows go to the nodes left).
  bool replace_lost = true;
  std::chrono::milliseconds heartbeat_interval = protocol::kHeartbeatInterval;
};

class LocalCluster : private ProcessWatch {
 public:
  /// Starts the broker and the nodes and waits until the job has them all.
  /// Throws ClusterError (or Interrupted) if that does not happen in time.
  explicit LocalCluster(ClusterOptions options);
  ~LocalCluster() override;
  LocalCluster(const LocalCluster&) = delete;
  LocalCluster& operator=(const LocalCluster&) = delete;

  /// The job's parts, one per node started.
  NodeGroup& nodes() { return *job_; }
  int size() const { return options_.nodes; }
  const std::string& endpoint() const { return broker_->endpoint(); }
  const std::vector<pid_t>& pids() const { return processes_.pids(); }
  /// The process of the job's part now (0 if none).
  pid_t pid_of_part(int part) const;

  /// Tells every node to exit, gives them a moment (a second; 20 ms in a hurry: after an
  /// interruption or a failure), then terminates what is left.
  void shutdown(bool hurry = false);

 private:
  void start_broker();
  void start_nodes();
  /// Starts node process number `index` (its key registered on tcp); returns how the broker
  /// knows it.
  WorkerSelector spawn_node(int index);
  // what the broker learns of the node processes (ProcessWatch)
  std::vector<Ended> ended() override;
  std::optional<std::string> how_ended(std::int64_t pid) override;
  /// A new process for a lost part (the old one, if still there, is killed), or nullopt.
  std::optional<WorkerSelector> replace_node(int part);
  /// Which process (spawn order) the job's part runs on, if any.
  std::optional<int> process_of(int part) const;
  void log(const std::string& line) const;

  ClusterOptions options_;
  std::optional<PrivateDirectory> private_dir_;  ///< for ipc
  zmq::context_t context_{1};
  std::unique_ptr<protocol::ZapHandler> zap_;        ///< for tcp: admits the run's node keys
  std::map<std::string, std::string> allowed_keys_;  ///< for tcp: public key -> user id
  std::string server_public_;                        ///< for tcp: the broker's public key
  std::unique_ptr<Broker> broker_;
  NodeProcesses processes_;
  std::vector<WorkerSelector> selectors_;  ///< per process (spawn order): how the broker knows it
  std::deque<ProcessExit> exits_;          ///< ended processes not yet reported to the broker
  std::vector<int> starting_;  ///< while the job waits for its nodes: each one's process
  std::unique_ptr<JobChannel> job_;
  bool shut_down_ = false;
};

}  // namespace slae::coordinator
