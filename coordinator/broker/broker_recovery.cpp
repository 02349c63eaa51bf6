// The broker's part in recovering from a lost worker: a job's new placement (the regrant: the
// lost parts given to idle or newly started workers, or the parts renumbered over the workers
// left), the messages of workers that no longer serve a job (counted for its report), and a
// worker declared lost by its silence that speaks again (a frozen process continued). Part of
// class Broker (broker.hpp).
#include <algorithm>

#include "coordinator/broker/broker.hpp"
#include "protocol/transport.hpp"

namespace slae::coordinator {

namespace proto = slae::protocol;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kRememberLost = std::chrono::seconds(60);

}  // namespace

bool Broker::note_stale(JobId job) {
  const auto it = jobs_table_.find(job);
  if (it == jobs_table_.end()) return false;
  ++*it->second.stale;
  return true;
}

bool Broker::try_regrant(Job& job) {
  const std::vector<RegrantSlot>& slots = job.regrant;
  const std::uint32_t seq = job.regrant_seq;
  const std::vector<WorkerId> idle = workers_.idle();
  std::vector<WorkerId> chosen(slots.size(), 0);
  const auto take = [&](const std::optional<WorkerSelector>& want) -> WorkerId {
    for (const WorkerId w : idle) {
      if (std::find(chosen.begin(), chosen.end(), w) != chosen.end()) continue;
      if (!want || selects(*want, *workers_.find(w))) return w;
    }
    return 0;
  };
  bool waiting = false;
  bool failed = slots.empty();
  for (std::size_t part = 0; part < slots.size() && !failed; ++part) {
    const RegrantSlot& slot = slots[part];
    if (slot.keep != 0) {
      const WorkerEntry* w = workers_.find(slot.keep);
      // one lost meanwhile: the job has been told, and asks again
      failed = !w || w->state != WorkerState::busy || w->job != job.id;
      chosen[part] = slot.keep;
    } else {
      chosen[part] = take(slot.want);
      if (chosen[part] == 0) (slot.want ? waiting : failed) = true;
    }
  }
  if (failed) {
    job.regrant_pending = false;
    to_job(job.id, LinkKind::regrant_failed, seq, zmq::message_t());
    return true;
  }
  if (waiting) return false;
  // workers of the old placement that are not in the new one drop the job and are idle again
  proto::encode(proto::Message{{job.id, 0, 0}, proto::Release{}}, scratch_);
  for (const WorkerId w : job.placement) {
    WorkerEntry* worker = workers_.find(w);
    if (!worker || worker->job != job.id ||
        std::find(chosen.begin(), chosen.end(), w) != chosen.end())
      continue;
    workers_.release(w);
    if (proto::route(router_, worker->identity,
                     zmq::message_t(scratch_.bytes.data(), scratch_.bytes.size())))
      worker->last_sent = Clock::now();
  }
  job.regrant_pending = false;
  grant(job, chosen, seq);
  return true;
}

bool Broker::on_returning_worker(const std::string& identity, const proto::Peeked& peeked) {
  const auto it = lost_workers_.find(identity);
  if (it == lost_workers_.end() || peeked.type == proto::MessageType::ready) return false;
  const LostWorker lost = std::move(it->second);
  lost_workers_.erase(it);
  // Only an idle worker is lost by its silence with its connection kept (a busy one is judged by
  // its connection, and comes back on a new one), so there is no job for it to drop; a message of
  // one it held earlier is stale.
  if (peeked.type != proto::MessageType::heartbeat && peeked.header.job != 0)
    note_stale(peeked.header.job);
  const auto now = Clock::now();
  WorkerEntry& w =
      workers_.add(identity, lost.entry.user, lost.entry.ready, lost.entry.same_machine, now);
  welcome(w);
  w.last_sent = now;
  log("worker " + std::to_string(lost.entry.id) + " (" + describe(w) +
      ") is back after it was declared lost, idle as worker " + std::to_string(w.id));
  serve_queue();
  return true;
}

void Broker::forget_lost_workers(Clock::time_point now) {
  for (auto it = lost_workers_.begin(); it != lost_workers_.end();) {
    it = now - it->second.lost > kRememberLost ? lost_workers_.erase(it) : std::next(it);
  }
}

}  // namespace slae::coordinator
