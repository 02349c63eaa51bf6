#pragma once
// How broker and workers tell that the other is still there (PROTOCOL.md, "Heartbeats").
//
// Each side sends a heartbeat when it has sent nothing else for kHeartbeatInterval, and takes any
// message as a sign of life. A peer unheard for kHeartbeatLiveness intervals is gone: the broker
// purges such a worker (failing its job), a worker reconnects (with backoff) or, when it was
// started for one run, exits. 5 x 500 ms = 2.5 s, inside the 3 s a lost worker may take to be
// noticed, and 5 missed beats is well beyond a busy machine's scheduling hiccups.
#include <chrono>

namespace slae::protocol {

inline constexpr std::chrono::milliseconds kHeartbeatInterval{500};
inline constexpr int kHeartbeatLiveness = 5;
inline constexpr std::chrono::milliseconds kPeerExpiry = kHeartbeatInterval * kHeartbeatLiveness;

/// A customer whose job is queued or running heartbeats like a worker and is gone after the
/// same silence: its job is cancelled and its workers freed. While it is still sending its job's
/// data (one large frame that may take a while to cross a slow link) it is given longer.
inline constexpr std::chrono::milliseconds kCustomerExpiry = kPeerExpiry;
inline constexpr std::chrono::milliseconds kUploadExpiry{60000};

/// A worker that lost its broker waits this long before reconnecting, doubling each failed
/// attempt up to the maximum.
inline constexpr std::chrono::milliseconds kReconnectInitial{250};
inline constexpr std::chrono::milliseconds kReconnectMax{8000};

}  // namespace slae::protocol
