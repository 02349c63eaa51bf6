#pragma once
// The broker: one ROUTER that workers connect to, a table of the workers (idle or busy), a queue
// of the jobs that want them, and one event loop in the style of the ZeroMQ guide's Majordomo
// broker: poll, hand each message to a short handler, run the timers (heartbeats out, silent
// workers purged). It runs on a thread of its own and is the only code that touches the ROUTER
// or the tables.
//
// Jobs run on threads of their own and talk to the broker through a JobChannel
// (job_channel.hpp) over an inproc socket. Or the loop runs on the caller's thread (the one-shot
// coordinator: one job, on the thread that runs the loop): then the job's channel turns the
// loop itself whenever it waits, and the broker hands it its messages directly, which saves
// two thread hops per message (a third of the time of an iteration on a small matrix). A job's
// messages reach only the workers granted to it, and a worker's messages reach only the job it is
// granted to (by its connection and the job id in each header); anything else is dropped and
// counted.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <zmq.hpp>

#include "coordinator/broker/job_admission.hpp"
#include "coordinator/broker/job_link.hpp"
#include "coordinator/broker/rate_limited_log.hpp"
#include "coordinator/broker/worker_registry.hpp"
#include "protocol/codec.hpp"
#include "protocol/curve_keys.hpp"
#include "protocol/liveness.hpp"
#include "protocol/transport.hpp"

namespace slae::coordinator {

/// One worker a job wants by name: on tcp the name its key was admitted under ("node-3"), on
/// ipc (where only this user can connect) the pid it declares.
struct WorkerSelector {
  std::string user;
  std::int64_t pid = 0;
};

inline bool selects(const WorkerSelector& s, const WorkerEntry& w) {
  return s.user.empty() ? w.ready.pid == s.pid : w.user == s.user;
}

struct ClaimRequest {
  /// How many workers the job wants; it starts on the idle ones it gets, at most this many,
  /// and waits in the queue while none is idle. 0: every idle worker (up to at_most).
  int want = 0;
  int at_most = 0;  ///< never more than this many (0: no bound): a part holds whole chunks
  /// These workers, in this order, and no others (the one-shot coordinator's own nodes); the
  /// job waits until every one of them is idle.
  std::vector<WorkerSelector> exact;
};

/// One part of a job's new placement after it lost a worker (a regrant message: job_link.hpp).
struct RegrantSlot {
  WorkerId keep = 0;  ///< a worker of the job that goes on, now holding this part
  /// When keep is 0: this worker, once it is idle (the one-shot's replacement process; the
  /// regrant waits for it), or, without a selector, any idle worker (or regrant_failed at once).
  std::optional<WorkerSelector> want;
};

/// What a job learns of each worker it was granted.
struct GrantedWorker {
  WorkerId id = 0;
  std::int64_t pid = 0;
  std::string host;
  std::string user;
  bool same_machine = false;  ///< may map the broker's shared memory
};

/// A granted message's value: the job's workers, part by part.
struct Grant {
  std::vector<GrantedWorker> workers;
  double queued_seconds = 0.0;  ///< how long a customer's job waited in the queue (0 after)
  /// How many messages of the job the broker has dropped (from workers that no longer serve
  /// it), counted by the loop as it drops them: a statistic the job reads for its report
  /// whenever it likes, not a message it has to wait for.
  std::shared_ptr<const std::atomic<std::uint64_t>> stale;
};

class Broker;

/// A customer's job the broker has started: the service runs it on a thread of its own, and
/// the broker only asks whether it has ended (to join it) and cancels it through its channel.
class StartedJob {
 public:
  virtual ~StartedJob() = default;  ///< joins the job's thread (cancel it first)
  virtual bool finished() const = 0;
};

/// Starts a checked job, and never returns null: the service the broker is handed
/// (service/customer_job.hpp), so that the broker includes no algorithm.
using JobStarter =
    std::function<std::unique_ptr<StartedJob>(Broker&, JobId, protocol::Submit, CustomerSystem)>;

/// The worker processes this process started itself (the one-shot's nodes), as the broker sees
/// them: it asks with its timers (every 20 ms) which have ended, and turns each end into a loss
/// like any other (the worker's job hears how the process ended; a job whose exact claim names a
/// process that ended before it joined hears that its slot is lost). Both calls return what they
/// know and never throw: nothing but messages goes from the loop to a job.
class ProcessWatch {
 public:
  struct Ended {
    WorkerSelector selector;  ///< as the process was started (its claim slot names it so)
    std::int64_t pid = 0;
    std::string how;  ///< "was killed by signal 9", "exited with status 1"
  };
  virtual ~ProcessWatch() = default;
  /// The processes that have ended since the last call.
  virtual std::vector<Ended> ended() = 0;
  /// How the worker process `pid`, whose connection just dropped, ended, if it has or does
  /// within a moment (the kernel may say so a little after the socket closes); nullopt for one
  /// that is still running, or is not ours. What it reaps meanwhile, ended() reports.
  virtual std::optional<std::string> how_ended(std::int64_t pid) = 0;
};

struct BrokerOptions {
  /// Where workers connect: "ipc:///dir/socket", "tcp://127.0.0.1:*".
  std::string bind;
  /// When given, the ROUTER is a CURVE server with these keys; the context must then hold a
  /// running ZAP handler (zap_handler.hpp) that admits the workers' keys.
  std::optional<protocol::CurveKeyPair> server_keys;
  /// The largest frame a worker may send (ZMQ_MAXMSGSIZE: larger ones are refused from their
  /// header, before anything is allocated).
  std::size_t max_message_bytes = protocol::kMaxFrameBytes;
  std::function<void(const std::string&)> log;   ///< events (workers joining, jobs), may be empty
  std::function<void(const std::string&)> warn;  ///< counts of dropped messages, always
  /// true: the loop runs on a thread of its own. false: on the caller's, in turn().
  bool own_thread = true;
  /// Customers may submit jobs (the standing broker); otherwise their messages are strangers'.
  bool serve_customers = false;
  /// What starts a customer's job once its data is checked (needed with serve_customers).
  JobStarter start_job;
  JobLimits job_limits;  ///< the largest job a customer may submit (bytes, rows, non-zeros)
  /// Keys decide who does what (a standing broker with --worker-keys/--customer-keys): a peer
  /// joins as a worker only if its user id (key_ring.hpp) has the worker role, submits or asks
  /// only with the customer role, and cancels only the jobs its key submitted.
  bool check_roles = false;
  /// The most connections at once (0: no bound); more are hung up on as they are accepted.
  int max_peers = 0;
  /// A peer that sends this many bad messages (malformed, not its role's, for jobs not its
  /// own) is hung up on: its connection is closed from our side.
  int max_strikes = 100;
  /// How often the broker beats to a peer it has sent nothing else (its heartbeats carry it, and
  /// workers and customers adopt it); a peer silent kHeartbeatLiveness times as long is gone.
  std::chrono::milliseconds heartbeat_interval = protocol::kHeartbeatInterval;
  /// The worker processes this process started, if any (it outlives the broker).
  ProcessWatch* processes = nullptr;
};

/// What the broker hands a job whose channel lives on the loop's own thread.
struct LinkDelivery {
  LinkKind kind = LinkKind::granted;
  std::uint32_t part = 0;
  zmq::message_t payload;
};

class Broker {
 public:
  /// Binds (throws zmq::error_t if it cannot) and starts the event loop.
  Broker(zmq::context_t& context, BrokerOptions options);
  ~Broker();
  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;

  /// The bound address of the workers' socket (the port filled in).
  const std::string& endpoint() const { return endpoint_; }
  zmq::context_t& context() { return context_; }
  /// Where job channels connect.
  const std::string& jobs_endpoint() const { return jobs_endpoint_; }

  /// A new job's id, for the claim its channel sends (any thread).
  JobId next_job_id() { return next_job_++; }

  // ---- a job on the loop's own thread (own_thread false)

  bool on_caller_thread() const { return !options_.own_thread; }
  /// Runs the loop once: waits up to timeout for messages, handles them, runs the timers.
  void turn(std::chrono::milliseconds timeout);
  /// From now on the broker's messages for job go into inbox instead of an inproc socket.
  void attach_inbox(JobId job, std::deque<LinkDelivery>* inbox);
  /// A job's message to the broker, handled at once.
  void post(JobId job, LinkKind kind, std::uint32_t part, zmq::message_t payload);

  // ---- keys (any thread)

  /// Cuts off every peer admitted under one of these user ids (their keys were revoked): its
  /// worker entry or its customer's jobs go, and nothing more of that connection is heard.
  void revoke(std::set<std::string> user_ids);

 private:
  static constexpr int kBatch = 256;  ///< messages handled per socket before the others' turn
  static constexpr long kMostJobsPerCustomer = 16;  ///< a customer's jobs queued or running
  enum class JobState { receiving, queued, running };
  struct Job {
    JobId id = 0;
    ClaimRequest request;
    JobState state = JobState::queued;
    std::vector<WorkerId> placement;   ///< part -> worker
    int matched = 0;                   ///< of an exact request, the workers idle (last told)
    bool regrant_pending = false;      ///< a new placement waits for a worker to join
    std::vector<RegrantSlot> regrant;  ///< the job's latest request for a new placement
    std::shared_ptr<std::atomic<std::uint64_t>> stale =
        std::make_shared<std::atomic<std::uint64_t>>(0);  ///< its messages dropped (Grant)
    std::uint32_t regrant_seq = 0;        ///< echoed in the answer, so that only the latest counts
    std::vector<std::int64_t> part_rows;  ///< begin, end per part, when the job said
    // a customer's job
    std::string customer;  ///< its routing id; empty for a job of this process
    std::string owner;     ///< the user id of the key that submitted it (empty without keys)
    protocol::Submit spec;
    std::int32_t method = -1;  ///< from its progress: which method runs
    std::uint64_t iteration = 0;
    double residual = 0.0;
    std::chrono::steady_clock::time_point submitted;
    std::chrono::steady_clock::time_point queued_at;  ///< when it joined the queue
    protocol::JobQueued told{0, 0, 0, 0};             ///< the place its customer last heard
  };
  /// Who tells a cancelled job's customer that it is over: nobody (it is gone), the broker at
  /// once, or the job's thread, after the results the job had so far.
  enum class Tell { nobody, broker, job };
  struct Customer {
    std::string user;  ///< the user id of its key (empty without keys)
    std::chrono::steady_clock::time_point last_heard;
    std::chrono::steady_clock::time_point last_sent;
  };
  /// An idle worker declared lost by its silence: if it speaks again on the same connection (a
  /// frozen process continued before ZeroMQ dropped it), it is taken back as idle.
  struct LostWorker {
    WorkerEntry entry;
    std::chrono::steady_clock::time_point lost;
  };

  void run();
  /// One turn of the loop; false when told to stop.
  bool loop_once(std::chrono::milliseconds timeout);
  void on_worker_frames();
  /// A frame on the workers' socket: decoded as far as the broker needs, then handed to the
  /// handler of who sent it (one of our workers, a customer, a newcomer).
  void on_worker(protocol::Received& received);
  /// A frame that does not decode: its worker is lost, or a stranger is struck (and told of a
  /// protocol version that differs).
  void on_malformed(WorkerEntry* worker, const std::string& identity,
                    const protocol::Received& received, const std::string& what);
  /// A newcomer's ready: it joins the table as idle (replacing an entry of the same process).
  void on_ready(const std::string& identity, const std::string& user, const protocol::Ready& ready,
                const protocol::Received& received, std::chrono::steady_clock::time_point now);
  /// A registered worker's message: a heartbeat, or a reply passed on to its job.
  void on_member(WorkerEntry& worker, const protocol::Peeked& peeked, protocol::Received& received,
                 std::chrono::steady_clock::time_point now);
  void on_job_frames();
  void on_job(JobId job, LinkKind kind, std::uint32_t part, zmq::message_t& payload);
  void run_timers();
  void serve_queue();
  /// Tells each customer whose job waits in the queue where it stands, when that changed.
  void tell_queue();
  bool try_grant(Job& job);
  /// seq: 0 for a claim's grant, the regrant's sequence number for a re-placement.
  void grant(Job& job, const std::vector<WorkerId>& workers, std::uint32_t seq = 0);
  void release(JobId job);
  /// Tells the worker's job (if any) that it is gone, and removes it from the table. how: how
  /// it was noticed ("heartbeat", "connection", "broker"), for the job's report.
  void lose_worker(WorkerEntry& worker, std::string why, const char* how = "broker");
  /// The ends of our own worker processes (ProcessWatch) as losses.
  void on_ended_processes();
  // recovery (broker_recovery.cpp)
  /// Tries the job's pending regrant: true when it was answered (granted or failed).
  bool try_regrant(Job& job);
  /// A message from a worker declared lost by silence: it is back (see LostWorker).
  bool on_returning_worker(const std::string& identity, const protocol::Peeked& peeked);
  /// Counts a stale message of the job; false when there is no such job.
  bool note_stale(JobId job);
  void forget_lost_workers(std::chrono::steady_clock::time_point now);
  void free_workers(Job& job);
  // customers (broker_customers.cpp)
  void on_customer(const std::string& identity, const std::string& user,
                   protocol::Received& received);
  // each returns what was wrong with a message the customer should not have sent
  std::optional<std::string> on_submit(const std::string& customer, const protocol::Submit& spec);
  std::optional<std::string> on_job_data(const std::string& customer, JobId id,
                                         const protocol::JobData& data);
  std::optional<std::string> on_cancel(const std::string& customer, JobId id,
                                       const protocol::Cancel& cancel);
  /// Who a cancel comes from, in words: the key's owner, or what the customer says it is.
  std::string canceller(const std::string& customer, const protocol::Cancel& cancel);
  /// Whether a peer's key may act as a customer (always, without keys); answers it if not.
  bool may_act_as_customer(const std::string& identity, const std::string& user,
                           const protocol::Received& received, protocol::MessageType type);
  void to_customer(const std::string& customer, const protocol::Message& message);
  void route_to_customer(Job& job, zmq::message_t frame);
  /// Stops a job now: its workers are freed and its thread told. Its customer, if still there,
  /// hears "job N <reason>" and ends with exit_code, told as `tell` says.
  void cancel_job(JobId id, const std::string& reason, Tell tell, int exit_code);
  void lose_customer(const std::string& customer, const std::string& why);
  /// The workers and jobs as JSON; `asker` (a customer's user id) marks its own jobs.
  std::string status_json(const std::string& asker) const;
  /// Cuts off the peers of the user ids revoked since the last call.
  void apply_revocations();
  void reap_customer_jobs();
  // peers (broker_peers.cpp)
  void on_monitor_events();
  void probe_peers();
  /// A heartbeat that carries our interval.
  protocol::Heartbeat heartbeat() const {
    return {static_cast<std::uint32_t>(options_.heartbeat_interval.count())};
  }
  /// Notes a bad message in log and against its sender; hangs up on a sender that has sent
  /// max_strikes of them. True when it did.
  bool strike(RateLimitedLog& log, const std::string& identity, const zmq::message_t& frame,
              const std::string& what);
  /// Closes the connection frame came on (its worker or customer is lost with `why`); what it
  /// had queued is dropped unheard.
  void hang_up(const std::string& identity, const zmq::message_t& frame, const std::string& why);
  /// Whether a message from identity is to be ignored (a connection we hung up on, or one of a
  /// revoked key, which is hung up on now).
  bool shunned(const std::string& identity, const zmq::message_t& frame);
  void forget_old_strikes(std::chrono::steady_clock::time_point now);
  void to_job(JobId job, LinkKind kind, std::uint32_t part, zmq::message_t payload);
  std::string describe(const WorkerEntry& worker) const;
  /// Tells a worker it is registered, and under which id (protocol: welcome).
  void welcome(const WorkerEntry& worker);
  void log(const std::string& line) const;

  zmq::context_t& context_;
  BrokerOptions options_;
  std::string endpoint_;
  std::string jobs_endpoint_;
  std::string boot_id_;     ///< this machine's; a worker with the same shares our memory
  zmq::socket_t router_;    ///< workers
  zmq::socket_t jobs_;      ///< job channels (inproc)
  zmq::socket_t stop_in_;   ///< the loop's end of the stop signal
  zmq::socket_t stop_out_;  ///< the owner's end
  zmq::socket_t monitor_;   ///< the ROUTER's disconnections (a peer that died shows at once)
  std::chrono::steady_clock::time_point probe_until_{};
  WorkerRegistry workers_;
  std::map<std::string, Customer> customers_;
  std::map<JobId, std::unique_ptr<StartedJob>> customer_jobs_;
  /// Cancelled jobs whose thread still reports to their customer (by routing id): what they
  /// had so far, then job_failed. Until the thread releases its channel.
  std::map<JobId, std::string> closing_;
  std::chrono::steady_clock::time_point next_timers_{};
  std::map<JobId, Job> jobs_table_;
  std::deque<JobId> queue_;  ///< jobs waiting for workers, first come first served
  std::map<JobId, std::deque<LinkDelivery>*> inboxes_;  ///< jobs on the loop's thread
  protocol::Decoder decoder_;
  protocol::FrameBuffer scratch_;
  RateLimitedLog malformed_;
  RateLimitedLog strangers_;
  RateLimitedLog worker_slips_;    ///< a worker's message out of turn
  RateLimitedLog customer_slips_;  ///< a customer's message the broker cannot act on
  RateLimitedLog stale_;
  RateLimitedLog wrong_role_;
  RateLimitedLog hang_ups_;
  RateLimitedLog over_capacity_;
  /// Routing ids of revoked keys' connections, and who each was (it is lost already when it is
  /// hung up on, at its next message).
  std::map<std::string, std::string> revoked_peers_;
  struct Strikes {
    int count = 0;
    std::chrono::steady_clock::time_point last;
  };
  std::map<std::string, Strikes> strikes_;  ///< bad messages per routing id, forgotten after 60 s
  std::map<std::string, std::chrono::steady_clock::time_point> hung_up_;  ///< for 10 s
  int connections_ = 0;  ///< open connections of the ROUTER (the monitor's count)
  std::chrono::steady_clock::time_point next_forget_{};
  std::set<std::string> revoked_pending_;           ///< under revoked_mutex_
  std::map<std::string, LostWorker> lost_workers_;  ///< by routing id, for a minute

  std::mutex revoked_mutex_;  ///< revoke() comes from another thread (a SIGHUP's)
  std::atomic<JobId> next_job_{1};

  std::thread loop_;
};

}  // namespace slae::coordinator
