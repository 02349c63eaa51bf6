#pragma once
// How broker and workers tell that the other is still there (PROTOCOL.md, "Liveness").
//
// Each side sends a heartbeat when it has sent nothing else for an interval, and takes any
// message as a sign of life. A peer unheard for kHeartbeatLiveness intervals is gone: the broker
// purges such a worker (its job goes on without it), a worker reconnects (with backoff) or, when
// it was started for one run, exits. The broker's interval (--heartbeat-ms, 500 ms by default)
// is the one that counts: its heartbeats carry it, and the workers and customers that hear them
// beat at it and expect the broker at it. 5 x 500 ms = 2.5 s, inside the 3 s a lost worker may
// take to be noticed, and 5 missed beats is well beyond a busy machine's scheduling hiccups.
#include <algorithm>
#include <chrono>
#include <cstdint>

namespace slae::protocol {

inline constexpr std::chrono::milliseconds kHeartbeatInterval{500};  ///< the default
/// What a heartbeat may carry: below 10 ms the beats would cost more than they tell; above 10 s
/// a frozen worker would hold its job for most of a minute.
inline constexpr std::chrono::milliseconds kMinHeartbeatInterval{10};
inline constexpr std::chrono::milliseconds kMaxHeartbeatInterval{10000};
inline constexpr int kHeartbeatLiveness = 5;

/// How long a peer that beats every `interval` may be silent before it is gone.
constexpr std::chrono::milliseconds peer_expiry(std::chrono::milliseconds interval) {
  return interval * kHeartbeatLiveness;
}
inline constexpr std::chrono::milliseconds kPeerExpiry = peer_expiry(kHeartbeatInterval);

/// A customer whose job is queued or running heartbeats like a worker and is gone after the
/// same silence: its job is cancelled and its workers freed. While it is still sending its job's
/// data (one large frame that may take a while to cross a slow link) it is given longer.
inline constexpr std::chrono::milliseconds kUploadExpiry{60000};

/// A worker that lost its broker waits this long before reconnecting, doubling each failed
/// attempt up to the maximum.
inline constexpr std::chrono::milliseconds kReconnectInitial{250};
inline constexpr std::chrono::milliseconds kReconnectMax{8000};

/// The interval a heartbeat announces, as a duration within the bounds above.
inline std::chrono::milliseconds announced_interval(std::uint32_t interval_ms) {
  return std::clamp(std::chrono::milliseconds(interval_ms), kMinHeartbeatInterval,
                    kMaxHeartbeatInterval);
}

}  // namespace slae::protocol
