#pragma once
// The coordinator's view of its nodes: one ROUTER socket on a private endpoint, the node
// processes behind it, and who is who. Everything that crosses the socket goes through here.
//
// Who may be a node: on ipc, whoever can open the socket in a 0700 directory, which is only this
// user. On tcp, where any local user can connect, the socket is a CURVE server and admits only
// the keys made for this run, one per node, handed to each node on a private pipe
// (protocol/curve_keys.hpp, zap_handler.hpp): a peer without one completes no handshake, so
// none of its bytes reach this code, it is never sent anything, and it holds no memory of ours
// beyond one frame of the largest size a node may send, for the length of a handshake.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "coordinator/cluster_error.hpp"
#include "coordinator/function_ref.hpp"
#include "coordinator/node_processes.hpp"
#include "coordinator/private_directory.hpp"
#include "coordinator/rate_limited_log.hpp"
#include "coordinator/zap_handler.hpp"
#include "protocol/curve_keys.hpp"
#include "protocol/transport.hpp"

namespace slae::coordinator {

enum class Transport { ipc, tcp };

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
  /// Error reports from nodes, dead nodes and reply_timeout of silence (naming the nodes that
  /// owe replies) throw ClusterError; a pending SIGINT/SIGTERM throws Interrupted. Malformed
  /// frames and messages of strangers are dropped and counted (a rate-limited line on stderr).
  void receive(const Handler& handler);

  /// Tells every node to exit, gives them a moment (a second; 20 ms in a hurry: after an
  /// interruption or a failure), then terminates what is left.
  void shutdown(bool hurry = false);

  std::uint64_t bytes_sent() const { return bytes_sent_; }
  std::uint64_t bytes_received() const { return bytes_received_; }

 private:
  void bind();
  void start_nodes();
  void check_processes();
  void send_heartbeats();
  /// Polls once (up to timeout) and dispatches what arrived; returns how many were handled.
  int poll_once(std::chrono::milliseconds timeout, const Handler* handler, bool accept_hello);
  /// The node a hello comes from, if it may take that node's place.
  std::optional<int> hello_slot(const protocol::Hello& hello, const protocol::Received& received);
  [[noreturn]] void timed_out() const;
  void log(const std::string& line) const;
  void sent(int node, std::size_t bytes, const protocol::Message& message);

  ClusterOptions options_;
  std::optional<PrivateDirectory> private_dir_;  ///< for ipc
  std::string endpoint_;
  zmq::context_t context_{1};
  std::unique_ptr<ZapHandler> zap_;                ///< for tcp: admits the run's node keys
  protocol::CurveKeyPair server_keys_;             ///< for tcp
  std::vector<protocol::CurveKeyPair> node_keys_;  ///< for tcp, one pair per node
  zmq::socket_t router_;
  NodeProcesses processes_;
  std::vector<zmq::message_t> identities_;  ///< per node, once it said hello
  std::vector<std::chrono::steady_clock::time_point> last_sent_;
  std::vector<std::chrono::steady_clock::time_point> last_heard_;
  std::vector<int> owed_;  ///< per node: requests sent that it has not answered yet
  protocol::FrameBuffer scratch_;
  protocol::Decoder decoder_;
  std::uint64_t bytes_sent_ = 0;
  std::uint64_t bytes_received_ = 0;
  RateLimitedLog malformed_;  ///< frames from strangers that do not decode
  RateLimitedLog strangers_;  ///< well-formed messages from peers that are not our nodes
  bool shut_down_ = false;
};

}  // namespace slae::coordinator
