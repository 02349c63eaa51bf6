#pragma once
// The coordinator's view of its nodes: one ROUTER socket on a private endpoint, the node
// processes behind it, and who is who. Everything that crosses the socket goes through here.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "coordinator/cluster_error.hpp"
#include "coordinator/function_ref.hpp"
#include "coordinator/node_processes.hpp"
#include "protocol/transport.hpp"

namespace slae::coordinator {

enum class Transport { ipc, tcp };

struct ClusterOptions {
  int nodes = 1;                         ///< how many slae-node processes to start
  std::string node_program;              ///< path of the slae-node executable
  Transport transport = Transport::ipc;  ///< ipc in a private 0700 directory, or tcp on 127.0.0.1
  std::chrono::milliseconds start_timeout{10000};  ///< for every node to say hello
  std::chrono::milliseconds reply_timeout{30000};  ///< longest silence while replies are due
  int test_stagger_ms = 0;  ///< test only: node i delays each reply (nodes-1-i) x this
  bool verbose = false;     ///< log events to stderr
};

class Cluster {
 public:
  /// Binds the socket, starts the nodes and waits until each has said hello.
  /// Throws ClusterError (or Interrupted) if that does not happen in time.
  explicit Cluster(ClusterOptions options);
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  int size() const { return options_.nodes; }
  const std::string& endpoint() const { return endpoint_; }
  const std::vector<pid_t>& pids() const { return processes_.pids(); }

  /// Sends a message to node `node`. Throws ClusterError if it cannot be delivered.
  void send(int node, const protocol::Message& message);
  /// The same, sending the trailing vector from payload without copying it (payload_buffer.hpp).
  void send(int node, const protocol::Message& message, protocol::PayloadBuffer& payload);

  /// Gets each message from a node. `frame` holds the bytes the message's vectors point into;
  /// the handler may move it away to keep them (see HeldVector).
  using Handler =
      FunctionRef<void(int node, const protocol::Message& message, protocol::Received& frame)>;
  /// Waits for at least one message from a node and hands each received one to `handler`.
  /// Error reports from nodes, dead nodes and reply_timeout of silence throw ClusterError;
  /// a pending SIGINT/SIGTERM throws Interrupted. Malformed frames are logged and dropped.
  void receive(const Handler& handler);

  /// Tells every node to exit, gives them a moment, then terminates what is left.
  void shutdown();

  std::uint64_t bytes_sent() const { return bytes_sent_; }
  std::uint64_t bytes_received() const { return bytes_received_; }

 private:
  void bind();
  void start_nodes();
  void remove_private_dir();  ///< the ipc socket's directory, if any
  void check_processes();
  void send_heartbeats();
  /// Polls once (up to timeout) and dispatches what arrived; returns how many were handled.
  int poll_once(std::chrono::milliseconds timeout, const Handler* handler, bool accept_hello);
  void log(const std::string& line) const;
  void sent(int node, std::size_t bytes, const protocol::Message& message);

  ClusterOptions options_;
  std::string private_dir_;  ///< the 0700 directory holding the ipc socket, if any
  std::string endpoint_;
  zmq::context_t context_{1};
  zmq::socket_t router_;
  NodeProcesses processes_;
  std::vector<zmq::message_t> identities_;  ///< per node, once it said hello
  std::vector<std::chrono::steady_clock::time_point> last_sent_;
  protocol::FrameBuffer scratch_;
  protocol::Decoder decoder_;
  std::uint64_t bytes_sent_ = 0;
  std::uint64_t bytes_received_ = 0;
  std::size_t dropped_ = 0;
  bool shut_down_ = false;
};

}  // namespace slae::coordinator
