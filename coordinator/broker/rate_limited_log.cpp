#include "coordinator/broker/rate_limited_log.hpp"

#include <cstdio>

namespace slae::coordinator {

RateLimitedLog::RateLimitedLog(std::string what, Sink sink, Clock::duration interval)
    : what_(std::move(what)), sink_(std::move(sink)), interval_(interval) {}

void RateLimitedLog::note(const std::string& detail, Clock::time_point now) {
  ++total_;
  ++unreported_;
  latest_ = detail;
  if (!said_any_) {
    sink_(what_ + ": " + detail);
    said_any_ = true;
    unreported_ = 0;
    last_line_ = now;
  } else if (now - last_line_ >= interval_) {
    report();
    last_line_ = now;
  }
}

void RateLimitedLog::flush() {
  if (unreported_ > 0) report();
}

void RateLimitedLog::report() {
  char line[64];
  std::snprintf(line, sizeof line, " (%llu in all)", static_cast<unsigned long long>(total_));
  sink_(what_ + ", " + std::to_string(unreported_) + " more time" + (unreported_ == 1 ? "" : "s") +
        line + "; the latest: " + latest_);
  unreported_ = 0;
}

}  // namespace slae::coordinator
