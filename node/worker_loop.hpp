#pragma once
// A worker's life on its broker: connect and say ready (BrokerLink), answer each message
// through a NodeSession until told to shut down, and when the broker is lost either give up
// (a node started for one run) or reconnect with a growing backoff (a standing worker).
// slae-node runs it on its main thread; the tests' in-process cluster runs it on threads of
// one process, with a context of its own and a flag to stop them.
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <zmq.hpp>

#include "node/broker_link.hpp"
#include "node/link_news.hpp"
#include "node/node_session.hpp"
#include "node/test_faults.hpp"
#include "protocol/curve_keys.hpp"
#include "protocol/liveness.hpp"

namespace slae::node {

/// What to do when the broker is lost: the connection dropped, or none for the limit below.
enum class OnSilence {
  exit,       ///< started for one run (--parent-pid), or --idle-timeout given
  reconnect,  ///< a standing worker: a fresh connection, after a backoff that grows
};

/// How long the broker may be away. With `fixed` (--idle-timeout), the broker's silence counts
/// (what it says, not its connection) and may last that long. Else what counts is the
/// connection, kept by ZeroMQ's heartbeats whatever either side is busy with: lost when it
/// drops, and when none is made for as long as five heartbeats (for a node started for one run,
/// `local`, never less than five seconds).
struct SilenceLimit {
  std::optional<std::chrono::duration<double>> fixed;
  bool local = false;
  std::chrono::duration<double> of(const BrokerLink& link) const;
};

struct WorkerSettings {
  std::string endpoint;  ///< the broker's address (--connect)
  /// the heartbeat interval to keep until the broker tells its own
  std::chrono::milliseconds interval = protocol::kHeartbeatInterval;
  OnSilence on_silence = OnSilence::reconnect;
  SilenceLimit limit;
  NodeOptions session;
  std::optional<protocol::NodeKeys> keys;  ///< CURVE, for a broker that checks keys
  /// What ready says of this worker: this process (describe_this_worker()) when unset; a
  /// test cluster's thread says a pid of its own.
  std::optional<protocol::Ready> self;
  /// Where the loop's own warnings go (a malformed message dropped, a refused handshake, the
  /// broker lost), one line each; stderr with "slae-node: " in front when unset.
  std::function<void(const std::string&)> warn;
};

enum class WorkerEnd {
  shut_down,    ///< the broker told us to
  broker_lost,  ///< the broker went away and on_silence is exit
  stopped,      ///< the caller's stop flag was raised
  died,         ///< a test fault ended the loop (TestFaults::Death::end_loop)
};

/// Runs the worker until it ends, on `context` (which the caller keeps until this returns).
/// `stop`, when given, is looked at every quarter of a second. Throws on a failure of the
/// worker itself (no memory, a socket that cannot be made).
WorkerEnd run_worker(zmq::context_t& context, const WorkerSettings& settings, LinkNews& news,
                     TestFaults& faults, const std::atomic<bool>* stop = nullptr);

}  // namespace slae::node
