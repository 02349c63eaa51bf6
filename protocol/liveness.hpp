#pragma once
// How broker and workers tell that the other is still there (PROTOCOL.md, "Liveness").
//
// Two layers. The connection's own: ZMTP heartbeats (PING and PONG, protocol/transport.hpp),
// which ZeroMQ's I/O thread sends and answers, so they never wait for the work: a worker busy
// for minutes with one message still answers, and only a process that stopped (SIGSTOP, a
// frozen VM) or a link that went down leaves a connection unanswered, which is then dropped
// after zmtp_ttl of the interval. The broker pings every connection at its interval; a worker
// pings its broker at the interval it last heard from it (500 ms until then). Above that, our
// `heartbeat` messages: each side sends one when it has sent nothing else for an interval, and
// takes any message as a sign of life. They carry the broker's interval (--heartbeat-ms, 500 ms
// by default), the one that counts: the workers and customers that hear it beat at it. An idle
// worker unheard for kHeartbeatLiveness intervals is gone at once; a busy one is judged by its
// connection alone, since its silence may be work. 5 x 500 ms = 2.5 s, inside the 3 s a lost
// worker may take to be noticed, and 5 missed beats is well beyond a busy machine's hiccups.
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

/// How long a connection whose peer pings every `interval` may hear nothing before it is
/// dropped: five intervals, in the tenths of a second a ZMTP ping can carry (rounded up, and at
/// least one: none would mean never).
constexpr std::chrono::milliseconds zmtp_ttl(std::chrono::milliseconds interval) {
  const auto tenths = (peer_expiry(interval).count() + 99) / 100;
  return std::chrono::milliseconds(std::max<std::int64_t>(tenths, 1) * 100);
}

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
