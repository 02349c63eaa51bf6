#pragma once
// What happened to a solve on the way, besides its iterations: a worker lost (and how it was
// noticed), the new placement, the iterations redone, the checkpoints written, and (a
// customer's) the job resubmitted after its broker fell silent. The report lists
// them (report.hpp); the one-shot run also says each on stderr as it happens.
#include <cstdint>
#include <functional>
#include <string>

namespace slae::coordinator {

struct JobEvent {
  enum class Kind { worker_lost, replaced, redone, checkpoint, resubmitted };
  Kind kind = Kind::worker_lost;
  std::int64_t iteration = 0;  ///< the solve's iteration when it happened (or redone from)
  double seconds = 0.0;        ///< since the solve began
  std::string detail;          ///< one line for people
  std::string how;             ///< worker_lost: how it was noticed ("heartbeat", ...)
  std::int64_t count = 0;  ///< replaced: parts lost; redone: iterations redone; resubmitted: tries
  std::string method;      ///< which solve (its label), filled in by the job
};

/// The name of an event's kind in the report.
inline const char* event_kind_name(JobEvent::Kind kind) {
  switch (kind) {
    case JobEvent::Kind::worker_lost:
      return "worker_lost";
    case JobEvent::Kind::replaced:
      return "re-placed";
    case JobEvent::Kind::redone:
      return "redone";
    case JobEvent::Kind::checkpoint:
      return "checkpoint";
    case JobEvent::Kind::resubmitted:
      return "resubmitted";
  }
  return "?";
}

using EventSink = std::function<void(JobEvent)>;

/// The `method` of the events of a loss while the blocks were shipped, before any solve.
inline constexpr const char* kShippingEvents = "shipping";

}  // namespace slae::coordinator
