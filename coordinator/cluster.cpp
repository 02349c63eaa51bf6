#include "coordinator/cluster.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "coordinator/signals.hpp"

namespace slae::coordinator {
namespace {

using namespace std::chrono_literals;
namespace proto = slae::protocol;

constexpr auto kPollSlice = 100ms;        // how often signals and dead children are checked
constexpr auto kHeartbeatInterval = 1s;   // nodes exit after --idle-timeout (5 s) of silence
constexpr std::size_t kMaxIpcPath = 100;  // sockaddr_un holds 108 bytes

std::string make_private_dir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string base = (tmp && *tmp) ? tmp : "/tmp";
  if (base.size() > kMaxIpcPath - 24) base = "/tmp";  // keep the socket path short enough
  std::string pattern = base + "/slae-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {  // mkdtemp creates it with mode 0700
    throw ClusterError("cannot create a private directory in " + base + ": " +
                       std::strerror(errno));
  }
  return pattern;
}

}  // namespace

Cluster::Cluster(ClusterOptions options)
    : options_(std::move(options)), router_(context_, zmq::socket_type::router) {
  if (options_.nodes < 1) throw ClusterError("a cluster needs at least one node");
  try {
    bind();
    start_nodes();
  } catch (...) {
    // no destructor runs for a half-made object: the nodes started so far die with their
    // member, the socket and its directory go here
    router_.close();
    remove_private_dir();
    throw;
  }
}

Cluster::~Cluster() {
  try {
    shutdown();
  } catch (...) {
    // Destructors must not throw; NodeProcesses' destructor still kills what is left.
  }
  router_.close();
  remove_private_dir();
}

void Cluster::remove_private_dir() {
  if (private_dir_.empty()) return;
  ::unlink((private_dir_ + "/coordinator").c_str());
  ::rmdir(private_dir_.c_str());
  private_dir_.clear();
}

void Cluster::bind() {
  proto::configure_router(router_);
  if (options_.transport == Transport::ipc) {
    private_dir_ = make_private_dir();
    endpoint_ = "ipc://" + private_dir_ + "/coordinator";
    router_.bind(endpoint_);
  } else {
    router_.bind("tcp://127.0.0.1:*");  // loopback only; the OS picks the port
    endpoint_ = router_.get(zmq::sockopt::last_endpoint);
  }
  log("listening on " + endpoint_);
}

void Cluster::start_nodes() {
  if (::access(options_.node_program.c_str(), X_OK) != 0) {
    throw ClusterError("cannot run the node program " + options_.node_program + ": " +
                       std::strerror(errno));
  }
  const std::string parent = std::to_string(::getpid());
  for (int i = 0; i < options_.nodes; ++i) {
    std::vector<std::string> args = {"--connect", endpoint_, "--parent-pid", parent};
    if (options_.test_stagger_ms > 0) {
      args.push_back("--test-reply-delay-ms");
      args.push_back(std::to_string((options_.nodes - 1 - i) * options_.test_stagger_ms));
    }
    const pid_t pid = processes_.spawn(options_.node_program, args);
    log("node " + std::to_string(i) + " started, pid " + std::to_string(pid));
  }
  identities_.resize(options_.nodes);
  last_sent_.assign(options_.nodes, std::chrono::steady_clock::now());

  int ready = 0;
  const auto deadline = std::chrono::steady_clock::now() + options_.start_timeout;
  while (ready < options_.nodes) {
    if (std::chrono::steady_clock::now() > deadline) {
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
  if (bytes == 0) {
    // Usually the node just died: give the kernel a moment to report it, and say how.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    check_processes();
    throw ClusterError("cannot deliver a " +
                       std::string(proto::type_name(proto::type_of(message.body))) +
                       " message to node " + std::to_string(node));
  }
  bytes_sent_ += bytes;
  last_sent_[node] = std::chrono::steady_clock::now();
}

void Cluster::receive(const Handler& handler) {
  const auto deadline = std::chrono::steady_clock::now() + options_.reply_timeout;
  while (poll_once(kPollSlice, &handler, false) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw ClusterError("no reply from any node for " +
                         std::to_string(options_.reply_timeout.count()) + " ms");
    }
    send_heartbeats();
  }
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
      std::fprintf(stderr, "coordinator: dropped a malformed message (#%zu): %s\n", ++dropped_,
                   e.what());
      continue;
    }
    if (const auto* hello = std::get_if<proto::Hello>(&message.body)) {
      const auto index = processes_.index_of(static_cast<pid_t>(hello->pid));
      if (!accept_hello || node >= 0 || !index || identities_[*index].size() != 0) {
        log("ignored a hello from pid " + std::to_string(hello->pid));
        continue;
      }
      identities_[*index].copy(received->identity);
      log("node " + std::to_string(*index) + " (pid " + std::to_string(hello->pid) + ") connected");
      ++handled;
      continue;
    }
    if (node < 0) {
      log("ignored a message from an unknown peer");
      continue;
    }
    if (const auto* error = std::get_if<proto::ErrorReport>(&message.body)) {
      throw ClusterError("node " + std::to_string(node) + " reported: " + error->message);
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
  const auto now = std::chrono::steady_clock::now();
  for (int i = 0; i < options_.nodes; ++i) {
    if (identities_[i].size() != 0 && now - last_sent_[i] >= kHeartbeatInterval) {
      send(i, proto::Message{{}, proto::Heartbeat{}});
    }
  }
}

void Cluster::shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  for (int i = 0; i < options_.nodes; ++i) {
    if (identities_.size() > static_cast<std::size_t>(i) && identities_[i].size() != 0 &&
        processes_.running(i)) {
      proto::send_to(router_, identities_[i], proto::Message{{}, proto::Shutdown{}}, scratch_);
    }
  }
  if (!processes_.wait_all(/*wait_ms=*/1000)) processes_.terminate_all(/*grace_ms=*/1000);
  log("all nodes stopped");
}

void Cluster::log(const std::string& line) const {
  if (options_.verbose) std::fprintf(stderr, "coordinator: %s\n", line.c_str());
}

}  // namespace slae::coordinator
