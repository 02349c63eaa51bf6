// The broker's workers: their messages (ready, heartbeats, replies passed to their jobs), the
// queue of jobs that want them, grants and releases, workers lost, and keys revoked. Part of
// class Broker (broker.hpp); the event loop is in broker.cpp, the customers in
// broker_customers.cpp.
#include <algorithm>
#include <cstring>

#include "coordinator/broker/broker.hpp"
#include "protocol/key_ring.hpp"
#include "protocol/transport.hpp"
#include "solver/elapsed.hpp"
#include "solver/printable.hpp"

namespace slae::coordinator {

namespace proto = slae::protocol;
using Clock = std::chrono::steady_clock;

namespace {

std::string bytes_of(const zmq::message_t& m) {
  return std::string(static_cast<const char*>(m.data()), m.size());
}

}  // namespace

void Broker::on_worker_frames() {
  for (int n = 0; n < kBatch; ++n) {
    auto received = proto::receive_from_router(router_);
    if (!received) return;
    on_worker(*received);
  }
}

void Broker::on_worker(proto::Received& received) {
  const auto now = Clock::now();
  const std::string identity = bytes_of(received.identity);
  if (shunned(identity, received.frame)) return;
  WorkerEntry* worker = workers_.find_identity(identity);
  // What passes through is only peeked at (its header routes it; its job decodes the rest);
  // what the broker acts on itself, ready and heartbeat, is decoded whole.
  proto::Peeked peeked;
  proto::Message message;
  try {
    peeked = proto::peek(received.bytes());
    if (peeked.type == proto::MessageType::ready || peeked.type == proto::MessageType::heartbeat)
      message = decoder_.decode(received.bytes());
  } catch (const proto::ProtocolError& e) {
    on_malformed(worker, identity, received, e.what());
    return;
  }
  if (worker) {
    on_member(*worker, peeked, received, now);
    return;
  }
  if (lost_workers_.count(identity) != 0 && on_returning_worker(identity, peeked)) return;
  // libzmq attaches the user id our ZAP handler gave this peer's key to each of its frames
  const char* user_id = zmq_msg_gets(received.frame.handle(), "User-Id");
  const std::string user = user_id ? user_id : "";
  if (options_.serve_customers &&
      (customers_.count(identity) != 0 || peeked.type == proto::MessageType::submit ||
       peeked.type == proto::MessageType::status_request ||
       peeked.type == proto::MessageType::cancel)) {
    if (may_act_as_customer(identity, user, received, peeked.type))
      on_customer(identity, user, received);
    return;
  }
  // (message is decoded only for a ready or a heartbeat: its default body is a Ready too)
  const auto* ready =
      peeked.type == proto::MessageType::ready ? std::get_if<proto::Ready>(&message.body) : nullptr;
  if (ready) {
    on_ready(identity, user, *ready, received, now);
  } else if (peeked.header.job != 0 && note_stale(peeked.header.job)) {
    // a late reply of a worker whose connection was dropped, sent as ZeroMQ reconnected it
    // before the worker saw the drop: stale, not a stranger's (a strike all the same)
    strike(stale_, identity, received.frame,
           std::string("a ") + proto::type_name(peeked.type) + " of job " +
               std::to_string(peeked.header.job) + " on a new connection");
  } else {
    strike(strangers_, identity, received.frame,
           std::string("a ") + proto::type_name(peeked.type) + " message");
  }
}

void Broker::on_malformed(WorkerEntry* worker, const std::string& identity,
                          const proto::Received& received, const std::string& what) {
  if (worker) {
    // one of our workers speaking garbage will never send the reply its job waits for
    lose_worker(*worker, "sent a malformed message: " + what);
    return;
  }
  if (strike(malformed_, identity, received.frame, what)) return;
  const auto version = proto::version_of(received.bytes());
  if (options_.serve_customers && version && *version != proto::kVersion) {
    // a customer (or worker) of another release: say why nothing will happen
    const std::string why = "this broker speaks protocol version " +
                            std::to_string(proto::kVersion) + ", not " + std::to_string(*version) +
                            ": use the same release on both sides";
    (void)proto::route(router_, identity,
                       proto::frame_for(proto::Message{{}, proto::Refused{why}}, scratch_));
  }
}

void Broker::on_ready(const std::string& identity, const std::string& user,
                      const proto::Ready& ready, const proto::Received& received,
                      Clock::time_point now) {
  if (options_.check_roles && !protocol::roles_of(user).worker) {
    strike(wrong_role_, identity, received.frame,
           "a worker's ready from the key of " + printable(protocol::roles_of(user).owner, 64) +
               ", which is not in --worker-keys");
    return;
  }
  if (WorkerEntry* earlier = workers_.find_process(ready, user)) {
    // The same process on a new connection: a worker that hears nothing for a while gives its
    // socket up and connects afresh (node/worker_loop.cpp), and a broker that came up just then
    // may have taken the ready of the connection it gave up. That entry would sit in --status
    // beside the new one, under another number, until its heartbeats expired.
    lose_worker(*earlier, "came back on a new connection: its old one is dropped", "connection");
  }
  WorkerEntry& w =
      workers_.add(identity, user, ready, !boot_id_.empty() && ready.boot_id == boot_id_, now);
  log("worker " + std::to_string(w.id) + " joined: " + describe(w));
  // at once, so that it beats at our interval from the start (it may be busy from now on, and a
  // busy worker hears no heartbeat); then its id, for it to say it has joined as what
  (void)proto::route(router_, identity, proto::frame_for({{}, heartbeat()}, scratch_));
  welcome(w);
  w.last_sent = now;
  serve_queue();
}

void Broker::on_member(WorkerEntry& worker, const proto::Peeked& peeked, proto::Received& received,
                       Clock::time_point now) {
  worker.last_heard = now;
  if (peeked.type == proto::MessageType::heartbeat) return;
  if (peeked.type == proto::MessageType::ready) {
    strike(worker_slips_, worker.identity, received.frame,
           "worker " + std::to_string(worker.id) + " (" + describe(worker) +
               ") sent a second ready on one connection");
    return;
  }
  if (worker.state != WorkerState::busy || peeked.header.job != worker.job) {
    note_stale(peeked.header.job);
    stale_.note(std::string("a ") + proto::type_name(peeked.type) + " of job " +
                std::to_string(peeked.header.job));
    return;
  }
  to_job(worker.job, LinkKind::from_worker, static_cast<std::uint32_t>(worker.part),
         std::move(received.frame));
}

void Broker::serve_queue() {
  // running jobs that lost a worker come first: they hold the others while they wait
  for (auto& [id, job] : jobs_table_) {
    if (job.regrant_pending) try_regrant(job);
  }
  while (!queue_.empty()) {
    Job& job = jobs_table_[queue_.front()];
    if (!try_grant(job)) break;
    queue_.pop_front();
  }
  tell_queue();
}

void Broker::tell_queue() {
  if (queue_.empty()) return;
  proto::JobQueued place;
  place.position = 0;
  place.length = static_cast<std::int32_t>(queue_.size());
  for (const auto& entry : workers_.all()) {
    ++place.workers;
    if (entry.second.state == WorkerState::busy) ++place.busy;
  }
  for (const JobId id : queue_) {
    ++place.position;  // the first in the queue is 1
    const auto it = jobs_table_.find(id);
    if (it == jobs_table_.end() || it->second.customer.empty()) continue;
    proto::JobQueued& told = it->second.told;
    if (told.position == place.position && told.length == place.length && told.busy == place.busy &&
        told.workers == place.workers)
      continue;
    told = place;
    to_customer(it->second.customer, {{id, 0, 0}, place});
  }
}

bool Broker::try_grant(Job& job) {
  const std::vector<WorkerId> idle = workers_.idle();
  if (!job.request.exact.empty()) {
    std::vector<WorkerId> chosen;
    for (const WorkerSelector& s : job.request.exact) {
      const auto found = std::find_if(idle.begin(), idle.end(), [&](WorkerId w) {
        return selects(s, *workers_.find(w)) &&
               std::find(chosen.begin(), chosen.end(), w) == chosen.end();
      });
      if (found != idle.end()) chosen.push_back(*found);
    }
    if (job.matched != static_cast<int>(chosen.size())) {
      job.matched = static_cast<int>(chosen.size());  // for the job's message should it time out
      to_job(job.id, LinkKind::claim_matched, static_cast<std::uint32_t>(job.matched),
             zmq::message_t());
    }
    if (chosen.size() != job.request.exact.size()) return false;
    grant(job, chosen);
    return true;
  }
  if (idle.empty()) return false;
  std::size_t take = job.request.want > 0
                         ? std::min(idle.size(), static_cast<std::size_t>(job.request.want))
                         : idle.size();
  if (job.request.at_most > 0) take = std::min(take, static_cast<std::size_t>(job.request.at_most));
  grant(job, std::vector<WorkerId>(idle.begin(), idle.begin() + static_cast<long>(take)));
  return true;
}

void Broker::grant(Job& job, const std::vector<WorkerId>& workers, std::uint32_t seq) {
  std::vector<GrantedWorker> granted;
  const bool again = !job.placement.empty();
  for (std::size_t part = 0; part < workers.size(); ++part) {
    WorkerEntry* kept = workers_.find(workers[part]);
    if (kept && kept->state == WorkerState::busy && kept->job == job.id)
      workers_.move_to_part(workers[part], static_cast<int>(part));  // a re-placement keeps it
    else
      workers_.assign(workers[part], job.id, static_cast<int>(part));
    const WorkerEntry& w = *workers_.find(workers[part]);
    granted.push_back({w.id, w.ready.pid, w.ready.host, w.user, w.same_machine});
  }
  job.placement = workers;
  job.state = JobState::running;
  const double queued = !again && !job.customer.empty() ? seconds_since(job.queued_at) : 0.0;
  log("job " + std::to_string(job.id) + (again ? " goes on on " : " runs on ") +
      std::to_string(workers.size()) + (workers.size() == 1 ? " worker" : " workers"));
  to_job(job.id, LinkKind::granted, seq, carry(Grant{std::move(granted), queued, job.stale}));
}

void Broker::release(JobId id) {
  closing_.erase(id);  // a cancelled job's thread has said all it had
  const auto it = jobs_table_.find(id);
  if (it == jobs_table_.end()) return;
  free_workers(it->second);
  queue_.erase(std::remove(queue_.begin(), queue_.end(), id), queue_.end());
  jobs_table_.erase(it);
  log("job " + std::to_string(id) + " is over");
  serve_queue();
}

void Broker::free_workers(Job& job) {
  proto::encode(proto::Message{{job.id, 0, 0}, proto::Release{}}, scratch_);
  for (const WorkerId w : job.placement) {
    WorkerEntry* worker = workers_.find(w);
    if (!worker || worker->job != job.id) continue;
    workers_.release(w);
    // it drops the job's block (memory back) and is idle for the next one
    if (proto::route(router_, worker->identity,
                     zmq::message_t(scratch_.bytes.data(), scratch_.bytes.size())))
      worker->last_sent = Clock::now();
  }
  job.placement.clear();
}

void Broker::lose_worker(WorkerEntry& worker, std::string why, const char* how) {
  // A dropped connection may be a process of ours that ended: how it ended says more (and the
  // job's report keeps it), if the kernel can tell within a moment.
  const bool dropped = std::strcmp(how, "connection") == 0 || std::strcmp(how, "send") == 0;
  if (dropped && options_.processes) {
    if (auto ended = options_.processes->how_ended(worker.ready.pid)) {
      why = std::move(*ended);
      how = "process ended";
    }
  }
  log("worker " + std::to_string(worker.id) + " (" + describe(worker) + ") " + why);
  if (worker.state == WorkerState::busy) {
    const std::string text = std::string(how) + '\0' + why;
    to_job(worker.job, LinkKind::worker_lost, static_cast<std::uint32_t>(worker.part),
           zmq::message_t(text.data(), text.size()));
  }
  workers_.remove(worker.id);
}

void Broker::on_ended_processes() {
  if (!options_.processes) return;
  for (ProcessWatch::Ended& ended : options_.processes->ended()) {
    WorkerEntry* worker = nullptr;
    for (auto& entry : workers_.all()) {
      if (selects(ended.selector, entry.second)) worker = workers_.find(entry.first);
    }
    // a worker not yet granted that a waiting exact claim names: that job cannot start unless
    // another process takes the slot, which is its owner's to start
    bool named = false;
    if (!worker || worker->state != WorkerState::busy) {
      for (const JobId id : queue_) {
        const auto it = jobs_table_.find(id);
        if (it == jobs_table_.end()) continue;
        const Job& job = it->second;
        for (std::size_t slot = 0; slot < job.request.exact.size(); ++slot) {
          const WorkerSelector& s = job.request.exact[slot];
          if (s.user != ended.selector.user || s.pid != ended.selector.pid) continue;
          named = true;
          to_job(id, LinkKind::claim_slot_lost, static_cast<std::uint32_t>(slot),
                 zmq::message_t(ended.how.data(), ended.how.size()));
        }
      }
    }
    if (worker) {
      lose_worker(*worker, ended.how, "process ended");
    } else if (!named) {
      // (a worker already lost by its dropped connection, or a process that never joined)
      log("process " + std::to_string(ended.pid) + " " + ended.how);
    }
  }
}

void Broker::welcome(const WorkerEntry& w) {
  (void)proto::route(
      router_, w.identity,
      proto::frame_for({{}, proto::Welcome{static_cast<std::int64_t>(w.id)}}, scratch_));
}

std::string Broker::describe(const WorkerEntry& w) const {
  std::string text = "pid " + std::to_string(w.ready.pid);
  if (!w.ready.host.empty()) text += " on " + printable(w.ready.host, 64);
  if (!w.user.empty()) {
    const protocol::PeerRoles roles = protocol::roles_of(w.user);
    text += ", key of " + printable(roles.owner.empty() ? w.user : roles.owner, 64);
  }
  return text;
}

void Broker::revoke(std::set<std::string> user_ids) {
  std::lock_guard lock(revoked_mutex_);
  revoked_pending_.merge(user_ids);
}

void Broker::apply_revocations() {
  std::set<std::string> revoked;
  {
    std::lock_guard lock(revoked_mutex_);
    revoked.swap(revoked_pending_);
  }
  if (revoked.empty()) return;
  // Each connection of a revoked key is lost now, and hung up on at its next message (its
  // heartbeat, within half a second): when it reconnects, the ZAP handler refuses its key.
  std::vector<WorkerId> workers;
  for (const auto& [id, w] : workers_.all())
    if (revoked.count(w.user) != 0) workers.push_back(id);
  for (const WorkerId id : workers) {
    WorkerEntry& w = *workers_.find(id);
    revoked_peers_[w.identity] = "worker " + std::to_string(id) + " (" + describe(w) + ")";
    lose_worker(w, "is cut off: its key was revoked");
  }
  std::vector<std::string> customers;
  for (const auto& [identity, c] : customers_)
    if (revoked.count(c.user) != 0) customers.push_back(identity);
  for (const std::string& identity : customers) {
    revoked_peers_[identity] = "a customer (key of " +
                               printable(protocol::roles_of(customers_[identity].user).owner, 64) +
                               ")";
    log("a customer (key of " + printable(protocol::roles_of(customers_[identity].user).owner, 64) +
        ") is cut off: its key was revoked");
    lose_customer(identity, "is cut off: its key was revoked");
  }
}

}  // namespace slae::coordinator
