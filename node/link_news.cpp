#include "node/link_news.hpp"

#include <cstdio>

namespace slae::node {

LinkNews::LinkNews(std::string endpoint, bool quiet, Sink sink)
    : endpoint_(std::move(endpoint)), quiet_(quiet), sink_(std::move(sink)) {}

void LinkNews::say(const std::string& line) const {
  if (quiet_) return;
  if (sink_)
    sink_(line);
  else
    std::fprintf(stderr, "slae-node: %s\n", line.c_str());
}

void LinkNews::welcomed(std::int64_t worker) {
  const std::string as = " as worker " + std::to_string(worker);
  if (joined_here_) {
    // a second welcome on one connection: we were silent so long (stopped, swapped out) that
    // the broker gave us up, and it has taken us back under a new id
    say("the broker at " + endpoint_ + " had given us up for silent; back" + as);
  } else {
    say((ever_joined_ ? "rejoined " : "joined ") + endpoint_ + as);
  }
  ever_joined_ = joined_here_ = true;
  told_lost_ = false;
}

void LinkNews::reconnecting(double silent_seconds) {
  char silence[48];
  std::snprintf(silence, sizeof silence, "silent for %.1f s", silent_seconds);
  lost(silence);
}

void LinkNews::reconnecting_after_drop() {
  lost("its connection dropped");
}

void LinkNews::lost(const std::string& why) {
  joined_here_ = false;
  if (told_lost_) return;  // said once; the next line is the rejoin
  told_lost_ = true;
  if (ever_joined_)
    say("lost the broker at " + endpoint_ + " (" + why + "); reconnecting");
  else
    say("no broker answers at " + endpoint_ + " (" + why + "); still trying");
}

}  // namespace slae::node
