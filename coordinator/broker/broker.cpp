#include "coordinator/broker/broker.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "coordinator/process/exit_codes.hpp"
#include "protocol/liveness.hpp"
#include "protocol/transport.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {
namespace {

namespace proto = slae::protocol;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto kTick = 100ms;        // how often the timers run when nothing arrives
constexpr auto kTimerPeriod = 20ms;  // timers run at most this often (heartbeats are 500 ms)

std::string this_boot_id() {
  std::string id;
  std::ifstream boot("/proc/sys/kernel/random/boot_id");
  std::getline(boot, id);
  return id;
}

BrokerOptions with_sinks(BrokerOptions o) {
  if (!o.warn) o.warn = [](const std::string&) {};
  return o;
}

}  // namespace

Broker::Broker(zmq::context_t& context, BrokerOptions options)
    : context_(context),
      options_(with_sinks(std::move(options))),
      boot_id_(this_boot_id()),
      router_(context_, zmq::socket_type::router),
      jobs_(context_, zmq::socket_type::router),
      stop_in_(context_, zmq::socket_type::pair),
      stop_out_(context_, zmq::socket_type::pair),
      monitor_(context_, zmq::socket_type::pair),
      malformed_("dropped a malformed message from an unknown peer", options_.warn),
      strangers_("ignored a message from a peer that has not joined as a worker or customer",
                 options_.warn),
      worker_slips_("ignored a worker's message", options_.warn),
      customer_slips_("did not act on a customer's message", options_.warn),
      stale_("dropped a message of a job its worker no longer serves", options_.warn),
      wrong_role_("ignored a message its key's role does not allow", options_.warn),
      hang_ups_("hung up on a connection", options_.warn),
      over_capacity_("refused a connection: --max-peers connections are open", options_.warn) {
  if (options_.serve_customers && !options_.start_job)
    throw std::invalid_argument("a broker that serves customers needs a job starter");
  const std::string tag = std::to_string(reinterpret_cast<std::uintptr_t>(this));
  jobs_endpoint_ = "inproc://slae-jobs-" + tag;
  // inproc sockets between threads of ours: no bound on their queues (a job's are bounded by
  // its pipeline), mandatory routing so that a job that has gone is noticed
  jobs_.set(zmq::sockopt::router_mandatory, 1);
  jobs_.set(zmq::sockopt::sndhwm, 0);
  jobs_.set(zmq::sockopt::rcvhwm, 0);
  jobs_.bind(jobs_endpoint_);
  stop_in_.bind("inproc://slae-broker-stop-" + tag);
  stop_out_.connect("inproc://slae-broker-stop-" + tag);

  proto::configure_router(router_, options_.max_message_bytes);
  // ZeroMQ pings each peer at our pace, and each ping tells the peer to drop us when frozen for
  // five beats; a peer that answers nothing for five beats is dropped. (A worker's own pings
  // cannot do that: ZeroMQ heeds their limit only while a ping is the last thing it heard.)
  proto::configure_heartbeats(router_, options_.heartbeat_interval,
                              proto::zmtp_ttl(options_.heartbeat_interval));
  if (options_.server_keys) proto::configure_curve_server(router_, *options_.server_keys);
  router_.bind(options_.bind);
  endpoint_ = router_.get(zmq::sockopt::last_endpoint);
  // a peer whose process ends closes its connection: ZeroMQ reports it here at once
  const std::string monitor = "inproc://slae-broker-monitor-" + tag;
  if (zmq_socket_monitor(router_.handle(), monitor.c_str(),
                         ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED) != 0)
    throw zmq::error_t();
  monitor_.connect(monitor);
  log("listening on " + endpoint_);
  if (options_.own_thread) loop_ = std::thread([this] { run(); });
}

Broker::~Broker() {
  try {
    (void)stop_out_.send(zmq::str_buffer("stop"), zmq::send_flags::none);
  } catch (...) {
    // the loop also ends when the context is terminated
  }
  if (loop_.joinable()) loop_.join();
  // The loop has stopped: its sockets are ours now. Customers' jobs still running are told to
  // stop (through their channels, which nobody reads any more), and joined.
  for (auto& [id, job] : customer_jobs_) {
    if (!job->finished()) to_job(id, LinkKind::cancel, 0, zmq::message_t());
  }
  customer_jobs_.clear();
  zmq_socket_monitor(router_.handle(), nullptr, 0);
  monitor_.close();
  router_.close();
  jobs_.close();
  stop_in_.close();
  malformed_.flush();
  strangers_.flush();
  worker_slips_.flush();
  customer_slips_.flush();
  stale_.flush();
  wrong_role_.flush();
  hang_ups_.flush();
  over_capacity_.flush();
}

// ---- the event loop

void Broker::run() {
  while (loop_once(kTick)) {
  }
}

void Broker::turn(std::chrono::milliseconds timeout) {
  if (options_.own_thread) throw std::logic_error("Broker::turn: the loop has a thread of its own");
  loop_once(timeout);
}

bool Broker::loop_once(std::chrono::milliseconds timeout) {
  zmq::pollitem_t items[] = {{router_.handle(), 0, ZMQ_POLLIN, 0},
                             {monitor_.handle(), 0, ZMQ_POLLIN, 0},
                             {jobs_.handle(), 0, ZMQ_POLLIN, 0},
                             {stop_in_.handle(), 0, ZMQ_POLLIN, 0}};
  try {
    // on the caller's thread the job is called directly: no job or stop sockets to watch
    zmq::poll(items, options_.own_thread ? 4 : 2, timeout);
    if (items[3].revents & ZMQ_POLLIN) {
      // stopping: customers waiting on a job hear why it ends
      std::vector<JobId> theirs;
      for (const auto& [id, job] : jobs_table_)
        if (!job.customer.empty()) theirs.push_back(id);
      for (const JobId id : theirs)
        cancel_job(id, "was stopped: the broker is shutting down", Tell::broker, kExitCluster);
      return false;
    }
    // A failing handler must not take the broker down: say what happened and go on.
    try {
      if (items[2].revents & ZMQ_POLLIN) on_job_frames();
      if (items[0].revents & ZMQ_POLLIN) on_worker_frames();
      if (items[1].revents & ZMQ_POLLIN) on_monitor_events();
      run_timers();
    } catch (const std::exception& e) {
      if (options_.warn) options_.warn(std::string("broker: internal error: ") + e.what());
    }
  } catch (const zmq::error_t& e) {
    if (e.num() == ETERM) return false;  // the context is going away
    if (e.num() != EINTR) options_.warn(std::string("broker: poll failed: ") + e.what());
  }
  return true;
}

void Broker::attach_inbox(JobId job, std::deque<LinkDelivery>* inbox) {
  inboxes_[job] = inbox;
}

void Broker::post(JobId job, LinkKind kind, std::uint32_t part, zmq::message_t payload) {
  on_job(job, kind, part, payload);
  if (kind == LinkKind::release) inboxes_.erase(job);
}

void Broker::on_job_frames() {
  for (int n = 0; n < kBatch; ++n) {
    zmq::message_t parts[3];
    if (!proto::receive_shaped(jobs_, parts, 3)) return;
    const auto envelope = read_envelope(parts[1]);
    if (parts[0].size() != sizeof(JobId) || !envelope) continue;  // cannot happen: ours
    JobId job = 0;
    std::memcpy(&job, parts[0].data(), sizeof job);
    on_job(job, envelope->kind, envelope->part, parts[2]);
  }
}

void Broker::on_job(JobId id, LinkKind kind, std::uint32_t part, zmq::message_t& payload) {
  switch (kind) {
    case LinkKind::claim: {
      Job& job = jobs_table_[id];  // a customer's job is in the table already, with its request
      job.id = id;
      job.state = JobState::queued;
      if (auto request = take<ClaimRequest>(payload)) job.request = std::move(*request);
      job.queued_at = Clock::now();
      queue_.push_back(id);
      log("job " + std::to_string(id) + " queued");
      serve_queue();
      return;
    }
    case LinkKind::placement: {
      const auto it = jobs_table_.find(id);
      if (it == jobs_table_.end()) return;
      it->second.part_rows.resize(payload.size() / sizeof(std::int64_t));
      std::memcpy(it->second.part_rows.data(), payload.data(),
                  it->second.part_rows.size() * sizeof(std::int64_t));
      return;
    }
    case LinkKind::to_customer: {
      const auto it = jobs_table_.find(id);
      if (it != jobs_table_.end()) {
        route_to_customer(it->second, std::move(payload));
      } else if (const auto closing = closing_.find(id); closing != closing_.end()) {
        // a cancelled job's last words: what it had so far, then job_failed
        (void)proto::route(router_, closing->second, std::move(payload));
      }
      return;
    }
    case LinkKind::to_worker: {
      const auto it = jobs_table_.find(id);
      if (it == jobs_table_.end() || part >= it->second.placement.size()) return;  // cancelled
      WorkerEntry* worker = workers_.find(it->second.placement[part]);
      if (!worker || worker->job != id) return;  // already reported lost to the job
      if (!proto::route(router_, worker->identity, std::move(payload))) {
        lose_worker(*worker, "cannot take messages (it is gone, or its queue is full)", "send");
        return;
      }
      worker->last_sent = Clock::now();
      return;
    }
    case LinkKind::release:
      release(id);
      return;
    case LinkKind::regrant: {
      const auto it = jobs_table_.find(id);
      if (it == jobs_table_.end() || it->second.state != JobState::running) return;
      auto slots = take<std::vector<RegrantSlot>>(payload);
      if (!slots) return;                      // cannot happen: ours
      it->second.regrant = std::move(*slots);  // a later request replaces a pending one
      it->second.regrant_seq = part;
      it->second.regrant_pending = !try_regrant(it->second);
      return;
    }
    default:
      return;  // the other kinds go the other way
  }
}

void Broker::run_timers() {
  const auto now = Clock::now();
  if (now < next_timers_) return;
  next_timers_ = now + kTimerPeriod;
  // with the timers, not every turn: a few system calls a turn add up, and an ended process
  // waits 20 ms at most (a dropped connection asks about its process at once: lose_worker)
  on_ended_processes();
  apply_revocations();
  forget_old_strikes(now);
  forget_lost_workers(now);
  if (now < probe_until_) probe_peers();
  const auto expiry = proto::peer_expiry(options_.heartbeat_interval);
  if (options_.serve_customers) {
    std::vector<std::string> silent;
    for (const auto& [identity, c] : customers_) {
      bool uploading = false, waiting = false;
      for (const auto& [id, job] : jobs_table_) {
        if (job.customer != identity) continue;
        (job.state == JobState::receiving ? uploading : waiting) = true;
      }
      for (const auto& [id, owner] : closing_)
        waiting = waiting || owner == identity;
      const auto quiet = now - c.last_heard;
      if ((waiting && quiet > expiry) || quiet > proto::kUploadExpiry) silent.push_back(identity);
    }
    for (const std::string& identity : silent)
      lose_customer(identity, "went silent");
    reap_customer_jobs();
    // customers waiting for a job hear from us as workers do, to know we are still here
    proto::encode(proto::Message{{}, heartbeat()}, scratch_);
    for (auto& entry : customers_) {
      const std::string& identity = entry.first;  // (a lambda cannot capture a binding in C++20)
      Customer& c = entry.second;
      if (now - c.last_sent < options_.heartbeat_interval) continue;
      const bool waiting =
          std::any_of(jobs_table_.begin(), jobs_table_.end(),
                      [&](const auto& j) { return j.second.customer == identity; }) ||
          std::any_of(closing_.begin(), closing_.end(),
                      [&](const auto& j) { return j.second == identity; });
      if (!waiting) continue;
      (void)proto::route(router_, identity,
                         zmq::message_t(scratch_.bytes.data(), scratch_.bytes.size()));
      c.last_sent = now;
    }
  }
  tell_queue();  // a worker that joined or left changes what a waiting customer is told
  // a busy worker may be silent for as long as its work takes: its connection's heartbeats
  // (ZeroMQ's, which never wait for the work) tell when it is gone (on_monitor_events)
  for (const WorkerId id : workers_.idle_silent_since(now - expiry)) {
    WorkerEntry& w = *workers_.find(id);
    char why[96];
    std::snprintf(why, sizeof why, "went silent: no heartbeat for %.1f s",
                  std::chrono::duration<double>(now - w.last_heard).count());
    lost_workers_[w.identity] = {w, now};  // a frozen process may come back
    lose_worker(w, why, "heartbeat");
  }
  const auto beats = workers_.due_a_heartbeat(now - options_.heartbeat_interval);
  if (beats.empty()) return;
  proto::encode(proto::Message{{}, heartbeat()}, scratch_);
  for (const WorkerId id : beats) {
    WorkerEntry& w = *workers_.find(id);
    // a full queue means the worker is behind, not gone: its connection will tell
    (void)proto::route(router_, w.identity,
                       zmq::message_t(scratch_.bytes.data(), scratch_.bytes.size()));
    w.last_sent = now;
  }
}

void Broker::to_job(JobId job, LinkKind kind, std::uint32_t part, zmq::message_t payload) {
  if (const auto inbox = inboxes_.find(job); inbox != inboxes_.end()) {
    inbox->second->push_back({kind, part, std::move(payload)});
    return;
  }
  const std::string id = job_routing_id(job);
  try {
    zmq::message_t to(id.data(), id.size());
    if (!jobs_.send(to, zmq::send_flags::sndmore | zmq::send_flags::dontwait)) return;
    (void)jobs_.send(envelope_frame(kind, part), zmq::send_flags::sndmore);
    (void)jobs_.send(payload, zmq::send_flags::none);
  } catch (const zmq::error_t& e) {
    if (e.num() != EHOSTUNREACH) throw;  // the job has gone: nobody to tell
  }
}

void Broker::log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

}  // namespace slae::coordinator
