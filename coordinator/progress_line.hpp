#pragma once
// One live status line on a terminal: iteration, residual, iterations per second. Silent when
// stderr is not a terminal (logs, pipes, CI) or when the user asked for --quiet.
#include <chrono>
#include <cstdint>

namespace slae::coordinator {

class ProgressLine {
 public:
  /// enabled: the caller's choice (not --quiet); the line also needs stderr to be a terminal.
  explicit ProgressLine(bool enabled);
  ~ProgressLine();

  void update(std::int64_t iteration, double relative_residual);
  /// Erases the line so that the summary starts on a clean one.
  void finish();

 private:
  bool active_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace slae::coordinator
