#pragma once
// One live status line on a terminal while a method runs:
//   jacobi  iteration 1240/10000  residual 3.214e-05  factor 0.99233  ~1321 left  5230 it/s
// The factor ||r_k|| / ||r_{k-1}|| and the speed are taken over the last second (not since the
// start, so they follow a solve that speeds up or slows down); the iterations left are what that
// factor needs to reach the tolerance. Nothing is shown that is not known yet (no "nan" on the
// first draw), and the line is cut to the terminal's width so it never wraps. Silent when
// stderr is not a terminal (logs, pipes, CI) or when the user asked for --quiet.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <string>

namespace slae::coordinator {

class ProgressLine {
 public:
  using Clock = std::chrono::steady_clock;

  /// enabled: the caller's choice (not --quiet); the line also needs stderr to be a terminal.
  explicit ProgressLine(bool enabled);
  /// For tests: draws to `out`, as on a terminal `columns` wide, with time from `now`.
  ProgressLine(std::FILE* out, int columns, std::function<Clock::time_point()> now);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  /// A new solve begins: its label leads the line.
  void begin(const std::string& label, std::int64_t max_iterations, double tolerance);
  void update(std::int64_t iteration, double relative_residual);
  /// A line that is not a solve's (a job waiting in a broker's queue), drawn in its place.
  void show(const std::string& text);
  /// Whether lines are drawn at all (a terminal, and not --quiet).
  bool enabled() const { return out_ != nullptr; }
  /// Erases the line so that the summary starts on a clean one.
  void finish();

 private:
  struct Sample {
    Clock::time_point when;
    std::int64_t iteration;
    double residual;
  };
  std::string text(const Sample& now) const;
  /// line cut to the terminal's width: a wrapped line cannot be redrawn in place
  std::string fitted(std::string line) const;
  int columns() const;

  std::FILE* out_ = nullptr;  ///< null: disabled
  int fixed_columns_ = 0;     ///< tests: the terminal's width; 0: ask the terminal
  std::function<Clock::time_point()> now_;
  bool drawn_ = false;
  std::string label_;
  std::int64_t max_iterations_ = 0;
  double tolerance_ = 0.0;
  std::deque<Sample> recent_;  ///< the samples drawn during the last second
};

}  // namespace slae::coordinator
