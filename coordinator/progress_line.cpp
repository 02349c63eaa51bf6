#include "coordinator/progress_line.hpp"

#include <unistd.h>

#include <cstdio>

namespace slae::coordinator {

namespace {
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);
}

ProgressLine::ProgressLine(bool enabled)
    : active_(enabled && ::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressLine::~ProgressLine() {
  finish();
}

void ProgressLine::update(std::int64_t iteration, double relative_residual) {
  if (!active_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0.0 ? static_cast<double>(iteration) / elapsed : 0.0;
  std::fprintf(stderr, "\r\033[Kiteration %lld  residual %.3e  %.0f it/s",
               static_cast<long long>(iteration), relative_residual, rate);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressLine::finish() {
  if (active_ && drawn_) std::fputs("\r\033[K", stderr);
  drawn_ = false;
}

}  // namespace slae::coordinator
