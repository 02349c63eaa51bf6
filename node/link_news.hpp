#pragma once
// What a standing worker says of its connection to the broker, one line each: that it joined
// (and as which worker: the id customer --status and the broker's log show), that it lost the
// broker, and that it rejoined. Nothing between, however long the broker stays away; nothing
// at all when quiet (--quiet, or a node started by a one-shot coordinator, which says it all).
#include <cstdint>
#include <functional>
#include <string>

namespace slae::node {

class LinkNews {
 public:
  using Sink = std::function<void(const std::string& line)>;

  /// endpoint: the broker's address as given (--connect). sink: where lines go (stderr with
  /// the program's name in front, by default).
  LinkNews(std::string endpoint, bool quiet, Sink sink = {});

  /// The broker registered us (protocol: welcome), under this worker id.
  void welcomed(std::int64_t worker);
  /// The connection is given up for a fresh one after this many seconds of silence.
  void reconnecting(double silent_seconds);
  /// The connection we had was dropped (the broker ended, or stopped answering ZeroMQ's
  /// heartbeats): a fresh one follows.
  void reconnecting_after_drop();

 private:
  void lost(const std::string& why);
  void say(const std::string& line) const;

  std::string endpoint_;
  bool quiet_;
  Sink sink_;
  bool ever_joined_ = false;
  bool joined_here_ = false;  ///< welcomed on the connection we have now
  bool told_lost_ = false;    ///< said that we lost it (or never found it), since the last join
};

}  // namespace slae::node
