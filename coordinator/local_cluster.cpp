#include "coordinator/local_cluster.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <thread>

#include "coordinator/cluster_error.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {
namespace {

namespace proto = slae::protocol;

void to_stderr(const std::string& line) {
  std::fprintf(stderr, "coordinator: %s\n", line.c_str());
}

std::string user_id_of(int node) {
  return "node-" + std::to_string(node);
}

}  // namespace

LocalCluster::LocalCluster(ClusterOptions options) : options_(std::move(options)) {
  if (options_.nodes < 1) throw ClusterError("a cluster needs at least one node");
  // Members made so far clean up after themselves if this throws: the nodes started die with
  // processes_, the broker stops, the private directory goes.
  start_broker();
  start_nodes();
}

LocalCluster::~LocalCluster() {
  try {
    // leaving on an exception (an interruption, a failure): no time to wait for polite exits
    shutdown(/*hurry=*/std::uncaught_exceptions() > 0);
  } catch (...) {
    // Destructors must not throw; NodeProcesses' destructor still kills what is left.
  }
}

void LocalCluster::start_broker() {
  BrokerOptions b;
  b.max_message_bytes =
      options_.max_message_bytes > 0 ? options_.max_message_bytes : proto::kMaxFrameBytes;
  b.warn = to_stderr;
  b.own_thread = false;  // one job, on this thread: it turns the loop while it waits
  if (options_.verbose) b.log = to_stderr;
  if (options_.transport == Transport::ipc) {
    private_dir_.emplace();
    b.bind = "ipc://" + private_dir_->socket_path();
  } else {
    std::map<std::string, std::string> allowed;
    for (int i = 0; i < options_.nodes; ++i) {
      node_keys_.push_back(proto::make_curve_key_pair());
      allowed.emplace(node_keys_.back().public_key, user_id_of(i));
    }
    // the handler must answer before the first client can connect
    zap_ = std::make_unique<ZapHandler>(context_, std::move(allowed), to_stderr);
    b.server_keys = proto::make_curve_key_pair();
    b.bind = "tcp://127.0.0.1:*";  // loopback only; the OS picks the port
  }
  if (b.server_keys) server_public_ = b.server_keys->public_key;
  broker_ = std::make_unique<Broker>(context_, std::move(b));
}

void LocalCluster::start_nodes() {
  if (::access(options_.node_program.c_str(), X_OK) != 0) {
    throw ClusterError("cannot run the node program " + printable(options_.node_program, 200) +
                       ": " + std::strerror(errno));
  }
  const std::string parent = std::to_string(::getpid());
  ClaimRequest claim;
  for (int i = 0; i < options_.nodes; ++i) {
    std::vector<std::string> args = {"--connect", endpoint(), "--parent-pid", parent};
    std::string keys;
    if (options_.transport == Transport::tcp) {
      args.insert(args.end(), {"--key-fd", std::to_string(NodeProcesses::kSecretFd)});
      keys = proto::format_node_keys({server_public_, node_keys_[static_cast<std::size_t>(i)]});
    }
    if (options_.test_stagger_ms > 0) {
      args.push_back("--test-reply-delay-ms");
      args.push_back(std::to_string((options_.nodes - 1 - i) * options_.test_stagger_ms));
    }
    const pid_t pid = processes_.spawn(options_.node_program, args, keys);
    log("node " + std::to_string(i) + " started, pid " + std::to_string(pid));
    // on tcp a node is the one holding its key; on ipc only this user can connect at all
    claim.exact.push_back(options_.transport == Transport::tcp ? WorkerSelector{user_id_of(i), 0}
                                                               : WorkerSelector{{}, pid});
  }
  node_keys_.clear();  // the nodes have them; the ZAP handler keeps only the public halves

  ChannelOptions channel;
  channel.reply_timeout = options_.reply_timeout;
  channel.check_workers = [this] { check_processes(); };
  channel.explain_loss = [this](int) {
    // usually the node just died: give the kernel a moment to report how
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    check_processes();
  };
  job_ = std::make_unique<JobChannel>(*broker_, std::move(claim), options_.start_timeout,
                                      std::move(channel));
  for (int i = 0; i < options_.nodes; ++i) {
    log("node " + std::to_string(i) + " (pid " +
        std::to_string(job_->workers()[static_cast<std::size_t>(i)].pid) + ") connected");
  }
  log("all " + std::to_string(options_.nodes) + " nodes connected");
}

void LocalCluster::check_processes() {
  if (shut_down_) return;
  for (const ProcessExit& ended : processes_.reap()) {
    throw ClusterError("node " + std::to_string(ended.index) + " (pid " +
                       std::to_string(ended.pid) + ") " + ended.how);
  }
}

void LocalCluster::shutdown(bool hurry) {
  if (shut_down_) return;
  shut_down_ = true;
  if (job_) {
    for (int i = 0; i < job_->size(); ++i) {
      if (processes_.running(i)) job_->send(i, proto::Message{{}, proto::Shutdown{}});
    }
  }
  // nodes exit at once on SIGTERM; the wait is for a node finishing its last reply politely
  if (!processes_.wait_all(/*wait_ms=*/hurry ? 20 : 1000))
    processes_.terminate_all(/*grace_ms=*/1000);
  if (job_) job_->release();
  log("all nodes stopped");
}

void LocalCluster::log(const std::string& line) const {
  if (options_.verbose) to_stderr(line);
}

}  // namespace slae::coordinator
