#pragma once
// A line on stderr for something a peer can repeat without limit (a malformed frame, a message
// from a stranger): the first occurrence at once, then at most one line per interval saying how
// many more there were. 100,000 bad frames make a few lines, not 100,000.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace slae::coordinator {

class RateLimitedLog {
 public:
  using Clock = std::chrono::steady_clock;
  using Sink = std::function<void(const std::string& line)>;

  /// what: the event, as in "dropped a malformed message from an unknown peer".
  RateLimitedLog(std::string what, Sink sink, Clock::duration interval = std::chrono::seconds(1));

  /// Records one occurrence; detail says what this one was.
  void note(const std::string& detail, Clock::time_point now = Clock::now());
  /// Reports what is counted but not yet said (at the end of a run).
  void flush();

  std::uint64_t total() const { return total_; }

 private:
  void report();

  std::string what_;
  Sink sink_;
  Clock::duration interval_;
  Clock::time_point last_line_{};
  bool said_any_ = false;
  std::uint64_t total_ = 0;
  std::uint64_t unreported_ = 0;
  std::string latest_;
};

}  // namespace slae::coordinator
