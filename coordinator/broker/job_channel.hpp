#pragma once
// One job's end of the broker (broker.hpp): it claims workers, then sends its parts' messages
// and receives their replies through the broker's event loop: over an inproc socket when the
// loop has a thread of its own, or, when the loop runs on this job's thread, by turning the loop
// itself while it waits.
// It keeps the job-side rules: which worker owes a reply, how long the job waits for one, and
// that an error report or a lost worker ends the job (ClusterError naming the node).
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "coordinator/broker/broker.hpp"
#include "coordinator/cluster/node_group.hpp"

namespace slae::coordinator {

struct ChannelOptions {
  std::chrono::milliseconds reply_timeout{30000};  ///< longest silence while replies are due
  /// Who takes over a lost part: the one-shot starts a process and names it (the regrant waits
  /// for it to join), or says nullopt (--no-replace, or it could not start one): the part is
  /// dropped and its rows spread over the others. Unset: any idle worker of the broker's, or
  /// the part is dropped when there is none.
  std::function<std::optional<WorkerSelector>(int part)> replacement;
  /// A pending SIGINT/SIGTERM ends the wait with Interrupted (the one-shot run); a standing
  /// broker's jobs leave that to the broker, which tells their customers why they end.
  bool stop_on_signal = true;
  /// How a part's worker is named in what the job says (a loss, a fault, a timeout): as
  /// customer --status shows the broker's workers, "worker 2 (pid 29308 on vm)" (a standing
  /// broker's jobs), or by the part, "node 1 (pid 29308)" (the one-shot run, whose nodes are
  /// its own and have no --status).
  bool name_by_worker = false;
};

/// The worker an exact claim names at `slot` is a process that ended before the job was
/// granted (the broker's ProcessWatch told): the claim cannot be met as it stands.
class ClaimSlotLost : public ClusterError {
 public:
  ClaimSlotLost(int slot, const std::string& how)
      : ClusterError("the worker of claim slot " + std::to_string(slot) + " " + how),
        slot_(slot),
        how_(how) {}
  int slot() const { return slot_; }
  const std::string& how() const { return how_; }  ///< "exited with status 1"

 private:
  int slot_;
  std::string how_;
};

class JobChannel final : public NodeGroup {
 public:
  /// Opens a job on broker and claims workers. Throws ClusterError unless they are granted
  /// within grant_timeout (naming how many of an exact request joined), ClaimSlotLost,
  /// Interrupted, or JobCancelled when the broker cancels the job while it waits.
  JobChannel(Broker& broker, ClaimRequest request, std::chrono::milliseconds grant_timeout,
             ChannelOptions options);
  /// The same for a customer's job, which the broker has opened already (with its request).
  JobChannel(Broker& broker, JobId job, std::chrono::milliseconds grant_timeout,
             ChannelOptions options);
  /// Releases the workers.
  ~JobChannel() override;
  JobChannel(const JobChannel&) = delete;
  JobChannel& operator=(const JobChannel&) = delete;

  JobId id() const { return id_; }
  const std::vector<GrantedWorker>& workers() const { return workers_; }

  int size() const override { return static_cast<int>(workers_.size()); }
  std::uint64_t job_id() const override { return id_; }
  bool same_machine(int part) const override {
    return workers_[static_cast<std::size_t>(part)].same_machine;
  }
  void send(int part, const protocol::Message& message) override;
  void send(int part, const protocol::Message& message, protocol::PayloadBuffer& payload) override;
  void receive(const Handler& handler) override;
  std::vector<int> recover(const WorkerLost& loss) override;
  std::uint64_t stale_dropped() const override {
    return stale_ + (broker_stale_ ? broker_stale_->load() : 0);
  }
  void note_stale() override { ++stale_; }
  std::uint64_t bytes_sent() const override { return bytes_sent_; }
  std::uint64_t bytes_received() const override { return bytes_received_; }
  std::uint64_t bytes_sent_to(int part) const override {
    return sent_to_[static_cast<std::size_t>(part)];
  }
  std::uint64_t bytes_received_from(int part) const override {
    return received_from_[static_cast<std::size_t>(part)];
  }

  /// Gives the workers back to the broker (at most once; the destructor does it otherwise).
  void release();
  /// How long the job waited in the broker's queue for its workers (a customer's job).
  double queued_seconds() const { return queued_seconds_; }

  /// A message for the job's customer (progress, results), through the broker.
  void to_customer(const protocol::Message& message);
  /// Tells the broker which rows each part holds (for its status table).
  void announce_placement(const std::vector<std::int64_t>& begin_end);

 private:
  /// Opens the link and claims: with `request`, a new job's; without, a customer's (the
  /// broker has its request).
  JobChannel(Broker& broker, JobId job, std::optional<ClaimRequest> request,
             std::chrono::milliseconds grant_timeout, ChannelOptions options);
  void post(zmq::message_t frame, int part, protocol::MessageType type);
  // the link to the broker: a DEALER, or direct calls when the loop runs on this thread
  void link_post(LinkKind kind, std::uint32_t part, zmq::message_t payload);
  bool link_next(LinkDelivery& out);
  void link_wait(std::chrono::milliseconds timeout);
  /// Handles what has arrived; returns how many worker messages were handed to handler.
  int drain(const Handler* handler);
  [[noreturn]] void timed_out() const;
  /// Takes the workers of a `granted` message as the job's.
  void take_grant(zmq::message_t& payload);
  /// Who takes over a lost part.
  struct Taker {
    enum class Kind { any_idle, named, nobody } kind = Kind::any_idle;
    WorkerSelector named;
  };
  /// One try at a new placement; true when granted (`origin` then says where parts came from).
  bool try_recover(std::map<int, Taker>& takers, std::vector<int>& origin);
  std::string who(int part) const;

  Broker& broker_;
  ChannelOptions options_;
  JobId id_ = 0;
  bool inline_ = false;  ///< the broker's loop runs on this thread
  zmq::socket_t dealer_;
  std::deque<LinkDelivery> inbox_;  ///< when inline
  std::chrono::steady_clock::time_point last_turn_;
  std::vector<GrantedWorker> workers_;
  std::chrono::milliseconds grant_timeout_;
  bool granted_ = false;
  int matched_ = 0;  ///< of an exact claim, the workers idle at the broker (claim_matched)
  double queued_seconds_ = 0.0;
  bool released_ = false;
  // recovery
  bool recovering_ = false;             ///< losses are noted in lost_, not thrown
  std::set<int> lost_;                  ///< parts lost since the last placement
  std::uint32_t regrant_seq_ = 0;       ///< of the latest regrant asked for
  std::optional<bool> regrant_answer_;  ///< granted (true) or failed (false), for regrant_seq_
  std::uint64_t stale_ = 0;             ///< dropped here
  std::shared_ptr<const std::atomic<std::uint64_t>> broker_stale_;  ///< dropped by the broker
  std::vector<int> owed_;  ///< per part: requests sent that it has not answered yet
  std::vector<std::chrono::steady_clock::time_point> last_heard_;
  protocol::FrameBuffer scratch_;
  protocol::Decoder decoder_;
  std::uint64_t bytes_sent_ = 0;
  std::uint64_t bytes_received_ = 0;
  std::vector<std::uint64_t> sent_to_, received_from_;  ///< per part
};

}  // namespace slae::coordinator
