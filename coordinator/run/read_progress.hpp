#pragma once
// What the user sees while a large input loads: a line on the terminal such as
//   reading A.mtx.gz: 62.1 of 145.3 MB (43%)
// drawn through the run's ProgressLine once the read has taken half a second (a small file
// says nothing), redrawn at most ten times a second, and erased when the read is done.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "coordinator/run/progress_line.hpp"
#include "solver/input_text.hpp"

namespace slae::coordinator {

/// "reading NAME: 62.1 of 145.3 MB (43%)", or "reading NAME: 62.1 MB" when the total is unknown.
std::string reading_text(const std::string& name, std::uint64_t done, std::uint64_t total);

class ReadProgressShown {
 public:
  using Clock = ProgressLine::Clock;
  /// name: how the input is named ("A.mtx", "<stdin>"); now: the clock (tests give their own).
  ReadProgressShown(ProgressLine& line, std::string name,
                    std::function<Clock::time_point()> now = Clock::now);
  /// The callback for read_input.
  ReadProgress callback();
  /// The bytes read so far (after the read: the file's size as stored).
  std::uint64_t done() const { return done_; }

 private:
  void on_progress(std::uint64_t done, std::uint64_t total);

  ProgressLine& line_;
  std::string name_;
  std::function<Clock::time_point()> now_;
  Clock::time_point start_, last_drawn_{};
  std::uint64_t done_ = 0;
};

}  // namespace slae::coordinator
