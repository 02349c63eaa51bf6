#include "coordinator/broker/worker_registry.hpp"

#include <stdexcept>

namespace slae::coordinator {

WorkerEntry& WorkerRegistry::add(std::string identity, std::string user, protocol::Ready ready,
                                 bool same_machine, Clock::time_point now) {
  if (by_identity_.count(identity) != 0)
    throw std::logic_error("WorkerRegistry: a worker with this identity is already here");
  const WorkerId id = next_id_++;
  WorkerEntry& w = workers_[id];
  w.id = id;
  w.identity = std::move(identity);
  w.user = std::move(user);
  w.ready = std::move(ready);
  w.same_machine = same_machine;
  w.joined = w.last_heard = w.last_sent = now;
  by_identity_.emplace(w.identity, id);
  return w;
}

void WorkerRegistry::remove(WorkerId id) {
  const auto it = workers_.find(id);
  if (it == workers_.end()) return;
  by_identity_.erase(it->second.identity);
  workers_.erase(it);
}

WorkerEntry* WorkerRegistry::find_identity(const std::string& identity) {
  const auto it = by_identity_.find(identity);
  return it == by_identity_.end() ? nullptr : find(it->second);
}

WorkerEntry* WorkerRegistry::find_process(const protocol::Ready& ready, const std::string& user) {
  if (ready.boot_id.empty()) return nullptr;
  for (auto& [id, w] : workers_) {
    if (w.ready.pid == ready.pid && w.ready.host == ready.host &&
        w.ready.boot_id == ready.boot_id && w.user == user)
      return &w;
  }
  return nullptr;
}

WorkerEntry* WorkerRegistry::find(WorkerId id) {
  const auto it = workers_.find(id);
  return it == workers_.end() ? nullptr : &it->second;
}

const WorkerEntry* WorkerRegistry::find(WorkerId id) const {
  const auto it = workers_.find(id);
  return it == workers_.end() ? nullptr : &it->second;
}

void WorkerRegistry::assign(WorkerId id, JobId job, int part) {
  WorkerEntry* w = find(id);
  if (!w || w->state != WorkerState::idle)
    throw std::logic_error("WorkerRegistry: only an idle worker can be assigned");
  w->state = WorkerState::busy;
  w->job = job;
  w->part = part;
}

void WorkerRegistry::move_to_part(WorkerId id, int part) {
  WorkerEntry* w = find(id);
  if (!w || w->state != WorkerState::busy)
    throw std::logic_error("WorkerRegistry: only a busy worker can move to another part");
  w->part = part;
}

void WorkerRegistry::release(WorkerId id) {
  if (WorkerEntry* w = find(id)) {
    w->state = WorkerState::idle;
    w->job = 0;
    w->part = -1;
  }
}

std::vector<WorkerId> WorkerRegistry::idle() const {
  std::vector<WorkerId> out;
  for (const auto& [id, w] : workers_)
    if (w.state == WorkerState::idle) out.push_back(id);
  return out;
}

std::vector<WorkerId> WorkerRegistry::idle_silent_since(Clock::time_point cutoff) const {
  std::vector<WorkerId> out;
  for (const auto& [id, w] : workers_)
    if (w.state == WorkerState::idle && w.last_heard < cutoff) out.push_back(id);
  return out;
}

std::vector<WorkerId> WorkerRegistry::due_a_heartbeat(Clock::time_point cutoff) const {
  std::vector<WorkerId> out;
  for (const auto& [id, w] : workers_)
    if (w.last_sent < cutoff && w.last_heard >= w.last_sent) out.push_back(id);
  return out;
}

}  // namespace slae::coordinator
