#include "coordinator/cluster.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <thread>

#include "coordinator/signals.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {
namespace {

using namespace std::chrono_literals;
namespace proto = slae::protocol;
using Clock = std::chrono::steady_clock;

constexpr auto kPollSlice = 100ms;       // how often dead children and timers are checked
constexpr auto kHeartbeatInterval = 1s;  // nodes exit after --idle-timeout (5 s) of silence

void to_stderr(const std::string& line) {
  std::fprintf(stderr, "coordinator: %s\n", line.c_str());
}

std::string user_id_of(int node) {
  return "node-" + std::to_string(node);
}

}  // namespace

Cluster::Cluster(ClusterOptions options)
    : options_(std::move(options)),
      router_(context_, zmq::socket_type::router),
      malformed_("dropped a malformed message from an unknown peer", to_stderr),
      strangers_("ignored a message from a peer that is not one of our nodes", to_stderr) {
  if (options_.nodes < 1) throw ClusterError("a cluster needs at least one node");
  // Members made so far clean up after themselves if this throws: the nodes started die with
  // processes_, the socket closes before its context, the private directory goes.
  bind();
  start_nodes();
}

Cluster::~Cluster() {
  try {
    // leaving on an exception (an interruption, a failure): no time to wait for polite exits
    shutdown(/*hurry=*/std::uncaught_exceptions() > 0);
  } catch (...) {
    // Destructors must not throw; NodeProcesses' destructor still kills what is left.
  }
  router_.close();
}

void Cluster::bind() {
  proto::configure_router(router_, options_.max_message_bytes);
  if (options_.transport == Transport::ipc) {
    private_dir_.emplace();
    endpoint_ = "ipc://" + private_dir_->socket_path();
    router_.bind(endpoint_);
  } else {
    server_keys_ = proto::make_curve_key_pair();
    std::map<std::string, std::string> allowed;
    for (int i = 0; i < options_.nodes; ++i) {
      node_keys_.push_back(proto::make_curve_key_pair());
      allowed.emplace(node_keys_.back().public_key, user_id_of(i));
    }
    // the handler must answer before the first client can connect
    zap_ = std::make_unique<ZapHandler>(context_, std::move(allowed), to_stderr);
    proto::configure_curve_server(router_, server_keys_);
    router_.bind("tcp://127.0.0.1:*");  // loopback only; the OS picks the port
    endpoint_ = router_.get(zmq::sockopt::last_endpoint);
  }
  log("listening on " + endpoint_);
}

void Cluster::start_nodes() {
  if (::access(options_.node_program.c_str(), X_OK) != 0) {
    throw ClusterError("cannot run the node program " + printable(options_.node_program, 200) +
                       ": " + std::strerror(errno));
  }
  const std::string parent = std::to_string(::getpid());
  for (int i = 0; i < options_.nodes; ++i) {
    std::vector<std::string> args = {"--connect", endpoint_, "--parent-pid", parent};
    std::string keys;
    if (options_.transport == Transport::tcp) {
      args.insert(args.end(), {"--key-fd", std::to_string(NodeProcesses::kSecretFd)});
      keys = proto::format_node_keys({server_keys_.public_key, node_keys_[i]});
    }
    if (options_.test_stagger_ms > 0) {
      args.push_back("--test-reply-delay-ms");
      args.push_back(std::to_string((options_.nodes - 1 - i) * options_.test_stagger_ms));
    }
    const pid_t pid = processes_.spawn(options_.node_program, args, keys);
    log("node " + std::to_string(i) + " started, pid " + std::to_string(pid));
  }
  node_keys_.clear();  // the nodes have them; we need only their public halves, in the handler
  identities_.resize(options_.nodes);
  last_sent_.assign(options_.nodes, Clock::now());
  last_heard_.assign(options_.nodes, Clock::now());
  owed_.assign(options_.nodes, 0);

  int ready = 0;
  const auto deadline = Clock::now() + options_.start_timeout;
  while (ready < options_.nodes) {
    if (Clock::now() > deadline) {
      throw ClusterError("only " + std::to_string(ready) + " of " + std::to_string(options_.nodes) +
                         " nodes connected within " +
                         std::to_string(options_.start_timeout.count()) + " ms");
    }
    ready += poll_once(kPollSlice, nullptr, true);
  }
  log("all " + std::to_string(options_.nodes) + " nodes connected");
}

void Cluster::send(int node, const proto::Message& message) {
  sent(node, proto::send_to(router_, identities_[node], message, scratch_), message);
}

void Cluster::send(int node, const proto::Message& message, proto::PayloadBuffer& payload) {
  sent(node, proto::send_to(router_, identities_[node], message, payload, scratch_), message);
}

void Cluster::sent(int node, std::size_t bytes, const proto::Message& message) {
  const proto::MessageType type = proto::type_of(message.body);
  if (bytes == 0) {
    // Usually the node just died: give the kernel a moment to report it, and say how.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    check_processes();
    throw ClusterError("cannot deliver a " + std::string(proto::type_name(type)) +
                       " message to node " + std::to_string(node));
  }
  bytes_sent_ += bytes;
  last_sent_[node] = Clock::now();
  if (proto::expects_reply(type)) ++owed_[node];
}

void Cluster::receive(const Handler& handler) {
  const auto deadline = Clock::now() + options_.reply_timeout;
  while (poll_once(kPollSlice, &handler, false) == 0) {
    if (Clock::now() > deadline) timed_out();
    send_heartbeats();
  }
}

void Cluster::timed_out() const {
  const auto now = Clock::now();
  std::string silent;
  for (int i = 0; i < options_.nodes; ++i) {
    if (owed_[i] == 0) continue;
    const double quiet = std::chrono::duration<double>(now - last_heard_[i]).count();
    char detail[96];
    std::snprintf(detail, sizeof detail, " (pid %d, owes %d repl%s, silent for %.1f s)",
                  static_cast<int>(processes_.pids()[i]), owed_[i], owed_[i] == 1 ? "y" : "ies",
                  quiet);
    silent += (silent.empty() ? "node " : ", node ") + std::to_string(i) + detail;
  }
  throw ClusterError("no reply within the reply timeout of " +
                     std::to_string(options_.reply_timeout.count()) + " ms from " +
                     (silent.empty() ? std::string("any node") : silent));
}

std::optional<int> Cluster::hello_slot(const proto::Hello& hello, const proto::Received& received) {
  if (options_.transport == Transport::tcp) {
    // libzmq attaches the user id our ZAP handler gave this peer's key to every message of it
    const char* user = zmq_msg_gets(received.frame.handle(), "User-Id");
    for (int i = 0; user && i < options_.nodes; ++i) {
      if (user_id_of(i) == user) return i;
    }
    return std::nullopt;
  }
  // ipc: only this user can reach the socket; the pid tells which of our processes it is
  return processes_.index_of(static_cast<pid_t>(hello.pid));
}

int Cluster::poll_once(std::chrono::milliseconds timeout, const Handler* handler,
                       bool accept_hello) {
  throw_if_interrupted();
  check_processes();
  zmq::pollitem_t item{router_.handle(), 0, ZMQ_POLLIN, 0};
  try {
    zmq::poll(&item, 1, timeout);
  } catch (const zmq::error_t& e) {
    if (e.num() != EINTR) throw;
  }
  throw_if_interrupted();
  int handled = 0;
  while (auto received = proto::receive_from_router(router_)) {
    bytes_received_ += received->frame.size();
    int node = -1;
    for (int i = 0; i < options_.nodes; ++i) {
      if (identities_[i].size() == received->identity.size() &&
          std::memcmp(identities_[i].data(), received->identity.data(),
                      received->identity.size()) == 0) {
        node = i;
      }
    }
    proto::Message message;
    try {
      message = decoder_.decode(received->bytes());
    } catch (const proto::ProtocolError& e) {
      // One of our own nodes speaking garbage will never send the reply we wait for: fail now.
      if (node >= 0)
        throw ClusterError("node " + std::to_string(node) +
                           " sent a malformed message: " + e.what());
      malformed_.note(e.what());
      continue;
    }
    if (const auto* hello = std::get_if<proto::Hello>(&message.body)) {
      const auto slot = hello_slot(*hello, *received);
      if (!accept_hello || node >= 0 || !slot || identities_[*slot].size() != 0) {
        strangers_.note("a hello claiming pid " + std::to_string(hello->pid));
        continue;
      }
      identities_[*slot].copy(received->identity);
      last_heard_[*slot] = Clock::now();
      log("node " + std::to_string(*slot) + " (pid " + std::to_string(hello->pid) + ") connected");
      ++handled;
      continue;
    }
    if (node < 0) {
      strangers_.note(std::string("a ") + proto::type_name(proto::type_of(message.body)) +
                      " message");
      continue;
    }
    last_heard_[node] = Clock::now();
    if (proto::is_reply(proto::type_of(message.body)) && owed_[node] > 0) --owed_[node];
    if (const auto* error = std::get_if<proto::ErrorReport>(&message.body)) {
      throw ClusterError("node " + std::to_string(node) +
                         " reported: " + printable(error->message, 300));
    }
    if (handler) (*handler)(node, message, *received);
    ++handled;
  }
  return handled;
}

void Cluster::check_processes() {
  if (shut_down_) return;
  for (const ProcessExit& ended : processes_.reap()) {
    throw ClusterError("node " + std::to_string(ended.index) + " (pid " +
                       std::to_string(ended.pid) + ") " + ended.how);
  }
}

void Cluster::send_heartbeats() {
  const auto now = Clock::now();
  for (int i = 0; i < options_.nodes; ++i) {
    if (identities_[i].size() != 0 && now - last_sent_[i] >= kHeartbeatInterval) {
      send(i, proto::Message{{}, proto::Heartbeat{}});
    }
  }
}

void Cluster::shutdown(bool hurry) {
  if (shut_down_) return;
  shut_down_ = true;
  malformed_.flush();
  strangers_.flush();
  for (int i = 0; i < options_.nodes; ++i) {
    if (identities_.size() > static_cast<std::size_t>(i) && identities_[i].size() != 0 &&
        processes_.running(i)) {
      proto::send_to(router_, identities_[i], proto::Message{{}, proto::Shutdown{}}, scratch_);
    }
  }
  // nodes exit at once on SIGTERM; the wait is for a node finishing its last reply politely
  if (!processes_.wait_all(/*wait_ms=*/hurry ? 20 : 1000))
    processes_.terminate_all(/*grace_ms=*/1000);
  log("all nodes stopped");
}

void Cluster::log(const std::string& line) const {
  if (options_.verbose) to_stderr(line);
}

}  // namespace slae::coordinator
