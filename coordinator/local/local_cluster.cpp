#include "coordinator/local/local_cluster.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <thread>

#include "coordinator/cluster/cluster_error.hpp"
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
  b.heartbeat_interval = options_.heartbeat_interval;
  b.processes = this;  // a node process that ends is a loss the broker hears of at once
  if (options_.verbose) b.log = to_stderr;
  if (options_.transport == Transport::ipc) {
    private_dir_.emplace();
    b.bind = "ipc://" + private_dir_->socket_path();
  } else {
    // the handler must answer before the first client can connect; each node's key is added
    // as the node is started (spawn_node)
    zap_ = std::make_unique<protocol::ZapHandler>(context_, std::map<std::string, std::string>{},
                                                  to_stderr);
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
  ClaimRequest claim;
  for (int i = 0; i < options_.nodes; ++i) {
    claim.exact.push_back(spawn_node(i));
    starting_.push_back(i);
  }

  ChannelOptions channel;
  channel.reply_timeout = options_.reply_timeout;
  channel.replacement = [this](int part) { return replace_node(part); };
  // A node that ends before the job has them all held no rows yet: another process is
  // started in its place and the claim asked again (the ones that joined are idle, and taken
  // again at once). A node program that cannot start at all fails every time: after as many
  // tries as there are nodes, its end is the error.
  for (int restarts = 0;; ++restarts) {
    try {
      job_ = std::make_unique<JobChannel>(*broker_, claim, options_.start_timeout, channel);
      break;
    } catch (const ClaimSlotLost& lost) {
      const auto slot = static_cast<std::size_t>(lost.slot());
      if (slot >= starting_.size()) throw;
      const std::string what =
          "node " + std::to_string(slot) + " (pid " +
          std::to_string(processes_.pids()[static_cast<std::size_t>(starting_[slot])]) + ") " +
          lost.how() + " before it joined";
      if (restarts >= options_.nodes) {
        throw ClusterError(what + ", as " + std::to_string(restarts) +
                           (restarts == 1 ? " other did before it" : " others did before it"));
      }
      const auto index = static_cast<int>(processes_.pids().size());
      claim.exact[slot] = spawn_node(index);
      starting_[slot] = index;
      std::fprintf(stderr, "coordinator: %s; node %zu starts again (pid %lld)\n", what.c_str(),
                   slot, static_cast<long long>(processes_.pids().back()));
    }
  }
  starting_.clear();
  for (int i = 0; i < options_.nodes; ++i) {
    log("node " + std::to_string(i) + " (pid " +
        std::to_string(job_->workers()[static_cast<std::size_t>(i)].pid) + ") connected");
  }
  log("all " + std::to_string(options_.nodes) + " nodes connected");
}

WorkerSelector LocalCluster::spawn_node(int index) {
  // the node keeps our heartbeat pace from its first connection: ZeroMQ's heartbeats, which
  // tell us when a busy node is frozen, are fixed when it connects (node/broker_link.hpp)
  std::vector<std::string> args = {
      "--connect",      endpoint(),
      "--parent-pid",   std::to_string(::getpid()),
      "--heartbeat-ms", std::to_string(options_.heartbeat_interval.count())};
  std::string keys;
  if (options_.transport == Transport::tcp) {
    // the node gets its secret key on a pipe; the ZAP handler keeps only the public half
    const proto::CurveKeyPair key = proto::make_curve_key_pair();
    allowed_keys_.emplace(key.public_key, user_id_of(index));
    zap_->replace(allowed_keys_);
    args.insert(args.end(), {"--key-fd", std::to_string(NodeProcesses::kSecretFd)});
    keys = proto::format_node_keys({server_public_, key});
  }
  if (options_.test_stagger_ms > 0 && index < options_.nodes) {
    args.push_back("--test-reply-delay-ms");
    args.push_back(std::to_string((options_.nodes - 1 - index) * options_.test_stagger_ms));
  }
  if (const auto death = options_.test_node_deaths.find(index);
      death != options_.test_node_deaths.end()) {
    args.push_back("--test-die-on");
    args.push_back(death->second);
  }
  const pid_t pid = processes_.spawn(options_.node_program, args, keys);
  log("node " + std::to_string(index) + " started, pid " + std::to_string(pid));
  // on tcp a node is the one holding its key; on ipc only this user can connect at all
  selectors_.push_back(options_.transport == Transport::tcp ? WorkerSelector{user_id_of(index), 0}
                                                            : WorkerSelector{{}, pid});
  return selectors_.back();
}

std::optional<int> LocalCluster::process_of(int part) const {
  if (!job_ || part < 0 || part >= job_->size()) return std::nullopt;
  const auto pid = static_cast<pid_t>(job_->workers()[static_cast<std::size_t>(part)].pid);
  return processes_.index_of(pid);
}

pid_t LocalCluster::pid_of_part(int part) const {
  const auto process = process_of(part);
  return process ? processes_.pids()[static_cast<std::size_t>(*process)] : 0;
}

std::vector<ProcessWatch::Ended> LocalCluster::ended() {
  std::vector<Ended> ends;
  if (shut_down_) return ends;  // the nodes are told to go: their ends are no news
  for (ProcessExit& exit : processes_.reap())
    exits_.push_back(std::move(exit));
  for (const ProcessExit& exit : exits_) {
    log("node process " + std::to_string(exit.index) + " (pid " + std::to_string(exit.pid) + ") " +
        exit.how);
    ends.push_back({selectors_[static_cast<std::size_t>(exit.index)], exit.pid, exit.how});
  }
  exits_.clear();
  return ends;
}

std::optional<std::string> LocalCluster::how_ended(std::int64_t pid) {
  if (shut_down_ || !processes_.index_of(static_cast<pid_t>(pid))) return std::nullopt;
  // its socket has just closed: the kernel reports the end a moment later, if it is one
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
  for (;;) {
    for (ProcessExit& exit : processes_.reap())
      exits_.push_back(std::move(exit));  // ended() still reports each (to a claim, say)
    for (const ProcessExit& exit : exits_) {
      if (exit.pid == pid) return exit.how;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

std::optional<WorkerSelector> LocalCluster::replace_node(int part) {
  // a node that was lost without ending (frozen, cut off) is of no use any more
  if (const auto process = process_of(part)) processes_.kill(*process);
  if (!options_.replace_lost || shut_down_) return std::nullopt;
  try {
    const auto index = static_cast<int>(processes_.pids().size());
    const WorkerSelector selector = spawn_node(index);
    std::fprintf(stderr, "coordinator: node %d goes on on a new process (pid %lld)\n", part,
                 static_cast<long long>(processes_.pids().back()));
    return selector;
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "coordinator: cannot start a node in place of node %d: %s\n", part,
                 e.what());
    return std::nullopt;
  }
}

void LocalCluster::shutdown(bool hurry) {
  if (shut_down_) return;
  shut_down_ = true;
  if (job_) {
    for (int part = 0; part < job_->size(); ++part) {
      const auto process = process_of(part);
      if (process && processes_.running(*process))
        job_->send(part, proto::Message{{}, proto::Shutdown{}});
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
