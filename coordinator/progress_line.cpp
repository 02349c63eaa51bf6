#include "coordinator/progress_line.hpp"

#include <unistd.h>

#include <cmath>
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

void ProgressLine::begin(const std::string& label) {
  finish();
  label_ = label;
  start_ = std::chrono::steady_clock::now();
  drawn_iteration_ = 0;
  drawn_residual_ = 0.0;
}

void ProgressLine::update(std::int64_t iteration, double relative_residual) {
  if (!active_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < kRedrawInterval) return;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0.0 ? static_cast<double>(iteration) / elapsed : 0.0;
  // The convergence factor ||r_k|| / ||r_{k-1}||, averaged (geometrically) over the iterations
  // since the last line: the number that says how fast the method converges right now.
  double factor = NAN;
  if (iteration > drawn_iteration_ && drawn_residual_ > 0.0) {
    factor = std::pow(relative_residual / drawn_residual_,
                      1.0 / static_cast<double>(iteration - drawn_iteration_));
  }
  std::fprintf(stderr, "\r\033[K%s  iteration %lld  residual %.3e  factor %.5f  %.0f it/s",
               label_.c_str(), static_cast<long long>(iteration), relative_residual, factor, rate);
  std::fflush(stderr);
  last_draw_ = now;
  drawn_iteration_ = iteration;
  drawn_residual_ = relative_residual;
  drawn_ = true;
}

void ProgressLine::finish() {
  if (active_ && drawn_) std::fputs("\r\033[K", stderr);
  drawn_ = false;
}

}  // namespace slae::coordinator
