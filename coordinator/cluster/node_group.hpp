#pragma once
// The nodes one job runs on, as the distributed algorithms see them: parts 0..size()-1, each a
// row block held by some worker, a way to send each part a message and a way to receive their
// replies. Which worker holds which part, and how the messages travel (through the broker, to a
// local or a remote worker), is the implementation's business (job_channel.hpp).
#include <cstdint>
#include <vector>

#include "coordinator/cluster/cluster_error.hpp"
#include "coordinator/cluster/function_ref.hpp"
#include "protocol/messages.hpp"
#include "protocol/payload_buffer.hpp"
#include "protocol/transport.hpp"

namespace slae::coordinator {

class NodeGroup {
 public:
  virtual ~NodeGroup() = default;

  /// How many parts (one worker each, for now).
  virtual int size() const = 0;
  /// The job these parts belong to: every message to them carries it in its header.
  virtual std::uint64_t job_id() const = 0;
  /// Whether part's worker runs on this machine's kernel, so that it may map shared memory.
  virtual bool same_machine(int part) const = 0;

  /// Sends a message to the worker of `part`. Throws ClusterError if it is known to be gone.
  virtual void send(int part, const protocol::Message& message) = 0;
  /// The same, sending the trailing vector from payload without copying it (payload_buffer.hpp).
  virtual void send(int part, const protocol::Message& message,
                    protocol::PayloadBuffer& payload) = 0;

  /// Gets each message from a part's worker. `frame` holds the bytes the message's vectors
  /// point into; the handler may move it away to keep them (see HeldVector).
  using Handler =
      FunctionRef<void(int part, const protocol::Message& message, protocol::Received& frame)>;
  /// Waits for at least one message and hands each received one to `handler`. A lost worker
  /// throws WorkerLost; a worker's error report and a reply timeout throw ClusterError; a
  /// pending SIGINT/SIGTERM throws Interrupted.
  virtual void receive(const Handler& handler) = 0;

  /// After a WorkerLost: gives each lost part (this one and any other lost by now) to another
  /// worker where one can be had, or drops it, renumbering the parts left. Returns, for each
  /// part of the new placement, the part it was before, or -1 when its worker is new (it holds
  /// nothing yet). Throws ClusterError when no worker is left (or Interrupted).
  virtual std::vector<int> recover(const WorkerLost& loss) = 0;
  /// Messages dropped because they came from a worker that no longer serves the job, or
  /// belonged to an older epoch (note_stale counts those the algorithms drop).
  virtual std::uint64_t stale_dropped() const = 0;
  virtual void note_stale() = 0;

  /// Bytes of messages sent to and received from the workers so far, all or one part's.
  virtual std::uint64_t bytes_sent() const = 0;
  virtual std::uint64_t bytes_received() const = 0;
  virtual std::uint64_t bytes_sent_to(int part) const = 0;
  virtual std::uint64_t bytes_received_from(int part) const = 0;
};

}  // namespace slae::coordinator
