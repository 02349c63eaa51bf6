#include "coordinator/run/read_progress.hpp"

#include <cstdio>
#include <utility>

namespace slae::coordinator {

std::string reading_text(const std::string& name, std::uint64_t done, std::uint64_t total) {
  char text[96];
  const double mb = 1e6;
  if (total > 0) {
    std::snprintf(text, sizeof text, ": %.1f of %.1f MB (%d%%)", static_cast<double>(done) / mb,
                  static_cast<double>(total) / mb,
                  static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total)));
  } else {
    std::snprintf(text, sizeof text, ": %.1f MB", static_cast<double>(done) / mb);
  }
  return "reading " + name + text;
}

ReadProgressShown::ReadProgressShown(ProgressLine& line, std::string name,
                                     std::function<Clock::time_point()> now)
    : line_(line), name_(std::move(name)), now_(std::move(now)), start_(now_()) {}

ReadProgress ReadProgressShown::callback() {
  return [this](std::uint64_t done, std::uint64_t total) { on_progress(done, total); };
}

void ReadProgressShown::on_progress(std::uint64_t done, std::uint64_t total) {
  done_ = done;
  const Clock::time_point now = now_();
  // a read that is over within half a second needs no line
  if (now - start_ < std::chrono::milliseconds(500)) return;
  if (now - last_drawn_ < std::chrono::milliseconds(100)) return;
  last_drawn_ = now;
  line_.show(reading_text(name_, done, total));
}

}  // namespace slae::coordinator
