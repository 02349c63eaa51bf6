#pragma once
// The broker's table of workers: who is connected, what they said of themselves, whether each
// is idle or busy (and then with which job and which of its parts), and when each was last
// heard from. Plain data, no sockets: the broker's reactor is the only one that touches it.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "protocol/messages.hpp"

namespace slae::coordinator {

using WorkerId = std::uint64_t;  ///< given in joining order, never reused while the broker runs
using JobId = protocol::JobId;

enum class WorkerState { idle, busy };

struct WorkerEntry {
  WorkerId id = 0;
  std::string identity;  ///< its ZeroMQ routing id on the broker's ROUTER
  std::string user;      ///< the name its key was admitted under (tcp), empty on ipc
  protocol::Ready ready;
  bool same_machine = false;  ///< it runs on the broker's kernel: it may map shared memory
  WorkerState state = WorkerState::idle;
  JobId job = 0;  ///< while busy
  int part = -1;  ///< while busy: which of the job's parts it holds
  std::chrono::steady_clock::time_point joined;
  std::chrono::steady_clock::time_point last_heard;
  std::chrono::steady_clock::time_point last_sent;
};

class WorkerRegistry {
 public:
  using Clock = std::chrono::steady_clock;

  /// A worker that said ready; idle. Its identity must be new.
  WorkerEntry& add(std::string identity, std::string user, protocol::Ready ready, bool same_machine,
                   Clock::time_point now);
  void remove(WorkerId id);

  WorkerEntry* find_identity(const std::string& identity);
  /// The worker that is the process `ready` describes (same pid, host and boot id, under the same
  /// key), if one is here: a process that reconnects on a new socket says ready again from a new
  /// identity. Never matches when the boot id is unknown, since then the pid says nothing.
  WorkerEntry* find_process(const protocol::Ready& ready, const std::string& user);
  WorkerEntry* find(WorkerId id);
  const WorkerEntry* find(WorkerId id) const;

  void assign(WorkerId id, JobId job, int part);
  /// A busy worker now holds another part of its job (its job was re-placed).
  void move_to_part(WorkerId id, int part);
  void release(WorkerId id);

  /// Idle workers, oldest first.
  std::vector<WorkerId> idle() const;
  /// Idle workers not heard from since `cutoff` (a busy one's silence may be its work).
  std::vector<WorkerId> idle_silent_since(Clock::time_point cutoff) const;
  /// Workers to send a heartbeat to: nothing sent to them since `cutoff`, and heard from since
  /// we last sent them anything. A worker busy with a message hears no beat until it speaks:
  /// beats piling up in its queue would fill it, and ZeroMQ stops reading a connection whose
  /// queue is full, its own heartbeats with it.
  std::vector<WorkerId> due_a_heartbeat(Clock::time_point cutoff) const;

  std::size_t size() const { return workers_.size(); }
  /// Every worker, in joining order.
  const std::map<WorkerId, WorkerEntry>& all() const { return workers_; }

 private:
  std::map<WorkerId, WorkerEntry> workers_;
  std::unordered_map<std::string, WorkerId> by_identity_;
  WorkerId next_id_ = 1;
};

}  // namespace slae::coordinator
