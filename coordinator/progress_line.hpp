#pragma once
// One live status line on a terminal: method, iteration, residual, convergence factor,
// iterations per second. Silent when stderr is not a terminal (logs, pipes, CI) or when the
// user asked for --quiet.
#include <chrono>
#include <cstdint>
#include <string>

namespace slae::coordinator {

class ProgressLine {
 public:
  /// enabled: the caller's choice (not --quiet); the line also needs stderr to be a terminal.
  explicit ProgressLine(bool enabled);
  ~ProgressLine();

  /// A new solve begins: its label leads the line, and the rate counts from now.
  void begin(const std::string& label);
  void update(std::int64_t iteration, double relative_residual);
  /// Erases the line so that the summary starts on a clean one.
  void finish();

 private:
  bool active_;
  bool drawn_ = false;
  std::string label_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  std::int64_t drawn_iteration_ = 0;  ///< iteration and residual on the last line drawn
  double drawn_residual_ = 0.0;
};

}  // namespace slae::coordinator
